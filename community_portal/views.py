"""Portal-wide views: the health check, the display preference and the error pages."""

import json

from django.db import connection
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from community_portal import pwa
from community_portal.context_processors import LARGE_TEXT_COOKIE
from community_portal.http import safe_next_url

ADMIN_TITLE = _("New Era Civilization Practice Center — administration")
ADMIN_INDEX_TITLE = _("Content and services")


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


# --- the installable portal ---------------------------------------------------------


@require_GET
def web_manifest(request):
    """The web app manifest (community_portal/pwa.py), in the page's language."""
    body = json.dumps(pwa.manifest(), ensure_ascii=False, indent=2)
    return HttpResponse(body, content_type="application/manifest+json; charset=utf-8")


@never_cache
@require_GET
def service_worker(request):
    """The service worker, from the site root so that it may control every page.

    Never cached by the browser's HTTP cache (``never_cache``), so that a deploy's
    new version is found on the next visit; its caches carry that version."""
    response = HttpResponse(
        pwa.worker_source(), content_type="text/javascript; charset=utf-8"
    )
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
def offline(request):
    """What the service worker shows for a page it cannot fetch without a signal."""
    return render(request, "offline.html")


# --- error pages --------------------------------------------------------------------
# 403 and 404 are Django's own handlers, which render 403.html and 404.html with the
# request (the menu shows). 500.html renders without a context, by design.


def bad_request(request, exception=None):
    """The branded 400 page, with the menu (Django's own renders without the request).

    When even the page with the menu cannot be drawn (a request too broken for the
    context processors) it is drawn without them, never as Django's technical page.
    """
    template = loader.get_template("400.html")
    try:
        body = template.render(request=request)
    except Exception:  # noqa: BLE001 — the fallback below needs nothing from the request
        body = template.render()
    return HttpResponseBadRequest(body)


def csrf_failure(request, reason=""):
    """A failed CSRF check (an old form, cookies off): the branded 403 page that says
    what to do, instead of Django's technical one (``CSRF_FAILURE_VIEW``)."""
    return render(request, "403_csrf.html", status=403)
