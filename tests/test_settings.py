"""The settings modules, each loaded by ``manage.py`` in a fresh process.

Every run gets a controlled environment: only what a test sets, so the developer's own
shell (or a DATABASE_URL from CI) cannot change the outcome.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
PRODUCTION = "community_portal.settings.production"
LOCAL = "community_portal.settings.local"
STRONG_SECRET = secrets.token_urlsafe(64)  # 86 random characters


def dotenv_names() -> set[str]:
    """Names a developer's .env sets: the settings read it but never override with it."""
    path = BASE_DIR / ".env"
    if not path.exists():
        return set()
    lines = path.read_text(encoding="utf-8").splitlines()
    return {
        line.removeprefix("export ").split("=", 1)[0].strip()
        for line in lines
        if "=" in line and not line.lstrip().startswith("#")
    }


DOTENV_NAMES = dotenv_names()
# For these an empty value means the same as none, so a .env cannot leak into a run.
# (DEBUG too, in production; the local settings default it to on.)
EMPTY_MEANS_UNSET = {"SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS"}


def require_unset(*names: str) -> None:
    if found := DOTENV_NAMES.intersection(names) - EMPTY_MEANS_UNSET:
        pytest.skip(f"the developer's .env sets {', '.join(sorted(found))}")


PRINT_SETTINGS = (
    "import json; from django.conf import settings as s; "
    "db = dict(s.DATABASES['default']); "
    "print(json.dumps({'TIME_ZONE': s.TIME_ZONE, 'DEBUG': s.DEBUG, "
    "'DB': {k: db[k] for k in ('ENGINE', 'NAME', 'USER', 'HOST', 'PORT', "
    "'CONN_MAX_AGE', 'OPTIONS')}}))"
)


