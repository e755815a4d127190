"""Security headers on every page, HTTPS-only cookies and HSTS in production, and login
throttling by django-axes (5 failures per username + address lock the pair out)."""

import datetime
import json
import os
import subprocess
import sys

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern
from django.utils import timezone

from .factories import UserFactory

PASSWORD = "pass-word-123"
LOGIN_URL = "/accounts/login/"
ADMIN_LOGIN_URL = "/admin/login/"

PRODUCTION_LIKE = {
    "SECURE_HSTS_SECONDS": 31_536_000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_SSL_REDIRECT": False,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "LANGUAGE_COOKIE_SECURE": True,
}


# ------------------------------------------------------------------ headers


def _plain_paths(patterns, prefix: str = "") -> list[str]:
    """Every URL of the portal that takes no argument (``/``, ``/venues/``, …)."""
    paths = []
    for entry in patterns:
        pattern = entry.pattern
        if isinstance(pattern, RoutePattern):
            if pattern.converters:
                continue
            route = prefix + str(pattern)
        elif isinstance(entry, URLResolver) and str(pattern) == "":
            route = prefix  # the unprefixed (default-language) i18n patterns
        else:
            continue  # regex routes: the admin's per-model pages, media
        if isinstance(entry, URLResolver):
            paths.extend(_plain_paths(entry.url_patterns, route))
        elif isinstance(entry, URLPattern):
            paths.append("/" + route)
    return sorted(set(paths))


def _directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def assert_security_headers(response) -> None:
    csp = response.headers.get("Content-Security-Policy")
    assert csp, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    directives = _directives(csp)
    script_src = directives.get("script-src", directives.get("default-src"))
    assert script_src, csp
    assert "'unsafe-inline'" not in script_src, csp
    assert "'unsafe-eval'" not in script_src, csp
    assert directives.get("frame-ancestors") == ["'none'"], csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "superuser"])
def test_every_page_carries_the_security_headers(client, who):
    if who == "superuser":
        # Logged in, the admin's lists and forms render instead of redirecting.
        client.force_login(
            UserFactory(username="root", is_staff=True, is_superuser=True)
        )
    paths = _plain_paths(get_resolver().url_patterns)
    # The crawl must really reach the pages, or this test proves nothing.
    assert {"/", LOGIN_URL, ADMIN_LOGIN_URL} <= set(paths)
    # This test is about headers; broken pages fail their own tests. A 500 page is
    # checked as well: it must carry the headers too.
    client.raise_request_exception = False
    rendered = 0
    for path in paths:
        response = client.get(path)
        if response.headers.get("Content-Type", "").startswith("text/html"):
            assert_security_headers(response)
            rendered += response.status_code == 200
    assert rendered >= 5


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/", "/en/", LOGIN_URL, "/en" + LOGIN_URL, "/no-such-page/"]
)
def test_html_pages_carry_the_security_headers(client, path):
    response = client.get(path)
    assert response.status_code in (200, 404)
    assert response.headers["Content-Type"].startswith("text/html")
    assert_security_headers(response)


@pytest.mark.django_db
def test_admin_pages_carry_the_security_headers(client):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.django_db
def test_no_hsts_over_plain_http(client):
    with override_settings(**PRODUCTION_LIKE):
        response = client.get("/")
    assert "Strict-Transport-Security" not in response.headers


@pytest.mark.django_db
def test_https_gets_hsts(client):
    with override_settings(**PRODUCTION_LIKE):
        response = client.get("/", secure=True)
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains"
    )


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https_when_asked(client):
    with override_settings(**{**PRODUCTION_LIKE, "SECURE_SSL_REDIRECT": True}):
        response = client.get("/accounts/login/")
    assert response.status_code == 301
    assert response.headers["Location"] == "https://testserver/accounts/login/"


# ------------------------------------------------------------------ cookies


@pytest.mark.django_db
def test_csrf_cookie_is_secure_and_http_only(client):
    with override_settings(**PRODUCTION_LIKE):
        response = client.get(LOGIN_URL, secure=True)
    cookie = response.cookies[settings.CSRF_COOKIE_NAME]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


