"""Settings shared by every environment, read from the environment (twelve-factor).

Each value has a default that is safe for local use; ``production`` tightens them and
refuses to start without a real secret and hosts.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env (never committed) may hold overrides; .env.example documents them.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "community_portal",
    "community_portal.accounts",
    "community_portal.notices",
    "venues",
    "grids",
    "volunteers",
    "activities",
    # The top layer: pages composing several apps (home, "my activities").
    "community_portal.pages",
]
# Development tools (community_portal.devtools: demo, benchmark data) are added by the
# local, test and bench settings only: production never installs them.

MIDDLEWARE = [
    "community_portal.middleware.UpdateAnonymousCacheMiddleware",
    # X-Forwarded-* only from the configured proxy (community_portal/security.py).
    "community_portal.security.ForwardedHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Form bodies are read as UTF-8 whatever charset they declare (no UTF-7).
    "community_portal.middleware.Utf8FormsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A ServiceError escaping a view: the branded 404/403/400 page.
    "community_portal.middleware.ServiceErrorMiddleware",
    # The images of one request decode at most IMAGE_REQUEST_MAX_PIXELS together.
    "community_portal.middleware.ImageBudgetMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # After authentication, so that it sees its outcome.
    "axes.middleware.AxesMiddleware",
    "community_portal.middleware.FetchAnonymousFromCacheMiddleware",
]

# Public pages for visitors without a session are cached this many seconds (0: off).
# See community_portal/middleware.py; production turns it on.
CACHE_MIDDLEWARE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=0)
CACHE_MIDDLEWARE_KEY_PREFIX = "page"

AUTHENTICATION_BACKENDS = [
    # axes' lockout, and before it the per-address limit (community_portal/security.py).
    "community_portal.security.PortalAxesBackend",
    "django.contrib.auth.backends.ModelBackend",
    # The mobile number logs in too (community_portal/accounts/backends.py).
    "community_portal.accounts.backends.PhoneOrUsernameBackend",
]

ROOT_URLCONF = "community_portal.urls"
WSGI_APPLICATION = "community_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "community_portal.context_processors.portal",
                "community_portal.notices.context_processors.unread_notices",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    ),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
# DATABASE_POOLER=pgbouncer: DATABASE_URL points at pgBouncer in transaction mode
# (docs/deployment.md). A transaction may land on any server connection, so no
# server-side cursors (a named cursor outlives its transaction in .iterator());
# Django's connection to the local pgBouncer is cheap to keep, with a health check
# before reuse in case pgBouncer restarted. psycopg2 prepares no statements.
DATABASE_POOLER = env("DATABASE_POOLER", default="").strip().lower()
if DATABASE_POOLER == "pgbouncer":
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
elif DATABASE_POOLER:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"DATABASE_POOLER={DATABASE_POOLER!r}: the only pooler known is 'pgbouncer'."
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue on the
    # busy timeout instead of failing with "database is locked" mid-transaction.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# OWASP ASVS 5.0 V6.2 (docs/accounts.md): at least 8 characters (15 recommended), at
# least 64 allowed (we take 128, ASVS 4.0 V2.1.2), no composition rules (so no "all
# digits" refusal), checked against common passwords and the person's own names.
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "community_portal.accounts.passwords.MaximumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
# Each language is named in itself, so a reader finds theirs whatever is shown.
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", default="Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Private photos (grid work, issue reports, service requests, matters) live apart from
# MEDIA_ROOT and are never under MEDIA_URL: the authorised view /photos/<kind>/<id>/
# serves them (community_portal/private_media.py). Behind nginx, set
# PRIVATE_MEDIA_ACCEL_REDIRECT to the internal location (e.g. /protected/) that
# aliases PRIVATE_MEDIA_ROOT, and nginx sends the file after Django's check.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private_media")
PRIVATE_MEDIA_ACCEL_REDIRECT = env("PRIVATE_MEDIA_ACCEL_REDIRECT", default="")
# Local files by default (`make run`, one machine); with S3_BUCKET set, both aliases
# live on S3-compatible object storage (see "Object storage" below).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "community_portal.private_media.PrivateFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Phone photos are large; the image pipeline shrinks them before they are stored.
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMAGE_UPLOAD_MAX_BYTES = 20 * 1024 * 1024
# Pixels of one image, and of all the images of one request, checked from the headers
# before anything is decoded (community_portal/images.py).
IMAGE_MAX_PIXELS = 50_000_000
IMAGE_REQUEST_MAX_PIXELS = env.int("IMAGE_REQUEST_MAX_PIXELS", default=100_000_000)
IMAGE_MAX_SIDE = 1600
IMAGE_THUMB_SIDE = 400

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env(
    "EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="noreply@example.org")
# Text messages (community_portal/sms.py): a dotted path to the backend; in
# production community_portal.sms.AliyunSmsBackend with the ALIYUN_SMS_* below
# (docs/sms.md).
SMS_BACKEND = env("SMS_BACKEND", default="community_portal.sms.ConsoleSmsBackend")
SMS_SIGN_NAME = env("SMS_SIGN_NAME", default="")
ALIYUN_SMS_ENDPOINT = env(
    "ALIYUN_SMS_ENDPOINT", default="https://dysmsapi.aliyuncs.com/"
)
ALIYUN_SMS_ACCESS_KEY_ID = env("ALIYUN_SMS_ACCESS_KEY_ID", default="")
ALIYUN_SMS_ACCESS_KEY_SECRET = env("ALIYUN_SMS_ACCESS_KEY_SECRET", default="")
ALIYUN_SMS_SIGN_NAME = env("ALIYUN_SMS_SIGN_NAME", default="")
ALIYUN_SMS_TEMPLATES = {
    "notice": env("ALIYUN_SMS_TEMPLATE_NOTICE", default=""),
    "code": env("ALIYUN_SMS_TEMPLATE_CODE", default=""),
}
ALIYUN_SMS_TIMEOUT = env.float("ALIYUN_SMS_TIMEOUT", default=5.0)
# Web push (community_portal/notices/push.py): the VAPID key pair (base64url, as
# `vapid --gen` / `vapid --applicationServerKey` print them) and a contact
# (mailto: or https:) for the push services. Push is offered only with both keys.
WEBPUSH_VAPID_PUBLIC_KEY = env("WEBPUSH_VAPID_PUBLIC_KEY", default="")
WEBPUSH_VAPID_PRIVATE_KEY = env("WEBPUSH_VAPID_PRIVATE_KEY", default="")
WEBPUSH_VAPID_SUBJECT = env("WEBPUSH_VAPID_SUBJECT", default="mailto:admin@example.org")
# The outbox gives a message up (status failed) after this many attempts.
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=8)

# Security headers that hold in every environment; production adds HTTPS ones.
X_FRAME_OPTIONS = "DENY"
# A failed CSRF check shows the branded page (templates/403_csrf.html), not Django's.
CSRF_FAILURE_VIEW = "community_portal.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Content-Security-Policy: everything is served by the portal itself; no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        # The check-in page shows the camera in a <video> (static/js/checkin.js).
        "media-src": ["'self'", "blob:", "mediastream:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Object storage for several nodes: media (public-read objects, plain URLs) and
# private files (private objects under private/, reached only through URLs signed for
# S3_PRIVATE_URL_SECONDS) in one S3-compatible bucket (django-storages). Unset: files
# on the local disk, as above. Static files stay with each node (WhiteNoise).
S3_BUCKET = env("S3_BUCKET", default="")
if S3_BUCKET:
    _s3 = {
        "bucket_name": S3_BUCKET,
        "endpoint_url": env("S3_ENDPOINT_URL", default="") or None,
        "access_key": env("S3_ACCESS_KEY_ID", default="") or None,
        "secret_key": env("S3_SECRET_ACCESS_KEY", default="") or None,
        "region_name": env("S3_REGION", default="") or None,
        # "path" for MinIO, moto and most self-hosted stores; unset: boto3 chooses.
        "addressing_style": env("S3_ADDRESSING_STYLE", default="") or None,
        "signature_version": "s3v4",
        # Two phones' IMG_4821.jpg must not overwrite each other.
        "file_overwrite": False,
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3,
            # Empty when a bucket policy makes media public instead of object ACLs.
            "default_acl": env("S3_MEDIA_ACL", default="public-read") or None,
            "querystring_auth": False,
            "custom_domain": env("S3_CUSTOM_DOMAIN", default="") or None,
            "object_parameters": {"CacheControl": "public, max-age=2592000"},
        },
    }
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3,
            "location": "private",
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": env.int("S3_PRIVATE_URL_SECONDS", default=300),
            "object_parameters": {"CacheControl": "private, max-age=300"},
        },
    }
    # Pages show images from the store's origin (or the custom domain in front of it).
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"] += env.list(
        "S3_MEDIA_ORIGINS",
        default=[
            _origin
            for _origin in (
                env("S3_CUSTOM_DOMAIN", default="")
                and "https://" + env("S3_CUSTOM_DOMAIN"),
                _s3["endpoint_url"] and "/".join(_s3["endpoint_url"].split("/")[:3]),
                not _s3["endpoint_url"] and f"https://{S3_BUCKET}.s3.amazonaws.com",
            )
            if _origin
        ],
    )

# The service worker's caches carry a version (community_portal/pwa.py) made from its
# source, its precached files and this release name; set it per deploy to force fresh
# caches even when no file changed.
PWA_RELEASE = env("PWA_RELEASE", default="")

# Failed logins: lock a username+IP pair out for a while after five failures. Only the
# pair: a stranger elsewhere cannot lock a resident out by guessing at their name.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_LOCKOUT_CALLABLE = "community_portal.security.lockout_response"
AXES_RESET_ON_SUCCESS = True
# Tries while locked out are refused unchecked and do not restart the cool-off.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False


def _proxy_count(value: str) -> int | None:
    """AXES_TRUSTED_PROXY_COUNT: a number, "none" (clients connect directly) or unset."""
    value = value.strip().lower()
    if not value:
        return None
    if value in ("none", "no", "0"):
        return 0
    return int(value)


# Number of proxies in front (nginx: 1; "none" when there is none); see
# community_portal/security.py. Production's deployment check wants it stated.
AXES_TRUSTED_PROXY_COUNT = _proxy_count(env("AXES_TRUSTED_PROXY_COUNT", default=""))
# Addresses the proxies connect from: X-Forwarded-* from anyone else is dropped.
TRUSTED_PROXY_ADDRESSES = env.list(
    "TRUSTED_PROXY_ADDRESSES", default=["127.0.0.1", "::1"]
)
AXES_CLIENT_IP_CALLABLE = "community_portal.security.axes_client_ip"
AXES_USERNAME_CALLABLE = "community_portal.security.axes_username"

# The default cache lives in each process. Rate-limit counters live in it, so with
# several gunicorn workers production wants one shared cache: a local Redis
# (CACHE_URL=redis://127.0.0.1:6379/1; the redis client is in requirements.txt).
# Background work (notices, e-mail, SMS, push, big exports) goes through django-tasks,
# the API Django 6 ships as django.tasks: moving to Django's own is a settings change.
# The database backend keeps every task as a row, so nothing waits in memory; a worker
# (`manage.py db_worker`) runs them. TASKS_BACKEND=immediate runs them in the request.
TASKS_BACKEND = env("TASKS_BACKEND", default="database")
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "dummy": "django_tasks.backends.dummy.DummyBackend",
        }[TASKS_BACKEND],
        "QUEUES": ["default", "exports"],
    }
}

CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://portal")}

# Writes limited per client address and per user, in the cache (community_portal/
# ratelimit.py). RATE_LIMITS=signup=3/h,matter=20/d overrides some; COUNT/PERIOD with a
# period of s, m, h or d (10/15m: ten per quarter hour).
RATE_LIMITS = {
    "signup": "5/h",
    "matter": "10/h",
    "service_request": "10/h",
    # Failed logins from one address, whatever the usernames (password spraying).
    "login_address": "30/15m",
    # Password-reset mails asked for, per address and per account.
    "password_reset": "5/h",
    "password_reset_account": "3/h",
    **env.dict("RATE_LIMITS", default={}),
}
RATE_LIMITS_ENABLED = env.bool("RATE_LIMITS_ENABLED", default=True)

# bench/run.sh only: /bench/floor/, an empty page through base.html (the template floor).
BENCH_FLOOR_PAGE = env.bool("BENCH_FLOOR_PAGE", default=False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
