"""Writes on residents' accounts: signing up, a walk-in's account made by staff,
editing one's own profile, and households (户) with their members."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community_portal.errors import ServiceError

from .errors import Code
from .models import Household, HouseholdMember, User

ADULT_AGE = 18

# What a resident may change about themselves; roles, flags and the username are not.
PROFILE_FIELDS = frozenset({"name", "phone", "email", "birth_year", "building"})


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

    Raises ``ValidationError`` for a taken username, a weak password or a bad field,
    and then creates nothing.
    """
    user = User(
        username=User.normalize_username(username),
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
    while User.objects.filter(username=username).exists():
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
    *, user: User, name: str, birth_year: int | None, relation: str
) -> HouseholdMember:
    """An adult of the household adds a member without an account (a child, an
    elder). The same name and birth year twice is refused."""
    name = " ".join(name.split())
    if not name:
        raise ServiceError(
            Code.NAME_MISSING, _("Enter the member's name."), field="name"
        )
    birth_year = _check_birth_year(birth_year)
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