@pytest.mark.django_db
def test_session_cookie_after_login_is_secure_and_http_only(client, resident):
    with override_settings(**PRODUCTION_LIKE):
        response = client.post(
            LOGIN_URL, {"username": "resident", "password": PASSWORD}, secure=True
        )
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie.value
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    # Every other cookie set on the way is HTTPS-only as well.
    for name, morsel in response.cookies.items():
        if morsel.value:
            assert morsel["secure"] is True, name


@pytest.mark.django_db
def test_display_cookie_is_secure_over_https(client):
    with override_settings(**PRODUCTION_LIKE):
        response = client.post(
            "/display/", {"large_text": "1", "next": "/"}, secure=True
        )
    assert response.status_code == 302
    cookies = [morsel for morsel in response.cookies.values() if morsel.value]
    assert cookies
    for morsel in cookies:
        assert morsel["secure"] is True
        assert morsel["httponly"] is True


def test_production_settings_are_strict():
    """The production module itself: HTTPS settings on, and no start without a secret."""
    code = (
        "import json; from django.conf import settings as s; print(json.dumps({"
        "'hsts': s.SECURE_HSTS_SECONDS, 'ssl_redirect': s.SECURE_SSL_REDIRECT, "
        "'session_secure': s.SESSION_COOKIE_SECURE, "
        "'csrf_secure': s.CSRF_COOKIE_SECURE, 'csrf_httponly': s.CSRF_COOKIE_HTTPONLY, "
        "'session_httponly': s.SESSION_COOKIE_HTTPONLY, 'debug': s.DEBUG, "
        "'frame': s.X_FRAME_OPTIONS, 'backends': s.AUTHENTICATION_BACKENDS, "
        "'middleware': s.MIDDLEWARE}))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "community_portal.settings.production",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "portal.example.org",
        "AXES_TRUSTED_PROXY_COUNT": "1",
    }
    env.pop("DEBUG", None)
    env.pop("SECURE_HSTS_SECONDS", None)
    env.pop("SECURE_SSL_REDIRECT", None)
    completed = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    )
    values = json.loads(completed.stdout)
    assert values["hsts"] >= 31_536_000
    assert values["ssl_redirect"] is True
    assert values["session_secure"] and values["session_httponly"]
    assert values["csrf_secure"] and values["csrf_httponly"]
    assert values["debug"] is False
    assert values["frame"] == "DENY"
    # Axes must see every attempt first, and its middleware must come after auth.
    assert values["backends"][0] == "community_portal.security.PortalAxesBackend"
    middleware = values["middleware"]
    assert middleware.index("axes.middleware.AxesMiddleware") > middleware.index(
        "django.contrib.auth.middleware.AuthenticationMiddleware"
    )
    # The page cache's update step must be outermost (Django's rule for it); the
    # security headers come right after, so cached pages get them too.
    # Forwarded headers are dropped (unless from the proxy) before anything reads them.
    assert middleware[:3] == [
        "community_portal.middleware.UpdateAnonymousCacheMiddleware",
        "community_portal.security.ForwardedHeadersMiddleware",
        "django.middleware.security.SecurityMiddleware",
    ]

    env["SECRET_KEY"] = ""
    refused = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=settings.BASE_DIR,
    )
    assert refused.returncode != 0
    assert "SECRET_KEY" in refused.stderr


# ------------------------------------------------------------------ throttling