def manage(
    *args: str, settings: str, **variables: str | None
) -> subprocess.CompletedProcess:
    """Run manage.py; a variable given as None is left out of the environment."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", str(BASE_DIR)),
        "LANG": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "DJANGO_SETTINGS_MODULE": settings,
        # Never the developer's database: nothing here connects, but parsing runs.
        "DATABASE_URL": "sqlite:///:memory:",
    }
    blank = EMPTY_MEANS_UNSET | ({"DEBUG"} if settings == PRODUCTION else set())
    env.update(dict.fromkeys(DOTENV_NAMES & blank, ""))
    env.update(variables)
    env = {name: value for name, value in env.items() if value is not None}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def settings_of(*, settings: str, **variables: str | None) -> dict:
    result = manage("shell", "-c", PRINT_SETTINGS, settings=settings, **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def production_env(**overrides: str) -> dict[str, str]:
    return {
        "SECRET_KEY": STRONG_SECRET,
        "ALLOWED_HOSTS": "portal.example.org",
        "AXES_TRUSTED_PROXY_COUNT": "1",
        "CACHE_URL": "redis://127.0.0.1:6379/1",
        **overrides,
    }


def test_production_passes_check_deploy_without_a_warning():
    result = manage("check", "--deploy", settings=PRODUCTION, **production_env())

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("unset", "error"),
    [
        pytest.param("AXES_TRUSTED_PROXY_COUNT", "portal.E001", id="proxy"),
        pytest.param("CACHE_URL", "portal.E002", id="cache"),
    ],
)
def test_check_deploy_errors_without_the_proxy_setup_or_a_shared_cache(unset, error):
    variables = production_env()
    del variables[unset]

    result = manage("check", "--deploy", settings=PRODUCTION, **variables)

    assert result.returncode != 0
    assert error in result.stderr
    assert unset in result.stderr  # the hint names the setting to set


def test_check_deploy_errors_with_a_per_process_cache():
    variables = production_env(CACHE_URL="locmemcache://portal")

    result = manage("check", "--deploy", settings=PRODUCTION, **variables)

    assert result.returncode != 0
    assert "portal.E002" in result.stderr


def test_no_proxy_can_be_stated_explicitly():
    variables = production_env(AXES_TRUSTED_PROXY_COUNT="none")

    result = manage("check", "--deploy", settings=PRODUCTION, **variables)
    assert result.returncode == 0, result.stderr
    # Without a proxy, X-Forwarded-Proto means nothing.
    shown = manage(
        "shell",
        "-c",
        "from django.conf import settings as s; "
        "print(s.AXES_TRUSTED_PROXY_COUNT, s.SECURE_PROXY_SSL_HEADER)",
        settings=PRODUCTION,
        **variables,
    )
    assert shown.stdout.strip().splitlines()[-1] == "0 None"


def test_the_plain_check_does_not_need_the_deployment_settings():
    variables = production_env()
    del variables["AXES_TRUSTED_PROXY_COUNT"]
    del variables["CACHE_URL"]

    assert manage("check", settings=PRODUCTION, **variables).returncode == 0


@pytest.mark.parametrize(
    "secret",
    [
        pytest.param(None, id="unset"),
        pytest.param("", id="empty"),
        pytest.param("too-short-0123456789", id="short"),
        pytest.param("django-insecure-" + "x" * 60, id="django-insecure"),
    ],
)
def test_production_refuses_to_start_without_a_real_secret_key(secret):
    variables = production_env()
    if secret is None:
        del variables["SECRET_KEY"]
    else:
        variables["SECRET_KEY"] = secret

    result = manage("check", settings=PRODUCTION, **variables)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize("debug", ["1", "true", "on"])
def test_production_refuses_debug(debug):
    result = manage("check", settings=PRODUCTION, **production_env(DEBUG=debug))

    assert result.returncode != 0
    assert "refuse DEBUG" in result.stderr.strip().splitlines()[-1]


def test_production_refuses_to_start_without_allowed_hosts():
    variables = production_env(ALLOWED_HOSTS="")

    result = manage("check", settings=PRODUCTION, **variables)

    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr.strip().splitlines()[-1]


def test_local_with_debug_off_refuses_to_start_without_a_secret_key():
    result = manage("check", settings=LOCAL, DEBUG="0", SECRET_KEY="")

    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert "ImproperlyConfigured" in last_line
    assert "SECRET_KEY" in last_line


def test_local_runs_with_debug_on_and_no_secret_key():
    require_unset("DEBUG")
    result = manage("check", settings=LOCAL, SECRET_KEY="")

    assert result.returncode == 0, result.stderr
    assert settings_of(settings=LOCAL, SECRET_KEY="")["DEBUG"] is True


def test_local_with_debug_off_starts_with_a_secret_key():
    values = settings_of(settings=LOCAL, DEBUG="0", SECRET_KEY=STRONG_SECRET)

    assert values["DEBUG"] is False


def test_time_zone_defaults_to_shanghai_and_follows_the_environment():
    require_unset("TIME_ZONE")
    assert settings_of(settings=LOCAL)["TIME_ZONE"] == "Asia/Shanghai"
    assert settings_of(settings=LOCAL, TIME_ZONE="UTC")["TIME_ZONE"] == "UTC"


def test_database_url_for_postgresql_selects_the_postgresql_engine():
    values = settings_of(
        settings=PRODUCTION,
        DATABASE_URL="postgres://portal:s3cret@db.internal:6432/portal_prod",
        CONN_MAX_AGE="60",
        **production_env(),
    )

    assert values["DB"]["ENGINE"] == "django.db.backends.postgresql"
    assert values["DB"]["NAME"] == "portal_prod"
    assert values["DB"]["USER"] == "portal"
    assert values["DB"]["HOST"] == "db.internal"
    assert int(values["DB"]["PORT"]) == 6432
    assert values["DB"]["CONN_MAX_AGE"] == 60


def test_sqlite_beside_the_code_is_the_default_database():
    require_unset("DATABASE_URL", "CONN_MAX_AGE")
    values = settings_of(settings=LOCAL, DATABASE_URL=None)

    assert values["DB"]["ENGINE"] == "django.db.backends.sqlite3"
    assert values["DB"]["NAME"] == str(BASE_DIR / "db.sqlite3")
    assert values["DB"]["CONN_MAX_AGE"] == 0


def test_sqlite_url_waits_for_its_write_lock_instead_of_failing(tmp_path):
    database = tmp_path / "portal.sqlite3"

    values = settings_of(settings=LOCAL, DATABASE_URL=f"sqlite:///{database}")

    assert values["DB"]["ENGINE"] == "django.db.backends.sqlite3"
    assert values["DB"]["NAME"] == str(database)
    assert values["DB"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


INSTALLED = "from django.conf import settings as s; print(' '.join(s.INSTALLED_APPS))"
DEVTOOLS = "community_portal.devtools"


def installed_apps(*, settings: str, **variables: str | None) -> list[str]:
    result = manage("shell", "-c", INSTALLED, settings=settings, **variables)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1].split()


def test_production_installs_no_development_tools():
    apps = installed_apps(settings=PRODUCTION, **production_env())

    assert "community_portal.pages" in apps
    assert DEVTOOLS not in apps
    assert not [app for app in apps if "demo" in app or "bench" in app]
    # Nor do its commands exist: a production shell cannot load the demo.
    result = manage("load_demo", "--force", settings=PRODUCTION, **production_env())
    assert result.returncode != 0
    assert "Unknown command: 'load_demo'" in result.stderr


def test_local_and_test_settings_install_the_development_tools():
    assert DEVTOOLS in installed_apps(settings=LOCAL)
    assert DEVTOOLS in installed_apps(settings="community_portal.settings.test")


def test_bench_settings_are_production_plus_the_development_tools():
    production = installed_apps(settings=PRODUCTION, **production_env())
    bench = installed_apps(
        settings="community_portal.settings.bench", **production_env()
    )

    assert bench == [*production, DEVTOOLS]
    result = manage(
        "help",
        "bench_generate",
        settings="community_portal.settings.bench",
        **production_env(),
    )
    assert result.returncode == 0, result.stderr
