"""System checks for a deployment (``manage.py check --deploy``): the settings that a
production behind a proxy and on several workers cannot do without."""

from django.conf import settings
from django.core import checks

# Cache backends that keep their entries in one process (or on one machine's disk):
# rate-limit counters and login throttling in them count per worker, not per site.
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
    "django.core.cache.backends.filebased.FileBasedCache",
}


@checks.register(checks.Tags.security, deploy=True)
def check_proxy_is_stated(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """The number of trusted proxies must be stated: unknown, every client could look
    like the proxy (127.0.0.1) and one person could lock everyone out."""
    if getattr(settings, "AXES_TRUSTED_PROXY_COUNT", None) is None:
        return [
            checks.Error(
                "The proxy setup is not stated.",
                hint=(
                    "Set AXES_TRUSTED_PROXY_COUNT to the number of proxies in front "
                    "of the portal (1 behind nginx, see docs/deployment.md), or to "
                    "'none' when clients connect directly."
                ),
                id="portal.E001",
            )
        ]
    return []


@checks.register(checks.Tags.caches, deploy=True)
def check_cache_is_shared(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Rate limits and the page cache must be shared by every worker and node."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in PER_PROCESS_CACHES:
        return [
            checks.Error(
                f"The default cache ({backend}) is not shared between workers.",
                hint=(
                    "Set CACHE_URL to a shared cache, e.g. "
                    "CACHE_URL=redis://127.0.0.1:6379/1 (see docs/deployment.md)."
                ),
                id="portal.E002",
            )
        ]
    return []