def _attempt(client, url: str, username: str, password: str, ip: str = "127.0.0.1"):
    return client.post(
        url, {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def _fail(client, url: str, username: str, times: int, ip: str = "127.0.0.1"):
    """``times`` wrong passwords, each answered with the login form again."""
    for _attempt_number in range(times):
        response = _attempt(client, url, username, "wrong-password", ip)
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session


def assert_locked_out(response) -> None:
    assert response.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in response.templates]
    assert response.context["failure_limit"] == 5
    assert_security_headers(response)


@pytest.mark.django_db
def test_fifth_failure_locks_the_user_out(client, resident):
    assert settings.AXES_FAILURE_LIMIT == 5
    _fail(client, LOGIN_URL, "resident", 4)

    assert_locked_out(_attempt(client, LOGIN_URL, "resident", "wrong-password"))

    # Even the right password does not get in while locked.
    response = _attempt(client, LOGIN_URL, "resident", PASSWORD)
    assert_locked_out(response)
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_lockout_page_says_so_plainly(client, resident):
    _fail(client, "/en" + LOGIN_URL, "resident", 4)
    response = _attempt(client, "/en" + LOGIN_URL, "resident", "wrong-password")
    assert_locked_out(response)
    content = response.content.decode()
    assert "Too many attempts" in content
    assert 'type="password"' not in content  # no form to keep hammering at


@pytest.mark.django_db
def test_success_before_the_limit_resets_the_count(client, resident):
    _fail(client, LOGIN_URL, "resident", 4)
    response = _attempt(client, LOGIN_URL, "resident", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(resident.pk)
    client.logout()

    # Without the reset the first of these would be failure number five.
    _fail(client, LOGIN_URL, "resident", 4)
    assert _attempt(client, LOGIN_URL, "resident", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_lockout_is_per_username_and_address(client, resident):
    UserFactory(username="neighbour")
    _fail(client, LOGIN_URL, "resident", 4, ip="10.0.0.1")
    assert_locked_out(_attempt(client, LOGIN_URL, "resident", "wrong", "10.0.0.1"))

    # The same account from another address, another account from the same address.
    assert (
        _attempt(client, LOGIN_URL, "resident", PASSWORD, "10.0.0.2").status_code == 302
    )
    client.logout()
    assert (
        _attempt(client, LOGIN_URL, "neighbour", PASSWORD, "10.0.0.1").status_code
        == 302
    )


@pytest.mark.django_db
def test_lockout_ends_after_the_cool_off(client, resident):
    _fail(client, LOGIN_URL, "resident", 4)
    assert_locked_out(_attempt(client, LOGIN_URL, "resident", "wrong-password"))

    cool_off = datetime.timedelta(hours=settings.AXES_COOLOFF_TIME)
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - cool_off - datetime.timedelta(minutes=1)
    )
    assert _attempt(client, LOGIN_URL, "resident", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_admin_login_is_throttled_the_same_way(client):
    UserFactory(username="staff", is_staff=True, is_superuser=True)
    _fail(client, ADMIN_LOGIN_URL, "staff", 4)

    assert_locked_out(_attempt(client, ADMIN_LOGIN_URL, "staff", "wrong-password"))
    assert_locked_out(_attempt(client, ADMIN_LOGIN_URL, "staff", PASSWORD))
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_admin_and_portal_logins_share_one_count(client):
    UserFactory(username="staff", is_staff=True, is_superuser=True)
    _fail(client, LOGIN_URL, "staff", 2)
    _fail(client, ADMIN_LOGIN_URL, "staff", 2)

    assert_locked_out(_attempt(client, ADMIN_LOGIN_URL, "staff", "wrong-password"))
    assert_locked_out(_attempt(client, LOGIN_URL, "staff", PASSWORD))


@pytest.mark.django_db
@override_settings(AXES_TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_the_forwarded_client_address_counts(client, resident):
    """nginx connects from 127.0.0.1 and appends the real client to X-Forwarded-For."""

    def attempt(password: str, forwarded_for: str):
        return client.post(
            LOGIN_URL,
            {"username": "resident", "password": password},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=forwarded_for,
        )

    for _attempt_number in range(4):
        assert attempt("wrong-password", "203.0.113.5").status_code == 200
    assert_locked_out(attempt("wrong-password", "203.0.113.5"))
    # Putting another address in front of the header does not get the attacker out.
    assert_locked_out(attempt(PASSWORD, "198.51.100.7, 203.0.113.5"))
    # The resident at home, behind the same proxy, is not locked out by the attacker.
    assert attempt(PASSWORD, "198.51.100.7").status_code == 302


@pytest.mark.django_db
def test_tries_while_locked_out_do_not_restart_the_cool_off(client, resident):
    _fail(client, LOGIN_URL, "resident", 4)
    assert_locked_out(_attempt(client, LOGIN_URL, "resident", "wrong-password"))
    locked_at = timezone.now() - datetime.timedelta(minutes=14)
    AccessAttempt.objects.update(attempt_time=locked_at)

    # The resident keeps trying (wrong and right) during the lockout ...
    for password in ("wrong-password", PASSWORD, "wrong-password"):
        assert_locked_out(_attempt(client, LOGIN_URL, "resident", password))
    assert AccessAttempt.objects.get().attempt_time == locked_at

    # ... and is let in when the first 15 minutes are over, not 15 after the last try.
    AccessAttempt.objects.update(attempt_time=locked_at - datetime.timedelta(minutes=2))
    assert _attempt(client, LOGIN_URL, "resident", PASSWORD).status_code == 302


@pytest.fixture
def login_limits(settings, monkeypatch):
    """Limits on, no counters left over, and the rate limits' clock stopped inside
    one window: the limits count per fixed window, so a run that crossed a boundary
    (every quarter hour for "30/15m") would start counting again half-way."""
    from django.core.cache import cache

    from community_portal import ratelimit
    from tests.ratelimit.support import START, FakeClock

    monkeypatch.setattr(ratelimit, "time", FakeClock(START))
    settings.RATE_LIMITS_ENABLED = True
    cache.clear()
    yield settings
    cache.clear()


@pytest.mark.django_db
def test_password_spraying_from_one_address_is_throttled(client, login_limits):
    """150 tries over 50 usernames, three each: under every per-username lockout."""
    users = [UserFactory(username=f"user{number}") for number in range(50)]
    outcomes = [
        _attempt(client, LOGIN_URL, user.username, f"guess-{round_}", "10.9.9.9")
        for round_ in range(3)
        for user in users
    ]
    statuses = [response.status_code for response in outcomes]

    limit = 30
    assert statuses[:limit] == [200] * limit
    assert set(statuses[limit:]) == {429}
    assert_locked_out(outcomes[-1])
    # Even the right password is not checked from that address now ...
    response = _attempt(client, LOGIN_URL, "user7", PASSWORD, "10.9.9.9")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # ... and residents elsewhere are not affected.
    assert _attempt(client, LOGIN_URL, "user7", PASSWORD, "10.1.1.1").status_code == 302


@pytest.mark.django_db
def test_refused_tries_do_not_count_against_the_address(client, login_limits, resident):
    _fail(client, LOGIN_URL, "resident", 4, ip="10.3.3.3")
    for _try in range(40):  # locked out: refused before the password is checked
        assert (
            _attempt(client, LOGIN_URL, "resident", "x", "10.3.3.3").status_code == 429
        )
    # Another account from the same address still gets its own five tries.
    UserFactory(username="neighbour")
    _fail(client, LOGIN_URL, "neighbour", 4, ip="10.3.3.3")


@pytest.mark.django_db
def test_lockout_page_says_how_long_to_wait_and_where_to_get_help(client, resident):
    _fail(client, "/en" + LOGIN_URL, "resident", 4)
    response = _attempt(client, "/en" + LOGIN_URL, "resident", "wrong-password")

    assert_locked_out(response)
    content = response.content.decode()
    assert "Please wait 15 minutes" in content
    assert "community service desk" in content
    assert 'href="/en/accounts/password_reset/"' in content
    assert response["Retry-After"] == "900"


@pytest.mark.django_db
@override_settings(AXES_TRUSTED_PROXY_COUNT=1)
def test_forwarded_headers_from_anyone_but_the_proxy_are_ignored(client, resident):
    """A client reaching a node directly cannot pick its address for the lockout."""
    for number in range(5):
        response = client.post(
            LOGIN_URL,
            {"username": "resident", "password": "wrong-password"},
            REMOTE_ADDR="192.0.2.66",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{number}",
        )
    assert_locked_out(response)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {
        "192.0.2.66"
    }


def test_forwarded_proto_is_dropped_unless_from_the_proxy(rf, settings):
    from community_portal.security import ForwardedHeadersMiddleware

    seen = {}

    def view(request):
        seen["secure"] = request.is_secure()
        seen["for"] = request.META.get("HTTP_X_FORWARDED_FOR")
        return None

    middleware = ForwardedHeadersMiddleware(view)
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.AXES_TRUSTED_PROXY_COUNT = 1
    headers = {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}

    middleware(rf.get("/", REMOTE_ADDR="192.0.2.66", **headers))
    assert seen == {"secure": False, "for": None}
    middleware(rf.get("/", REMOTE_ADDR="127.0.0.1", **headers))
    assert seen == {"secure": True, "for": "1.2.3.4"}
    settings.AXES_TRUSTED_PROXY_COUNT = 0  # "none": nobody's forwarding is believed
    middleware(rf.get("/", REMOTE_ADDR="127.0.0.1", **headers))
    assert seen == {"secure": False, "for": None}
