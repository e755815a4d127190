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

import datetime
import traceback
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.cache import cache
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from activities.models import Registration
from tests.access import world as w
from tests.access.world import (
    ANONYMOUS,
    GRID2,
    LEADER,
    RESIDENT,
    ROLES,
    STAFF,
    VOLUNTEER,
    World,
)
from volunteers.models import ServiceRequest, VolunteerShift

LOGIN = "login"  # 302 to the login page
REDIRECT = "redirect"  # 302 anywhere but the login page

# A fixed CSRF secret: set as the cookie and sent as the form's token.
CSRF_SECRET = "AccessMatrixCsrfSecret0123456789"


def each(default, **overrides) -> dict[str, object]:
    """The same outcome for every role, except the ones named."""
    unknown = set(overrides) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return {role: overrides.get(role, default) for role in ROLES}


def member(default, **overrides) -> dict[str, object]:
    """Logged-in users only: anonymous visitors are sent to the login page."""
    return each(default, **{ANONYMOUS: LOGIN, **overrides})


# Who does grid work: grid workers of either grid, and community staff.
GRID_WORK = each(403, anonymous=LOGIN, grid1=200, grid2=200, staff=200)
# Grid worker 1's entry: grid worker 2 must not find it.
GRID1_ENTRY = each(403, anonymous=LOGIN, grid1=200, grid2=404, staff=200)
STAFF_ONLY = each(403, anonymous=LOGIN, staff=200)
NOBODY = each(405)


@dataclass(frozen=True)
class Row:
    get: dict[str, object]
    post: dict[str, object]
    # URL kwargs, built from the world (creating the objects they name).
    kwargs: Callable[[World], dict] = lambda world: {}
    # Objects to make before the request that the URL does not name.
    setup: Callable[[World], object] = lambda world: None
    # A GET query string, for pages that do more with one (exports, ranges).
    query: Callable[[World], dict] = lambda world: {}
    # A minimal POST body (the CSRF token is added); empty unless given.
    data: Callable[[World], dict] = lambda world: {}
    # Extra assertions on a response: check(world, role, method, response).
    check: Callable | None = None
    # Declared here, checked against the view: a new exempt view must say so.
    csrf_exempt: bool = False


def public() -> dict:
    """A page anyone reads; it accepts no POST."""
    return {"get": each(200), "post": NOBODY}


# --- checks of "objects of other users": what a page must (not) show ----------------


def _body(response) -> str:
    return response.content.decode(errors="replace")


def check_me(world, role, method, response):
    if role == RESIDENT and method == "get":
        body = _body(response)
        assert w.RESIDENT_ACTIVITY_TITLE in body
        assert w.OTHER_ACTIVITY_TITLE not in body, "/me/ shows another user's seat"


def check_service_list(world, role, method, response):
    if method == "get" and role != ANONYMOUS:
        link = reverse("volunteers:service_detail", args=[world.service_request.pk])
        shown = f'href="{link}"' in _body(response)
        may_see = role in (RESIDENT, LEADER, STAFF)
        assert shown == may_see, (
            f"the resident's service request {'shown' if shown else 'not shown'} "
            f"to {role}"
        )


def check_work_home(world, role, method, response):
    if method == "get" and role in (GRID2,):
        assert w.GRID1_VISIT_NOTE not in _body(response), (
            "grid worker 2 sees grid 1's visit log"
        )


def check_matter_board(world, role, method, response):
    if method == "get" and role not in (RESIDENT, STAFF):
        assert w.HIDDEN_MATTER_TITLE not in _body(response), (
            f"a hidden matter is on the board for {role}"
        )


def check_organiser_tools(world, role, method, response):
    if method == "get":
        link = reverse("activities:checkin", args=[world.activity.pk])
        shown = f'href="{link}"' in _body(response)
        assert shown == (role in (LEADER, STAFF)), (
            f"the organisers' tools {'shown' if shown else 'not shown'} to {role}"
        )


def check_csv(world, role, method, response):
    if method == "get" and role == STAFF:
        assert response["Content-Type"].startswith("text/csv")
        assert response.streamed.decode("utf-8-sig").count("\n") == 2, (
            "the export has a header and the one entry of the month"
        )


