"""Writes on residents' accounts: signing up, a walk-in's account made by staff,
editing one's own profile, households (户) with their members, and resetting a
password by an SMS code."""

import datetime
import logging
import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from community_portal.errors import ServiceError
from community_portal.sms import get_sms_backend

from .errors import Code
from .models import Household, HouseholdMember, PhoneResetCode, User

logger = logging.getLogger(__name__)

ADULT_AGE = 18
RESET_CODE_MINUTES = 10
RESET_CODE_MAX_TRIES = 5

# What a resident may change about themselves; roles, flags and the username are not.
PROFILE_FIELDS = frozenset(
    {
        "name",
        "phone",
        "email",
        "birth_year",
        "birth_month",
        "building",
        "notify_email",
        "notify_sms",
        "notify_push",
    }
)


@transaction.atomic
def user_signup(
    *,
    username: str,
    name: str,
    password: str,
    phone: str = "",
    birth_year: int | None = None,
    building_id: int | None = None,
) -> User:
    """Create a resident's account (no role: residents are plain users).

    A blank username is made from the phone's last digits; a taken one (in any case)
    becomes a free variant (``wangfang-2``), so that signing up never tells who else
    has an account. The caller shows the resulting ``user.username``. Raises
    ``ValidationError`` for a weak password or a bad field, and then creates
    nothing.
    """
    base = User.normalize_username(username.strip()) or f"jm{phone[-4:]}"
    user = User(
        username=_free_username(base),
        name=name.strip(),
        phone=phone,
        birth_year=birth_year,
        building_id=building_id,
    )
    # The password is checked against the new user's own attributes (name, username).
    validate_password(password, user=user)
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def user_create_walk_in(*, name: str, phone: str) -> User:
    """An account for a resident who came to an activity without one, made by staff
    at the door: a name and a phone, and no password (it cannot be used to log in
    until the resident sets one through the password-reset page).

    Raises ``ValidationError`` for a bad name or phone, and then creates nothing.
    """
    user = User(
        username=_free_username(f"walkin{phone.lstrip('+')}"), name=name.strip()
    )
    user.phone = phone
    user.set_unusable_password()
    user.full_clean()
    user.save()
    return user


def _free_username(base: str) -> str:
    username, suffix = base, 1
    while User.objects.filter(username__iexact=username).exists():
        suffix += 1
        username = f"{base}-{suffix}"
    return username


@transaction.atomic
def user_profile_update(*, user: User, **fields) -> User:
    """Change the resident's own profile fields (``PROFILE_FIELDS`` only).

    ``building`` takes a ``Building`` or ``None``. Raises ``ValidationError`` when a
    value is invalid, and then saves nothing.
    """
    unknown = set(fields) - PROFILE_FIELDS
    if unknown:
        raise TypeError(f"Not a profile field: {', '.join(sorted(unknown))}")
    changed = [name for name, value in fields.items() if _differs(user, name, value)]
    if not changed:
        return user
    before = {name: getattr(user, name) for name in changed}
    for name in changed:
        setattr(user, name, fields[name])
    try:
        user.full_clean()
    except ValidationError:
        # Leave the caller's object as it was: nothing was saved.
        for name, value in before.items():
            setattr(user, name, value)
        raise
    user.save(update_fields=changed)
    return user


def _differs(user: User, name: str, value) -> bool:
    if name == "building":
        # Compare keys, so an unloaded building costs no query.
        return user.building_id != (value.pk if value is not None else None)
    return getattr(user, name) != value


# --- households (户) ----------------------------------------------------------------


def _managed_household(user: User) -> Household:
    """The household ``user`` manages, locked; refuses anyone else."""
    household = (
        Household.objects.select_for_update(of=("self",))
        .filter(members__user_id=user.pk, members__is_manager=True)
        .order_by("pk")
        .first()
    )
    if household is None:
        raise ServiceError(
            Code.HOUSEHOLD_NOT_ALLOWED,
            _("Only an adult who manages the household can change it."),
        )
    return household


