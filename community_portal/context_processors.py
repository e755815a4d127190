"""Template context every page needs: the elder-friendly display preference, and
which role-specific links the signed-in user gets (through the one permissions
module, so the menu and the pages behind it agree)."""

from django.utils.functional import SimpleLazyObject

from .permissions import Role, is_community_staff, is_team_leader, user_has_role

LARGE_TEXT_COOKIE = "portal_large_text"


def _is_grid_worker(user) -> bool:
    # The role first (read once per request); the grid only for grid workers, since
    # grid work needs one. Run only by pages that show the signed-in menu.
    return user_has_role(user, Role.GRID_WORKER) and user.worker_grids.exists()


def portal(request):
    user = getattr(request, "user", None)
    return {
        "large_text": request.COOKIES.get(LARGE_TEXT_COOKIE) == "1",
        "is_grid_worker": SimpleLazyObject(
            lambda: bool(user and _is_grid_worker(user))
        ),
        "is_community_staff": SimpleLazyObject(
            lambda: bool(user and is_community_staff(user))
        ),
        "is_team_leader": SimpleLazyObject(lambda: bool(user and is_team_leader(user))),
    }
