"""Local development: DEBUG on unless the environment says otherwise."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, env

DEBUG = env.bool("DEBUG", default=True)
if not SECRET_KEY:  # noqa: F405
    if not DEBUG:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG=0 the portal refuses to start "
            "without a real secret: export SECRET_KEY=<50+ random characters>."
        )
    # Only ever used with DEBUG on, on a developer's machine.
    SECRET_KEY = "django-insecure-local-development-only-not-for-production"

# The demo loader and the benchmark generator (never installed in production).
INSTALLED_APPS = [*INSTALLED_APPS, "community_portal.devtools"]
