"""The settings a node reads from its environment: object storage and pgBouncer.

Each case loads the production settings in a fresh process with only the variables
it sets (no database or store is contacted). Not marked ``multinode``: these are fast.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BASE = {
    "DJANGO_SETTINGS_MODULE": "community_portal.settings.production",
    "SECRET_KEY": "s" * 64,
    "ALLOWED_HOSTS": "portal.example.org",
}
S3 = {
    "S3_BUCKET": "portal-media",
    "S3_ENDPOINT_URL": "https://s3.example.org",
    "S3_ACCESS_KEY_ID": "key",
    "S3_SECRET_ACCESS_KEY": "secret",
    "S3_REGION": "cn-east-1",
}
PROBE = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "storages": settings.STORAGES,
    "database": {k: settings.DATABASES["default"].get(k) for k in
                 ("CONN_MAX_AGE", "DISABLE_SERVER_SIDE_CURSORS", "CONN_HEALTH_CHECKS")},
    "img_src": settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"],
}, default=str))
"""


def _settings(**environment) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={
            "PATH": os.environ.get("PATH", ""),
            "PYTHONPATH": str(ROOT),
            **BASE,
            **environment,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_without_a_bucket_files_stay_on_the_local_disk():
    storages = _settings()["storages"]
    assert storages["default"]["BACKEND"].endswith("FileSystemStorage")
    # The private storage follows PRIVATE_MEDIA_ROOT (community_portal/private_media.py).
    assert storages["private"]["BACKEND"].endswith("PrivateFileSystemStorage")
    assert "OPTIONS" not in storages["private"]


def test_a_bucket_puts_media_and_private_files_on_object_storage():
    loaded = _settings(**S3)
    default, private = loaded["storages"]["default"], loaded["storages"]["private"]
    assert default["BACKEND"] == private["BACKEND"] == "storages.backends.s3.S3Storage"
    for options in (default["OPTIONS"], private["OPTIONS"]):
        assert options["bucket_name"] == "portal-media"
        assert options["endpoint_url"] == "https://s3.example.org"
        assert options["access_key"] == "key"
        assert options["secret_key"] == "secret"
        assert options["region_name"] == "cn-east-1"
        assert options["file_overwrite"] is False
    assert default["OPTIONS"]["default_acl"] == "public-read"
    assert default["OPTIONS"]["querystring_auth"] is False
    assert private["OPTIONS"]["location"] == "private"
    assert private["OPTIONS"]["default_acl"] == "private"
    assert private["OPTIONS"]["querystring_auth"] is True
    assert private["OPTIONS"]["querystring_expire"] == 300
    # Static files stay with each node; pages may show images from the store.
    assert "whitenoise" in loaded["storages"]["staticfiles"]["BACKEND"]
    assert "https://s3.example.org" in loaded["img_src"]


def test_pgbouncer_turns_server_side_cursors_off():
    assert _settings()["database"]["DISABLE_SERVER_SIDE_CURSORS"] is None
    database = _settings(DATABASE_POOLER="pgbouncer")["database"]
    assert database == {
        "CONN_MAX_AGE": 60,
        "DISABLE_SERVER_SIDE_CURSORS": True,
        "CONN_HEALTH_CHECKS": True,
    }
    assert (
        _settings(DATABASE_POOLER="pgbouncer", CONN_MAX_AGE="0")["database"][
            "CONN_MAX_AGE"
        ]
        == 0
    )


def test_an_unknown_pooler_refuses_to_start():
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={
            "PATH": os.environ.get("PATH", ""),
            "PYTHONPATH": str(ROOT),
            **BASE,
            "DATABASE_POOLER": "pgpool",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "DATABASE_POOLER" in result.stderr
