"""Portal-wide views: the health check, the display preference and the error pages."""

import json
import logging
import uuid

from django.core.cache import cache
from django.core.files.storage import default_storage
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

logger = logging.getLogger(__name__)

ADMIN_TITLE = _("New Era Civilization Practice Center — administration")
ADMIN_INDEX_TITLE = _("Content and services")


def _database_answers() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache_answers() -> None:
    # A value of its own under a key of its own, read back: a cache that takes
    # writes but loses them fails. The key is the probe's own: with one shared key,
    # two probes at once (several nodes, a load balancer's and a monitor's) read
    # each other's value and one of them answered 503 on a healthy cache.
    value = uuid.uuid4().hex
    key = f"{HEALTHZ_CACHE_KEY}:{value}"
    cache.set(key, value, HEALTHZ_CACHE_SECONDS)
    if cache.get(key) != value:
        raise RuntimeError("the cache lost a value")


def _storage_answers() -> None:
    default_storage.exists(HEALTHZ_STORAGE_PROBE)


HEALTHZ_CACHE_KEY = "healthz"
# How long a probe's value stays: long enough to be read back, short enough that
# probes under load leave no pile of keys.
HEALTHZ_CACHE_SECONDS = 5
HEALTHZ_STORAGE_PROBE = "healthz-probe"
HEALTH_CHECKS = (
    ("database", _database_answers),
    ("cache", _cache_answers),
    ("storage", _storage_answers),
)


@never_cache
@require_GET
def healthz(request):
    """200 when the database, the cache and the media storage answer, 503 naming the
    first that does not (for load balancers; plain HTTP is not redirected, see
    SECURE_REDIRECT_EXEMPT in the production settings)."""
    for name, check in HEALTH_CHECKS:
        try:
            check()
        except Exception:  # noqa: BLE001 — any failure means "not healthy"
            logger.warning("Health check: the %s does not answer.", name, exc_info=True)
            return HttpResponse(
                f"{name} unavailable\n", status=503, content_type="text/plain"
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
def bench_floor(request):
    """An empty page through base.html: the template floor bench/run.sh measures
    every page against (routed only with ``BENCH_FLOOR_PAGE``)."""
    return render(request, "bench/floor.html")


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
