"""Reads for a resident's own account pages: their profile.

"My activities" (``/me/``) composes the activities app: ``community_portal.pages``.
"""

from .models import Household, HouseholdMember, User


def user_get_profile(*, user: User) -> User:
    """A fresh copy of the user with their building and grid, for the profile page
    (a copy, so an invalid form never shows its unsaved values elsewhere)."""
    return User.objects.select_related("building__grid").get(pk=user.pk)


def household_of(*, user: User) -> Household | None:
    """The household ``user`` belongs to, with its building, grid and members
    (managers first), in two queries; ``None`` without one."""
    if not user.is_authenticated:
        return None
    return (
        Household.objects.select_related("building__grid")
        .prefetch_related("members")
        .filter(members__user_id=user.pk)
        .first()
    )


def household_signup_members(*, user: User) -> list[HouseholdMember]:
    """The members an adult of the household can sign up besides themselves:
    everyone of their household but their own row; empty for anyone else."""
    if not user.is_authenticated:
        return []
    return list(
        HouseholdMember.objects.filter(
            household__members__user_id=user.pk,
            household__members__is_manager=True,
        )
        .exclude(user_id=user.pk)
        .order_by("birth_year", "id")
    )
