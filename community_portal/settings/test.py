"""Tests: fast hashing, a throw-away media folder, e-mail kept in memory."""

import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-secret-key-not-used-anywhere-else-0123456789abcdefghijklmnop"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-test-media-")
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# Lockouts are tested explicitly; elsewhere a wrong password must not lock a test user.
AXES_ENABLED = True
