"""Writes on residents' accounts: signing up, a walk-in's account made by staff,
and editing one's own profile."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from .models import User

# What a resident may change about themselves; roles, flags and the username are not.
PROFILE_FIELDS = frozenset(
    {
        "name",
        "phone",
        "email",
        "birth_year",
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