def _check_birth_year(birth_year: int | None) -> int:
    this_year = timezone.localdate().year
    if birth_year is None or not 1900 <= birth_year <= this_year:
        raise ServiceError(
            Code.BIRTH_YEAR_INVALID,
            _("Enter a birth year between 1900 and %(year)s.") % {"year": this_year},
            field="birth_year",
        )
    return birth_year


def household_create(*, user: User, building_id: int, room: str) -> Household:
    """Register ``user``'s household at building and room, with ``user`` (an
    adult with a birth year in their profile) as its first manager."""
    room = room.strip()
    if not room:
        raise ServiceError(
            Code.ROOM_MISSING,
            _("Enter the unit and room, for example 2-301."),
            field="room",
        )
    if user.birth_year is None:
        raise ServiceError(
            Code.NOT_ADULT,
            _("Please add your birth year to your profile first."),
        )
    if timezone.localdate().year - user.birth_year < ADULT_AGE:
        raise ServiceError(Code.NOT_ADULT, _("Only an adult can register a household."))
    if HouseholdMember.objects.filter(user_id=user.pk).exists():
        raise ServiceError(
            Code.ALREADY_IN_HOUSEHOLD, _("You already belong to a household.")
        )
    try:
        with transaction.atomic():
            household = Household.objects.create(building_id=building_id, room=room)
            HouseholdMember.objects.create(
                household=household,
                user=user,
                name=user.name or user.username,
                birth_year=user.birth_year,
                relation=HouseholdMember.Relation.SELF,
                is_manager=True,
            )
    except IntegrityError:
        # The address is taken, or a second tab registered this user a moment ago.
        if HouseholdMember.objects.filter(user_id=user.pk).exists():
            raise ServiceError(
                Code.ALREADY_IN_HOUSEHOLD, _("You already belong to a household.")
            ) from None
        raise ServiceError(
            Code.ADDRESS_TAKEN,
            _(
                "A household at this address is already registered. Ask one of "
                "its adults or the community staff to add you."
            ),
            field="room",
        ) from None
    return household


def household_member_add(
    *,
    user: User,
    name: str,
    birth_year: int | None,
    relation: str,
    birth_month: int | None = None,
) -> HouseholdMember:
    """An adult of the household adds a member without an account (a child, an
    elder). The same name and birth year twice is refused."""
    name = " ".join(name.split())
    if not name:
        raise ServiceError(
            Code.NAME_MISSING, _("Enter the member's name."), field="name"
        )
    birth_year = _check_birth_year(birth_year)
    if birth_month is not None and not 1 <= birth_month <= 12:
        raise ServiceError(
            Code.BIRTH_YEAR_INVALID,
            _("The birth month must be 1 to 12."),
            field="birth_month",
        )
    if relation not in HouseholdMember.Relation.values:
        relation = HouseholdMember.Relation.OTHER
    twice = ServiceError(
        Code.MEMBER_TWICE,
        _("%(name)s (born %(year)s) is already a member of your household.")
        % {"name": name, "year": birth_year},
        field="name",
    )
    with transaction.atomic():
        household = _managed_household(user)
        if household.members.filter(name=name, birth_year=birth_year).exists():
            raise twice
        try:
            with transaction.atomic():
                return HouseholdMember.objects.create(
                    household=household,
                    name=name,
                    birth_year=birth_year,
                    birth_month=birth_month,
                    relation=relation,
                )
        except IntegrityError:
            raise twice from None


def household_member_remove(*, user: User, member_id: int) -> None:
    """Remove a member without an account; one who was ever signed up for an
    activity stays (the attendance record keeps their seat)."""
    with transaction.atomic():
        household = _managed_household(user)
        member = household.members.filter(pk=member_id).first()
        if member is None:
            raise ServiceError(
                Code.MEMBER_NOT_FOUND, _("This household member does not exist.")
            )
        if member.user_id is not None:
            raise ServiceError(
                Code.MEMBER_HAS_ACCOUNT,
                _("Members with an account of their own are removed by staff."),
            )
        if member.registrations.exists():
            raise ServiceError(
                Code.MEMBER_HAS_SIGNUPS,
                _(
                    "%(name)s has signed up for activities and stays in the "
                    "household's records."
                )
                % {"name": member.name},
            )
        member.delete()