EDITED_TITLE = "改过的标题"


def check_matter_kept(world, role, method, response):
    if method == "post" and role != ANONYMOUS:
        world.open_matter.refresh_from_db()
        edited = world.open_matter.title == EDITED_TITLE
        assert edited == (role == RESIDENT), f"{role} edited the resident's matter"


def check_shift_kept(world, role, method, response):
    if method == "post" and role not in (VOLUNTEER, ANONYMOUS):
        world.volunteer_shift.refresh_from_db()
        assert world.volunteer_shift.status != VolunteerShift.Status.CANCELLED, (
            f"{role} cancelled the volunteer's shift"
        )


def check_request_kept(world, role, method, response):
    if method == "post" and role not in (RESIDENT, STAFF, ANONYMOUS):
        world.service_request.refresh_from_db()
        assert world.service_request.status != ServiceRequest.Status.CANCELLED, (
            f"{role} cancelled the resident's service request"
        )


def check_registration_kept(world, role, method, response):
    if method == "post" and role not in (RESIDENT, ANONYMOUS):
        registration = Registration.objects.get(pk=world.resident_registration.pk)
        assert registration.status == Registration.Status.CONFIRMED, (
            f"{role} cancelled the resident's registration"
        )


def this_month(world) -> dict:
    today = timezone.localdate()
    start = today - datetime.timedelta(days=30)
    return {"start": start.isoformat(), "end": today.isoformat()}


# --- the matrix ---------------------------------------------------------------------

ACTIVITY = lambda world: {"pk": world.activity.pk}  # noqa: E731
PAST_ACTIVITY = lambda world: {"pk": world.past_activity.pk}  # noqa: E731
VISIT = lambda world: {"pk": world.visit_log.pk}  # noqa: E731
ISSUE = lambda world: {"pk": world.issue_report.pk}  # noqa: E731
CHECK = lambda world: {"pk": world.sorting_check.pk}  # noqa: E731

