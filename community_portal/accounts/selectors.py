"""Reads for a resident's own account pages: their profile.

"My activities" (``/me/``) composes the activities app: ``community_portal.pages``.
"""

from .models import User


def user_get_profile(*, user: User) -> User:
    """A fresh copy of the user with their building and grid, for the profile page
    (a copy, so an invalid form never shows its unsaved values elsewhere)."""
    return User.objects.select_related("building__grid").get(pk=user.pk)