# --- Password reset by an SMS code ---------------------------------------------------


def _code_hash(*, phone: str, code: str) -> str:
    return salted_hmac(
        "community_portal.accounts.reset_code", f"{phone}:{code}", algorithm="sha256"
    ).hexdigest()


def reset_code_text(code: str) -> str:
    """The SMS, one message long (tests/accounts/test_sms_reset.py checks)."""
    return _(
        "Your password reset code is %(code)s, valid for %(minutes)s minutes. "
        "Do not tell it to anyone."
    ) % {"code": code, "minutes": RESET_CODE_MINUTES}


def reset_code_request(*, phone: str, now: datetime.datetime | None = None) -> None:
    """Send a new code to ``phone`` when exactly one active account has it (as the
    phone login, a shared family number resets nobody; their usernames can use the
    e-mail reset or the staff). Says nothing either way: the caller shows the same
    page. A provider failure is logged, not shown, for the same reason."""
    now = now or timezone.now()
    users = list(User.objects.filter(phone=phone, is_active=True)[:2])
    if len(users) != 1:
        return
    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():
        # A new code replaces the ones before it.
        PhoneResetCode.objects.filter(user=users[0], used_at__isnull=True).update(
            expires_at=now
        )
        PhoneResetCode.objects.create(
            user=users[0],
            phone=phone,
            code_hash=_code_hash(phone=phone, code=code),
            created_at=now,
            expires_at=now + datetime.timedelta(minutes=RESET_CODE_MINUTES),
        )
    try:
        get_sms_backend().send(
            phone=phone,
            text=reset_code_text(code),
            template="code",
            params={"code": code},
        )
    except Exception:  # noqa: BLE001 - any provider failure: the page stays neutral
        logger.warning("Reset code to %s not sent.", phone[-4:], exc_info=True)


def reset_code_confirm(
    *, phone: str, code: str, password: str, now: datetime.datetime | None = None
) -> User:
    """Set ``password`` for the account the code was sent for, once.

    Raises ``ServiceError`` for a wrong code (counted: the code dies after
    ``RESET_CODE_MAX_TRIES``), a code already used or expired (told apart only
    when the code typed is that code, so nobody learns from it whether a number has
    an account), and ``ValidationError`` for a weak password (the code stays good).
    """
    now = now or timezone.now()
    typed = _code_hash(phone=phone, code=code.strip())
    with transaction.atomic():
        codes = list(
            PhoneResetCode.objects.select_for_update()
            .filter(phone=phone, created_at__gte=now - datetime.timedelta(days=1))
            .select_related("user")[:10]
        )
        match = next(
            (c for c in codes if constant_time_compare(c.code_hash, typed)), None
        )
        live = [c for c in codes if c.used_at is None and c.expires_at > now]
        if match is not None and match.used_at is not None:
            error = ServiceError(
                Code.RESET_CODE_USED,
                _("This code has already been used. Please ask for a new one."),
                field="code",
            )
        elif match is not None and match.tries >= RESET_CODE_MAX_TRIES:
            error = _too_many_tries()
        elif match is not None and match.expires_at <= now:
            error = ServiceError(
                Code.RESET_CODE_EXPIRED,
                _("This code has expired. Please ask for a new one."),
                field="code",
            )
        elif match is None:
            for dead in live:
                dead.tries += 1
                dead.save(update_fields=["tries"])
            error = ServiceError(
                Code.RESET_CODE_WRONG,
                _("This code is not right. Please check the SMS and type it again."),
                field="code",
            )
        else:
            user = match.user
            validate_password(password, user=user)
            user.set_password(password)
            user.save(update_fields=["password"])
            PhoneResetCode.objects.filter(user=user, used_at__isnull=True).update(
                used_at=now
            )
            return user
    raise error


def _too_many_tries() -> ServiceError:
    return ServiceError(
        Code.RESET_CODE_TOO_MANY_TRIES,
        _("Too many wrong codes. Please ask for a new one."),
        field="code",
    )
