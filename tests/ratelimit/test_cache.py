"""The cache and the rates from the environment; Redis shared across threads."""

import os
import subprocess
import sys
import threading
import uuid

import pytest
from django.core.cache import caches
from django.test import override_settings

from community_portal.ratelimit import (
    rate_limit_hit,
)
from tests.ratelimit.support import (
    BASE_DIR,
    request_from,
)

# ---- the cache: from the environment, and shared through Redis ------------------------


def settings_in_subprocess(extra_env: dict[str, str]) -> str:
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"CACHE_URL", "RATE_LIMITS", "RATE_LIMITS_ENABLED"}
    }
    env.update(extra_env, DJANGO_SETTINGS_MODULE="community_portal.settings.test")
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.CACHES['default']['BACKEND'], s.CACHES['default'].get('LOCATION'), "
        "sorted(s.RATE_LIMITS.items()), s.RATE_LIMITS_ENABLED)"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def test_the_cache_and_the_rates_come_from_the_environment():
    dotenv = BASE_DIR / ".env"
    if dotenv.exists() and any(
        line.split("=", 1)[0].strip() in {"CACHE_URL", "RATE_LIMITS_ENABLED"}
        for line in dotenv.read_text(encoding="utf-8").splitlines()
    ):
        pytest.skip("the developer's .env sets CACHE_URL or RATE_LIMITS_ENABLED")

    assert settings_in_subprocess({}).startswith(
        "django.core.cache.backends.locmem.LocMemCache portal"
    )
    assert settings_in_subprocess(
        {
            "CACHE_URL": "redis://127.0.0.1:6379/1",
            "RATE_LIMITS": "signup=3/h,matter=20/d",
            "RATE_LIMITS_ENABLED": "0",
        }
    ) == (
        "django.core.cache.backends.redis.RedisCache redis://127.0.0.1:6379/1 "
        "[('login_address', '30/15m'), ('matter', '20/d'), ('password_reset', '5/h'), "
        "('password_reset_account', '3/h'), ('service_request', '10/h'), "
        "('signup', '3/h')] False"
    )


REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/1")


@pytest.fixture
def redis_cache():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        message = f"Redis is not reachable at {REDIS_URL}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    # Keys of this run only (never FLUSHDB: the server may be shared); they expire.
    with override_settings(
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": REDIS_URL,
                "KEY_PREFIX": f"portal-test-{uuid.uuid4().hex}",
            }
        }
    ):
        yield caches["default"]


@override_settings(RATE_LIMITS={"demo": "5/h"})
def test_redis_counts_atomically_across_threads(redis_cache, clock):
    results = []

    def attempt():
        results.append(rate_limit_hit(request_from(), key="demo"))

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert results.count(False) == 5
    clock.advance(3600)
    assert not rate_limit_hit(request_from(), key="demo")
