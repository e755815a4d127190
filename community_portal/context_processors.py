"""Template context every page needs: the elder-friendly display preference, and
which role-specific links the signed-in user gets."""

from django.utils.functional import SimpleLazyObject

LARGE_TEXT_COOKIE = "portal_large_text"


def _is_grid_worker(user) -> bool:
    # One query, run only by pages that show the signed-in menu.
    return user.is_authenticated and user.worker_grids.exists()


def portal(request):
    user = getattr(request, "user", None)
    return {
        "large_text": request.COOKIES.get(LARGE_TEXT_COOKIE) == "1",
        "is_grid_worker": SimpleLazyObject(
            lambda: bool(user and _is_grid_worker(user))
        ),
    }
