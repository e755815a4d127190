"""The portal's roles and the checks on them: the one permissions module.

Residents are plain users; the other roles are Django groups whose names are stored
content (hence Chinese). A user's group names are read once per user object — that is,
once per request for ``request.user`` — and kept on it, so a page that asks "is this
staff?" forty times runs one query, not forty.

Object rules (who may run this activity's door, edit this grid log) live in each app's
services and call these checks. The refusal policy is in ``community_portal.errors``:
what a person may not see is 404, what they may see but not do is 403. A page of one
role (the staff's desks, a leader's desk) exists for everyone who can read the menu:
``role_page``/``staff_required`` send the anonymous to the login page and answer 403
to the signed-in who lack the role, in every app.
"""

import functools

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

_CACHE_ATTR = "_portal_role_names"


class Role(TextChoices):
    STAFF = "社区工作人员", _("Community staff")
    TEAM_LEADER = "项目负责人", _("Team leader")
    GRID_WORKER = "网格员", _("Grid worker")


def role_names(user) -> frozenset[str]:
    """The names of ``user``'s groups, read once per user object."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = frozenset(group.name for group in user.groups.all())
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_roles(user) -> None:
    """Drop the cached roles (after the user's groups changed)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def user_has_role(user, role: Role) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return role in role_names(user)


def is_community_staff(user) -> bool:
    return user_has_role(user, Role.STAFF)


def is_team_leader(user) -> bool:
    return user_has_role(user, Role.TEAM_LEADER)


def role_page(check):
    """Decorator for a page of one role: signed in (else the login page), and
    ``check(user)`` true (else 403: the page exists, the person may not use it)."""

    def decorate(view):
        @functools.wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


staff_required = role_page(is_community_staff)