MATRIX: dict[str, Row] = {
    # --- portal-wide --------------------------------------------------------------------
    "healthz": Row(**public()),
    "set_language": Row(get=each(REDIRECT), post=each(REDIRECT)),
    "home": Row(**public()),
    # Exempt: a cross-site POST could at worst change someone's font size.
    "toggle_large_text": Row(get=NOBODY, post=each(REDIRECT), csrf_exempt=True),
    # --- accounts -------------------------------------------------------------------
    "accounts:signup": Row(
        get=each(REDIRECT, anonymous=200), post=each(REDIRECT, anonymous=200)
    ),
    "accounts:profile": Row(get=member(200), post=member(200)),
    "login": Row(get=each(200), post=each(200)),
    "logout": Row(get=NOBODY, post=each(REDIRECT)),
    "password_change": Row(get=member(200), post=member(200)),
    "password_change_done": Row(get=member(200), post=member(405)),
    "password_reset": Row(get=each(200), post=each(200)),
    "password_reset_done": Row(**public()),
    "password_reset_confirm": Row(
        get=each(200),
        post=each(200),
        kwargs=lambda world: {
            "uidb64": urlsafe_base64_encode(force_bytes(world.resident.pk)),
            "token": "not-a-valid-token",
        },
    ),
    "password_reset_complete": Row(**public()),
    "me": Row(
        get=member(200),
        post=member(405),
        setup=lambda world: (world.resident_registration, world.other_registration),
        check=check_me,
    ),
    # --- venues, alliances, the talk corridor ---------------------------------------------
    "venues:list": Row(**public()),
    "venues:detail": Row(**public(), kwargs=lambda world: {"slug": world.venue.slug}),
    "venues:alliance_list": Row(**public()),
    "venues:alliance_detail": Row(
        **public(), kwargs=lambda world: {"slug": world.alliance.slug}
    ),
    "venues:matter_board": Row(
        **public(),
        setup=lambda world: world.hidden_matter,
        check=check_matter_board,
    ),
    "venues:matter_create": Row(get=member(200), post=member(200)),
    "venues:matter_detail": Row(
        get=each(404, resident=200, staff=200),
        post=NOBODY,
        kwargs=lambda world: {"pk": world.hidden_matter.pk},
    ),
    "venues:matter_edit": Row(
        get=member(REDIRECT, resident=200),
        post=member(REDIRECT),
        kwargs=lambda world: {"pk": world.open_matter.pk},
        data=lambda world: {
            "title": EDITED_TITLE,
            "description": "改过的描述",
            "category": world.open_matter.category,
        },
        check=check_matter_kept,
    ),
    "venues:matter_second": Row(
        get=NOBODY,
        post=member(404, resident=REDIRECT, staff=REDIRECT),
        kwargs=lambda world: {"pk": world.hidden_matter.pk},
    ),
    # Staff only: anyone else is refused before the form is read (an empty POST
    # must not hand a resident the staff's form).
    "venues:matter_handle": Row(
        get=NOBODY,
        post=member(403, staff=200),
        kwargs=lambda world: {"pk": world.open_matter.pk},
    ),
    # --- grids ------------------------------------------------------------------------
    "grids:list": Row(**public()),
    "grids:detail": Row(
        **public(), kwargs=lambda world: {"number": world.grid_1.number}
    ),
    "grids:work_home": Row(
        get=GRID_WORK,
        post=NOBODY,
        setup=lambda world: world.visit_log,
        check=check_work_home,
    ),
    "grids:visit_create": Row(get=GRID_WORK, post=GRID_WORK),
    "grids:visit_detail": Row(get=GRID1_ENTRY, post=NOBODY, kwargs=VISIT),
    "grids:visit_edit": Row(get=GRID1_ENTRY, post=GRID1_ENTRY, kwargs=VISIT),
    "grids:issue_create": Row(get=GRID_WORK, post=GRID_WORK),
    "grids:issue_detail": Row(get=GRID1_ENTRY, post=NOBODY, kwargs=ISSUE),
    "grids:issue_edit": Row(get=GRID1_ENTRY, post=GRID1_ENTRY, kwargs=ISSUE),
    "grids:issue_assign": Row(
        get=NOBODY, post=each(403, anonymous=LOGIN, staff=REDIRECT), kwargs=ISSUE
    ),
    "grids:issue_resolve": Row(get=NOBODY, post=STAFF_ONLY, kwargs=ISSUE),
    "grids:check_create": Row(get=GRID_WORK, post=GRID_WORK),
    "grids:check_detail": Row(get=GRID1_ENTRY, post=NOBODY, kwargs=CHECK),
    "grids:check_edit": Row(get=GRID1_ENTRY, post=GRID1_ENTRY, kwargs=CHECK),
    "grids:staff_overview": Row(
        get=STAFF_ONLY,
        post=NOBODY,
        setup=lambda world: world.visit_log,
        query=lambda world: {"grid": "1"},
    ),
    "grids:export_visits": Row(
        get=STAFF_ONLY,
        post=NOBODY,
        setup=lambda world: world.visit_log,
        query=this_month,
        check=check_csv,
    ),
    "grids:export_checks": Row(
        get=STAFF_ONLY,
        post=NOBODY,
        setup=lambda world: world.sorting_check,
        query=this_month,
        check=check_csv,
    ),
    # --- teams and the volunteer alliance -------------------------------------------------
    "volunteers:team_list": Row(**public()),
    "volunteers:team_detail": Row(
        **public(), kwargs=lambda world: {"slug": world.leader_team.slug}
    ),
    "volunteers:team_join": Row(
        get=member(405),
        post=member(REDIRECT),
        kwargs=lambda world: {"slug": world.other_team.slug},
    ),
    "volunteers:hub": Row(**public()),
    "volunteers:leaderboard": Row(**public()),
    "volunteers:apply": Row(get=member(200), post=member(REDIRECT, volunteer=200)),
    "volunteers:me": Row(get=member(REDIRECT, volunteer=200), post=member(405)),
    "volunteers:certificate": Row(get=member(404, volunteer=200), post=member(405)),
    "volunteers:shop": Row(**public()),
    "volunteers:redeem": Row(
        get=member(405),
        post=member(REDIRECT),
        kwargs=lambda world: {"pk": world.reward.pk},
    ),
    "volunteers:shop_confirm": Row(
        get=member(404, staff=200), post=member(404, staff=200)
    ),
    "volunteers:activity": Row(
        **public(), kwargs=lambda world: {"pk": world.volunteer_role.activity_id}
    ),
    "volunteers:role_sign_up": Row(
        get=member(405),
        post=member(REDIRECT),
        kwargs=lambda world: {"pk": world.volunteer_role.pk},
    ),
    "volunteers:shift_action": Row(
        get=member(405),
        post=member(404, volunteer=REDIRECT),
        kwargs=lambda world: {"pk": world.volunteer_shift.pk, "action": "cancel"},
        check=check_shift_kept,
    ),
    "volunteers:leader": Row(
        get=member(404, leader=200, staff=200), post=member(404, leader=200, staff=200)
    ),
    "volunteers:membership_decide": Row(
        get=member(405),
        post=member(404, leader=REDIRECT, staff=REDIRECT),
        kwargs=lambda world: {"pk": world.pending_membership.pk},
    ),
    "volunteers:staff_applications": Row(get=member(404, staff=200), post=member(405)),
    "volunteers:staff_application_decide": Row(
        get=member(405),
        post=member(404, staff=REDIRECT),
        kwargs=lambda world: {"pk": world.pending_volunteer.pk},
    ),
    "volunteers:staff_hours_verify": Row(
        get=member(405), post=member(404, staff=REDIRECT)
    ),
    "volunteers:service_list": Row(
        get=member(200),
        post=member(405),
        setup=lambda world: world.service_request,
        check=check_service_list,
    ),
    "volunteers:service_new": Row(get=member(200), post=member(200)),
    "volunteers:service_detail": Row(
        get=member(404, resident=200, leader=200, staff=200),
        post=member(405),
        kwargs=lambda world: {"pk": world.service_request.pk},
    ),
    "volunteers:service_action": Row(
        get=member(405),
        post=member(404, resident=REDIRECT, leader=REDIRECT, staff=REDIRECT),
        kwargs=lambda world: {"pk": world.service_request.pk, "action": "cancel"},
        check=check_request_kept,
    ),
    # --- activities -------------------------------------------------------------------
    "activities:list": Row(**public()),
    "activities:calendar": Row(**public()),
    "activities:feed": Row(**public()),
    "activities:highlights": Row(**public()),
    "activities:detail": Row(**public(), kwargs=ACTIVITY, check=check_organiser_tools),
    "activities:ics": Row(**public(), kwargs=ACTIVITY),
    "activities:register": Row(
        get=member(REDIRECT),
        post=member(REDIRECT),
        kwargs=ACTIVITY,
        data=lambda world: {"companions": "0"},
    ),
    "activities:cancel_registration": Row(
        get=member(REDIRECT),
        post=member(REDIRECT),
        kwargs=ACTIVITY,
        check=check_registration_kept,
    ),
    "activities:rate": Row(
        get=member(REDIRECT),
        post=member(409, resident=REDIRECT),
        kwargs=PAST_ACTIVITY,
        data=lambda world: {"score": "5", "comment": "很好"},
    ),
    "activities:checkin": Row(
        get=each(403, anonymous=LOGIN, leader=200, staff=200),
        post=each(403, anonymous=LOGIN, leader=200, staff=200),
        kwargs=ACTIVITY,
    ),
    "activities:checkin_registration": Row(
        get=member(405),
        post=each(403, anonymous=LOGIN, leader=REDIRECT, staff=REDIRECT),
        kwargs=lambda world: {
            "pk": world.activity.pk,
            "registration_pk": world.resident_registration.pk,
        },
    ),
    "activities:walk_in": Row(get=member(405), post=STAFF_ONLY, kwargs=ACTIVITY),
    "activities:record": Row(
        get=each(403, anonymous=LOGIN, leader=200, staff=200),
        post=each(403, anonymous=LOGIN, leader=200, staff=200),
        kwargs=PAST_ACTIVITY,
    ),
    "activities:staff_satisfaction": Row(
        get=STAFF_ONLY,
        post=member(405),
        setup=lambda world: world.past_activity,
        query=this_month,
    ),
}


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
