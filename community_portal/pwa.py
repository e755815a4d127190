"""The installable portal: the web app manifest and the service worker's settings.

The service worker (``templates/pwa/sw.js``, served at ``/sw.js`` so that its scope
is the whole site) keeps the app shell and the grid worker's pages for use without
a signal. Its caches are named after a version that changes with every deploy that
changes what it serves: a hash of the worker's own source, the release name
(``PWA_RELEASE``, from the environment) and every precached static file (its URL,
which carries the content hash in production, and its bytes). A new version makes
the browser install the new worker, which deletes the old caches when it takes over.
"""

import functools
import hashlib
import json

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import get_template
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

THEME_COLOUR = "#b3261e"
BACKGROUND_COLOUR = "#ffffff"
SW_TEMPLATE = "pwa/sw.js"

# The app shell: what every page needs, kept for use without a signal.
SHELL_STATIC = (
    "vendor/bootstrap-5.3.9/bootstrap.min.css",
    "vendor/bootstrap-5.3.9/bootstrap.bundle.min.js",
    "css/portal.css",
    "css/work.css",
    "js/portal.js",
    "js/pwa.js",
    "js/outbox.js",
    "js/upload-form.js",
    "img/favicon.svg",
    "img/app/icon-192.png",
)
ICONS = (
    ("img/app/icon-192.png", "192x192", "any"),
    ("img/app/icon-512.png", "512x512", "any"),
    ("img/app/icon-maskable-192.png", "192x192", "maskable"),
    ("img/app/icon-maskable-512.png", "512x512", "maskable"),
)
# The grid worker's pages, under this prefix (the entries' detail pages too): kept
# after each visit while signed in; every other page falls back to the offline page.
WORK_PREFIX = "grids/work/"
# Fetched ahead, so that they open without a signal the first time too: at install
# (when the worker is signed in already) and when a grid worker's page asks for it
# (static/js/outbox.js, after the login).
WORK_PAGES = (
    "grids:work_home",
    "grids:visit_create",
    "grids:issue_create",
    "grids:check_create",
)


def manifest() -> dict:
    """The web app manifest, in the active language."""
    return {
        "id": "/",
        "name": _("New Era Civilization Practice Center")
        + " · "
        + _("XX Garden Community"),
        "short_name": _("Civilization Practice"),
        "description": _(
            "Activities, venues, volunteers and grid work of the community's "
            "New Era Civilization Practice Center."
        ),
        "lang": translation.get_language(),
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            {"src": static(path), "sizes": sizes, "type": "image/png", "purpose": use}
            for path, sizes, use in ICONS
        ],
    }


def _language_urls(name: str) -> dict[str, str]:
    """``name``'s URL in each language, by the path prefix of that language."""
    urls = {}
    for code, _label in settings.LANGUAGES:
        with translation.override(code):
            urls[code] = reverse(name)
    return urls


def worker_config() -> dict:
    """What the service worker is built with (JSON-safe)."""
    offline = _language_urls("offline")
    work_pages = {}
    for name in WORK_PAGES:
        for code, url in _language_urls(name).items():
            work_pages.setdefault(offline[code].removesuffix("offline/"), []).append(
                url
            )
    work_prefixes = sorted(
        {
            url.removesuffix(WORK_PREFIX) + WORK_PREFIX
            for url in _language_urls("grids:work_home").values()
        }
    )
    logout = sorted(set(_language_urls("logout").values()))
    with translation.override(settings.LANGUAGE_CODE):
        title = _("New Era Civilization Practice Center")
    return {
        "shell": [static(path) for path in SHELL_STATIC],
        # Longest prefix first: /en/… before /.
        "offline": dict(
            sorted(
                ((url.removesuffix("offline/"), url) for url in offline.values()),
                key=lambda item: -len(item[0]),
            )
        ),
        "workPrefixes": work_prefixes,
        # By the language prefix of the offline pages' keys.
        "workPages": work_pages,
        "logout": logout,
        "staticPrefix": settings.STATIC_URL,
        "icon": static("img/app/icon-192.png"),
        "badge": static("img/app/icon-maskable-192.png"),
        "title": title,
    }


def _static_bytes(path: str) -> bytes:
    found = finders.find(path)
    if found:
        with open(found, "rb") as handle:
            return handle.read()
    return b""


def _compute_version() -> str:
    digest = hashlib.sha256()
    template = get_template(SW_TEMPLATE)
    digest.update(template.template.source.encode())
    digest.update(settings.PWA_RELEASE.encode())
    digest.update(json.dumps(worker_config(), sort_keys=True).encode())
    for path in SHELL_STATIC:
        digest.update(staticfiles_storage.url(path).encode())
        digest.update(_static_bytes(path))
    return digest.hexdigest()[:12]


_cached_version = functools.cache(_compute_version)


def cache_version() -> str:
    """The deploy's cache version: computed once per process in production, on each
    request in development (so that an edited script is picked up)."""
    if settings.DEBUG:
        return _compute_version()
    return _cached_version()


def worker_source() -> str:
    """The service worker's JavaScript, with its version and settings filled in."""
    config = {"version": cache_version(), **worker_config()}
    return get_template(SW_TEMPLATE).render({"config": json.dumps(config)})
