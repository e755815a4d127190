"""Production: HTTPS, a real secret and explicit hosts, or the process refuses to start."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=False)
if DEBUG:
    raise ImproperlyConfigured("Production settings refuse DEBUG=1.")
if not SECRET_KEY or len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):  # noqa: F405
    raise ImproperlyConfigured(
        "SECRET_KEY is missing or weak. Production refuses to start without a real "
        "secret of at least 50 random characters: export SECRET_KEY=…"
    )
if not env.list("ALLOWED_HOSTS", default=[]):
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is not set. Production refuses to start without it: "
        "export ALLOWED_HOSTS=portal.example.org"
    )

CACHE_MIDDLEWARE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=30)

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# X-Forwarded-Proto counts only behind a stated proxy, and reaches Django only from
# TRUSTED_PROXY_ADDRESSES (community_portal.security.ForwardedHeadersMiddleware).
if AXES_TRUSTED_PROXY_COUNT:  # noqa: F405
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The load balancer polls /healthz over plain HTTP: no redirect to HTTPS for it.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

TEMPLATES[0]["APP_DIRS"] = False  # noqa: F405
TEMPLATES[0]["OPTIONS"]["loaders"] = [  # noqa: F405
    (
        "django.template.loaders.cached.Loader",
        [
            "django.template.loaders.filesystem.Loader",
            "django.template.loaders.app_directories.Loader",
        ],
    )
]
