"""Check-in codes: short, signed, typeable; shown to a resident, scanned or typed
by the organiser at the door.

A code reads ``<registration id>-<activity id>-<signature>``, for example
``1024-37-K7QXM2PA``. The signature is an HMAC of both ids under ``SECRET_KEY``
and a salt of its own (Django's ``salted_hmac``, the primitive beneath
``django.core.signing``), cut to 8 base32 characters: 40 bits, plenty for a code
that only marks a seat as attended and is checked by a person at the door.
Codes signed with a key in ``SECRET_KEY_FALLBACKS`` are still accepted.

The QR code on the resident's phone holds the portal's address of the code,
``/activities/checkin/<code>/``, so that any phone camera or WeChat opens it:
opened by the organisers it checks the person in (after a confirming tap), opened
by anyone else it only says what it is. The signature makes it unforgeable, and
the check-in window (until the activity ends) makes it expire.

Each activity also has a door QR (``/activities/door/<token>/``, printed on the
poster at the door): a token ``<activity id>-<signature>`` signed the same way
under a salt of its own, so that a resident's code and a door token can never
stand for each other. Residents scan it to check themselves in; volunteers, to
start and end their shift.
"""

import base64
from dataclasses import dataclass

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from community_portal.errors import ServiceError

from .errors import Code

SALT = "activities.checkin"
DOOR_SALT = "activities.door"
SIGNATURE_LENGTH = 8
# Base32 has no 0, 1 or 8; people type them for the letters they look like.
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})


@dataclass(frozen=True)
class CheckinCode:
    registration_id: int
    activity_id: int


def _bad_code() -> ServiceError:
    """The code is malformed or its signature does not match."""
    return ServiceError(
        Code.CODE_INVALID,
        _("This check-in code is not valid. Please check it and try again."),
        field="code",
    )


def _signature(registration_id: int, activity_id: int, *, secret: str) -> str:
    digest = salted_hmac(
        SALT, f"r{registration_id}a{activity_id}", secret=secret, algorithm="sha256"
    ).digest()
    return base64.b32encode(digest).decode("ascii")[:SIGNATURE_LENGTH]


def make_code(*, registration_id: int, activity_id: int) -> str:
    signature = _signature(registration_id, activity_id, secret=settings.SECRET_KEY)
    return f"{registration_id}-{activity_id}-{signature}"


def read_code(code: str) -> CheckinCode:
    """Parse and verify a code as typed (spaces and case do not matter); a bad
    one raises ``ServiceError`` (``Code.CODE_INVALID``)."""
    code = "".join(code.split())
    if "/ACTIVITIES/DOOR/" in code.upper():
        raise ServiceError(
            Code.CODE_INVALID,
            _(
                "This is the activity's door QR, for residents to scan themselves. "
                "Please scan the resident's own code."
            ),
            field="code",
        )
    if "/" in code:
        # Scanned from a resident's QR code: the portal's address ending in
        # ``/activities/checkin/<code>/``; only the code in it counts.
        code = code.rstrip("/").rsplit("/", 1)[-1]
    parts = code.upper().split("-")
    # ASCII digits only: "²".isdigit() is true, and int("²") fails.
    if len(parts) != 3 or not all(p.isascii() and p.isdigit() for p in parts[:2]):
        raise _bad_code()
    registration_id, activity_id = int(parts[0]), int(parts[1])
    signature = parts[2].translate(_LOOKALIKES)
    for secret in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]:
        expected = _signature(registration_id, activity_id, secret=secret)
        if constant_time_compare(signature, expected):
            return CheckinCode(registration_id=registration_id, activity_id=activity_id)
    raise _bad_code()


def _door_signature(activity_id: int, *, secret: str) -> str:
    digest = salted_hmac(
        DOOR_SALT, f"door{activity_id}", secret=secret, algorithm="sha256"
    ).digest()
    return base64.b32encode(digest).decode("ascii")[:SIGNATURE_LENGTH]


def make_door_token(*, activity_id: int) -> str:
    return f"{activity_id}-{_door_signature(activity_id, secret=settings.SECRET_KEY)}"


def read_door_token(token: str) -> int:
    """The activity id of a door token; a malformed or forged one raises
    ``ServiceError`` (``Code.DOOR_INVALID``)."""
    parts = "".join(token.split()).upper().split("-")
    if len(parts) == 2 and parts[0].isascii() and parts[0].isdigit():
        activity_id = int(parts[0])
        signature = parts[1].translate(_LOOKALIKES)
        for secret in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]:
            expected = _door_signature(activity_id, secret=secret)
            if constant_time_compare(signature, expected):
                return activity_id
    raise ServiceError(
        Code.DOOR_INVALID,
        _(
            "This door QR code is not valid: it may be damaged or not from this "
            "portal. Please scan the poster at the door again or ask the organisers."
        ),
    )
