"""Rows of the portal-wide pages and the accounts."""

from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.access import world as w
from tests.access.row import (
    NOBODY,
    REDIRECT,
    Row,
    each,
    member,
    page_text,
    public,
)
from tests.access.world import (
    RESIDENT,
)


def check_me(world, role, method, response):
    if role == RESIDENT and method == "get":
        body = page_text(response)
        assert w.RESIDENT_ACTIVITY_TITLE in body
        assert w.OTHER_ACTIVITY_TITLE not in body, "/me/ shows another user's seat"


ROWS: dict[str, Row] = {
    # --- portal-wide --------------------------------------------------------------------
    "healthz": Row(**public()),
    "service_worker": Row(**public()),
    "web_manifest": Row(**public()),
    "offline": Row(**public()),
    "set_language": Row(get=each(REDIRECT), post=each(REDIRECT)),
    "home": Row(**public()),
    # Exempt: a cross-site POST could at worst change someone's font size.
    "toggle_large_text": Row(get=NOBODY, post=each(REDIRECT), csrf_exempt=True),
    # --- accounts -------------------------------------------------------------------
    "accounts:signup": Row(
        get=each(REDIRECT, anonymous=200), post=each(REDIRECT, anonymous=200)
    ),
    "accounts:profile": Row(get=member(200), post=member(200)),
    "login": Row(get=each(200), post=each(200)),
    "logout": Row(get=NOBODY, post=each(REDIRECT)),
    "password_change": Row(get=member(200), post=member(200)),
    "password_change_done": Row(get=member(200), post=member(405)),
    "password_reset": Row(get=each(200), post=each(200)),
    "password_reset_done": Row(**public()),
    "password_reset_confirm": Row(
        get=each(200),
        post=each(200),
        kwargs=lambda world: {
            "uidb64": urlsafe_base64_encode(force_bytes(world.resident.pk)),
            "token": "not-a-valid-token",
        },
    ),
    "password_reset_complete": Row(**public()),
    "me": Row(
        get=member(200),
        post=member(405),
        setup=lambda world: (world.resident_registration, world.other_registration),
        check=check_me,
    ),
}
