"""Tests: fast hashing, a throw-away media folder, e-mail kept in memory."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import INSTALLED_APPS

DEBUG = False
SECRET_KEY = "test-secret-key-not-used-anywhere-else-0123456789abcdefghijklmnop"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_BACKEND = "community_portal.sms.LocmemSmsBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-test-media-")
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-test-private-media-")
# Local files whatever the environment says (S3_BUCKET is for deployments).
STORAGES = {
    **STORAGES,  # noqa: F405
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "community_portal.private_media.PrivateFileSystemStorage"},
}
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# Lockouts are tested explicitly; elsewhere a wrong password must not lock a test user.
AXES_ENABLED = True

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not Django's shared-cache in-memory database: threads in the
    # concurrency tests then lock and wait (BEGIN IMMEDIATE, busy timeout) the way
    # production does. Named after the process, so parallel runs never share a
    # file; Django deletes it when the run ends.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"portal-test-{os.getpid()}.sqlite3")
    }
# Rate limits are tested explicitly (tests/ratelimit/); elsewhere many posts from
# one test client must not trip them.
RATE_LIMITS_ENABLED = False
# Tasks run at once inside the test's request unless a test chooses the database
# backend (the reliability tests do, and drive the worker themselves).
TASKS["default"]["BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"  # noqa: F405

# The demo loader and the benchmark generator (never installed in production).
INSTALLED_APPS = [*INSTALLED_APPS, "community_portal.devtools"]
