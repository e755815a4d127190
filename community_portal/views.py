"""Portal-wide views: the home page, the health check and the display preference."""

from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from activities.selectors import activity_list_next_two_weeks
from community_portal.context_processors import LARGE_TEXT_COOKIE
from community_portal.http import safe_next_url
from venues.selectors import alliance_list, venue_list
from volunteers.selectors import team_list_by_strand

ADMIN_TITLE = _("New Era Civilization Practice Center — administration")
ADMIN_INDEX_TITLE = _("Content and services")


def _home_overview() -> dict:
    """The plan at a glance: each section's own selector, one query or two apiece."""
    return {
        "venues": venue_list(),
        "alliances": alliance_list(),
        "strand_groups": team_list_by_strand(),
        "activities": activity_list_next_two_weeks(),
    }


@require_GET
def home(request):
    return render(request, "home.html", _home_overview())


@never_cache
@require_GET
def healthz(request):
    """200 when the database answers, 503 when it does not (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 — any database failure means "not healthy"
        return HttpResponse(
            "database unavailable\n", status=503, content_type="text/plain"
        )
    return HttpResponse("ok\n", content_type="text/plain")


# A cross-site request could at worst change someone's font size; a token here would
# put a CSRF cookie on every public page and make them uncacheable.
@csrf_exempt
@require_POST
def toggle_large_text(request):
    """Switch the large-text, high-contrast display on or off, remembered for a year."""
    target = safe_next_url(request, fallback="/")
    response = HttpResponseRedirect(target)
    if request.POST.get("large_text") == "1":
        response.set_cookie(
            LARGE_TEXT_COOKIE,
            "1",
            max_age=365 * 24 * 3600,
            samesite="Lax",
            httponly=True,
            secure=request.is_secure(),
        )
    else:
        response.delete_cookie(LARGE_TEXT_COOKIE, samesite="Lax")
    return response
