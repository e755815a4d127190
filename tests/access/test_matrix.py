"""The access matrix: every URL pattern of the portal (the admin aside), requested by
every role with GET and POST, answers what this table says — and never a 500.

``MATRIX`` has one row per URL pattern name (``namespace:name``). A row says how to
build the URL's arguments (objects owned by a particular user, from
``tests.access.world``) and the expected outcome per role for GET and for POST:
a status code, ``LOGIN`` (a redirect to the login page) or ``REDIRECT`` (a redirect
anywhere else). ``test_every_pattern_has_a_row`` walks the URL resolver and fails
when a pattern has no row, or a row names a pattern that no longer exists: a new
page cannot ship without saying who may open it.

POSTs go through a client with the CSRF check on (the token is sent);
``test_post_without_csrf_token_is_refused`` sends one without it.
"""

import traceback

import pytest
from django.conf import settings
from django.core.cache import cache
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from tests.access.row import LOGIN, REDIRECT
from tests.access.rows import MATRIX
from tests.access.world import (
    RESIDENT,
    ROLES,
    World,
)

# A matrix suite: CI runs it once, on PostgreSQL (.ci/run).
pytestmark = pytest.mark.matrix

# A fixed CSRF secret: set as the cookie and sent as the form's token.
CSRF_SECRET = "AccessMatrixCsrfSecret0123456789"


# --- walking the resolver ------------------------------------------------------------


def url_pattern_names(patterns=None, namespace: tuple[str, ...] = ()) -> set[str]:
    """Every pattern's ``namespace:name`` (unnamed ones by their route), through
    includes, namespaces and i18n_patterns; the admin aside."""
    names: set[str] = set()
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + ((pattern.namespace,) if pattern.namespace else ())
            if inner[:1] == ("admin",):
                continue
            names |= url_pattern_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or f"<unnamed {pattern.pattern}>"
            names.add(":".join((*namespace, name)))
    return names


def test_every_pattern_has_a_row():
    present = url_pattern_names()
    missing = sorted(present - set(MATRIX))
    stale = sorted(set(MATRIX) - present)
    assert not missing, f"URL patterns without a row in MATRIX: {missing}"
    assert not stale, f"MATRIX rows for patterns that no longer exist: {stale}"


# --- requesting every pattern as every role ---------------------------------------------


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate limits count in the cache: each test starts with none used."""
    cache.clear()
    yield
    cache.clear()


def _client(world: World, role: str, *, csrf_token: bool = True) -> Client:
    client = Client(enforce_csrf_checks=True)
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    if csrf_token:
        client.cookies[settings.CSRF_COOKIE_NAME] = CSRF_SECRET
    return client


def _outcome(response) -> object:
    if response.status_code == 302:
        login_path = resolve_url(settings.LOGIN_URL)
        return LOGIN if response["Location"].startswith(login_path) else REDIRECT
    return response.status_code


CASES = [
    pytest.param(name, role, method, id=f"{name}-{role}-{method}")
    for name in MATRIX
    for method in ("get", "post")
    for role in ROLES
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "role", "method"), CASES)
def test_access(name, role, method):
    row = MATRIX[name]
    world = World()
    url = reverse(name, kwargs=row.kwargs(world) or None)
    row.setup(world)
    client = _client(world, role)
    where = f"{method.upper()} {url} ({name}) as {role}"
    try:
        if method == "get":
            response = client.get(url, row.query(world))
            if response.streaming:  # a CSV export writes its rows only when read
                response.streamed = b"".join(response.streaming_content)
        else:
            data = {"csrfmiddlewaretoken": CSRF_SECRET, **row.data(world)}
            response = client.post(url, data)
    except Exception:  # noqa: BLE001 — a crash is a 500: report where it happened
        pytest.fail(f"500 on {where}:\n{traceback.format_exc()}")
    assert response.status_code != 500, f"500 on {where}"
    expected = getattr(row, method)[role]
    got = _outcome(response)
    location = f" → {response['Location']}" if response.status_code == 302 else ""
    assert got == expected, f"{where}: expected {expected}, got {got}{location}"
    if row.check is not None:
        row.check(world, role, method, response)


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(MATRIX))
def test_post_without_csrf_token_is_refused(name):
    """The CSRF check is on for every pattern but the declared exempt ones: a POST
    without the token is a 403 (even where the view would not accept a POST), never
    a 500."""
    row = MATRIX[name]
    world = World()
    url = reverse(name, kwargs=row.kwargs(world) or None)
    row.setup(world)
    exempt = getattr(resolve(url).func, "csrf_exempt", False)
    assert exempt == row.csrf_exempt, f"{name}: csrf_exempt is {exempt} on the view"
    client = _client(world, RESIDENT, csrf_token=False)
    response = client.post(url, row.data(world))
    expected = row.post[RESIDENT] if row.csrf_exempt else 403
    got = _outcome(response)
    assert got == expected, (
        f"POST {url} without a CSRF token: expected {expected}, got {got}"
    )
