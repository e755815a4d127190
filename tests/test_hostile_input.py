"""Hostile input (issue 6, point 2): nasty values posted to every form of the portal.

Hypothesis draws, for each field of a form, either a valid value or a nasty one (very
long text, emoji, control characters, NUL bytes, RTL marks, HTML and ``<script>``, SQL
fragments, impossible dates, negative and huge numbers, empty and blank text, invalid
choices and ids, several values for one field, a missing field, bytes that are not
UTF-8, files that are not images). It sends them as the role that may use the form and
asserts:

- no answer is a 500 (the test client re-raises a view's exception, so a crash fails
  with its traceback);
- a form shown again, a refusal (403/404/429) or an error message saved nothing: the
  row counts of the portal's apps and the edited row are unchanged (a GET never
  writes at all);
- the page never echoes a typed ``<script>`` or ``<img onerror>`` unescaped.

Every example runs in a savepoint that is rolled back, so the data the ``world``
fixture built once is the same for each example (hypothesis does not re-run function
fixtures between examples); the cache (rate-limit counters) is cleared per example.
"""

import datetime
import io
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from django.apps import apps
from django.contrib import messages
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.urls import (
    NoReverseMatch,
    URLPattern,
    URLResolver,
    get_resolver,
    reverse,
)
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from activities.models import Registration
from community_portal.permissions import Role
from grids.models import IssueCategory, VisitTopic
from tests.activities.factories import RegistrationFactory
from tests.factories import (
    ActivityFactory,
    BuildingFactory,
    MerchantFactory,
    UserFactory,
)
from tests.grids.factories import (
    IssueReportFactory,
    SortingCheckFactory,
    VisitLogFactory,
)
from tests.venues.factories import MatterFactory
from tests.volunteers.factories import (
    HoursEntryFactory,
    RedemptionFactory,
    RewardFactory,
    ServiceRequestFactory,
    TeamMembershipFactory,
    VolunteerFactory,
    VolunteerRoleFactory,
    VolunteerShiftFactory,
    give_points,
    past_activity,
)
from volunteers.models import HoursEntry, MerchantClerk, ServiceRequest

PROJECT_APPS = ("accounts", "venues", "grids", "volunteers", "activities")
XSS_MARKERS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")

# --- nasty values ------------------------------------------------------------------------


class _Marker:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


OMIT = _Marker("OMIT")  # the field is not sent at all
FROM_WORLD = _Marker("FROM_WORLD")  # the valid value is an id of the world's rows
# Bytes that are not UTF-8: sent raw when the body is urlencoded, as U+FFFD otherwise.
BAD_UTF8 = _Marker("BAD_UTF8")

NASTY_TEXT = [
    "",
    " ",
    "  \t\n\r  ",
    "\x00",
    "abc\x00def",
    "".join(map(chr, range(1, 32))) + "\x7f\x85",
    "\u202eevil.exe\u202c",
    "\u200f\u200e\u2066x\u2069\ufeff\u200b",
    "👨‍👩‍👧‍👦🏳️‍🌈😀🀄",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR 1=1 --",
    "'; DROP TABLE accounts_user; --",
    '" OR ""="',
    "%s %(name)s {0} {{ x }} {% debug %}",
    "../../../../etc/passwd",
    "\\",
    "=cmd|' /C calc'!A0",
    "javascript:alert(1)",
    "//evil.example/",
    "张\u0301三\u0300",
    "２０２６",
    "٣٤",
    "None",
    "null",
    "true",
    "[]",
]
NASTY_DATES = [
    "0000-00-00",
    "9999-99-99",
    "2026-02-30",
    "2026-13-01",
    "0001-01-01",
    "9999-12-31",
    "1900-01-01",
    "10000-01-01",
    "-0001-01-01",
    "2026-12-05T25:61",
    "9999-12-31T23:59",
    "0001-01-01T00:00",
    "0001-01-01 00:00",
]
NASTY_NUMBERS = [
    "-1",
    "0",
    "-0",
    "1.5",
    "1e309",
    "-1e309",
    "NaN",
    "inf",
    "0x10",
    "2147483648",
    "9223372036854775808",
    str(10**30),
    str(-(10**30)),
    "99999999999999999999999999999999999999999999999999",
]
LONG_TEXT = [
    "x" * 10_001,
    "悦" * 12_000,
    "😀" * 10_500,
    "<script>alert(1)</script>" * 500,
    "\x00" * 10_000,
]

nasty_value = st.one_of(
    st.sampled_from(NASTY_TEXT + NASTY_DATES + NASTY_NUMBERS),
    st.sampled_from(LONG_TEXT),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=60),
    st.just(BAD_UTF8),
)


def field_values(valid: st.SearchStrategy) -> st.SearchStrategy:
    """A valid value, a nasty one, several values at once, or nothing. Hypothesis
    shrinks towards the first branch, so a failing example keeps only the values that
    matter."""
    return st.one_of(
        valid,
        nasty_value,
        st.lists(st.one_of(valid, nasty_value), min_size=2, max_size=3),
        st.just(OMIT),
    )


def valid(*values) -> st.SearchStrategy:
    return st.sampled_from(values)


# --- hostile files -----------------------------------------------------------------------


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), "red").save(buffer, "JPEG")
    return buffer.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def _png_bomb() -> bytes:
    """A tiny PNG that claims to be 60000×60000 pixels (a decompression bomb)."""
    header = struct.pack(">IIBBBBB", 60_000, 60_000, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 100))
        + _png_chunk(b"IEND", b"")
    )


JPEG = _jpeg()
FILES = {
    "jpeg": ("photo.jpg", JPEG, "image/jpeg"),
    "script-name": ("<script>alert(1)</script>.jpg", JPEG, "image/jpeg"),
    "path-name": ("../../../etc/passwd.jpg", JPEG, "image/jpeg"),
    "text": ("note.jpg", b"not an image at all", "image/jpeg"),
    "html": ("page.jpg", b"<html><script>alert(1)</script></html>", "text/html"),
    "empty": ("empty.jpg", b"", "image/jpeg"),
    "truncated": ("cut.jpg", JPEG[:40], "image/jpeg"),
    "bomb": ("bomb.png", _png_bomb(), "image/png"),
    "nul-name": ("a\x00b.jpg", JPEG, "image/jpeg"),
}
file_values = st.one_of(
    st.just(OMIT),
    st.lists(st.sampled_from(sorted(FILES)), min_size=1, max_size=3),
    st.lists(st.just("jpeg"), min_size=7, max_size=13),  # over the photo limits
)


def _upload(kind: str) -> SimpleUploadedFile:
    name, content, content_type = FILES[kind]
    return SimpleUploadedFile(name, content, content_type=content_type)


# --- the world: one of everything the forms act on ---------------------------------------


@pytest.fixture
def world(db, resident, staff_user, team_leader, grid_worker, grid_worker_2):
    now = timezone.now()
    resident.email = "resident@example.com"
    resident.save()
    team = team_leader.led_teams.get()
    building = BuildingFactory(number=1, grid=grid_worker.worker_grids.get())
    BuildingFactory(number=2, grid=grid_worker_2.worker_grids.get())
    topic = VisitTopic.objects.get_or_create(name="养老关爱")[0]
    category = IssueCategory.objects.get_or_create(name="安全隐患")[0]

    resident2 = UserFactory(username="resident2", name="周邻居")
    volunteer_user = UserFactory(username="volunteer", name="孙志愿")
    volunteer = VolunteerFactory(user=volunteer_user)
    TeamMembershipFactory(team=team, volunteer=volunteer)
    pending_membership = TeamMembershipFactory(
        team=team, volunteer=VolunteerFactory(), status="pending"
    )
    applicant = VolunteerFactory(pending=True)

    upcoming = ActivityFactory(team=team, max_companions=2)
    past = past_activity(team=team)
    RegistrationFactory(activity=upcoming, user=resident)
    RegistrationFactory(activity=past, user=resident, checked_in_at=now)
    RegistrationFactory(activity=upcoming, user=resident2)
    role = VolunteerRoleFactory(activity=upcoming)
    shift = VolunteerShiftFactory(role=role, volunteer=volunteer)
    VolunteerShiftFactory(role=VolunteerRoleFactory(activity=past), volunteer=volunteer)
    pending_hours = HoursEntryFactory(
        volunteer=volunteer,
        activity=past,
        status=HoursEntry.Status.PENDING,
        verified_at=None,
        hours=Decimal("2.0"),
    )
    give_points(volunteer, 100)
    reward = RewardFactory(points=20, stock=10)
    redemption = RedemptionFactory(volunteer=volunteer, reward=reward, code="K7QXM2PA")
    MerchantClerk.objects.create(
        merchant=MerchantFactory(), user=UserFactory(username="clerk")
    )

    service_ordered = ServiceRequestFactory(requester=resident)
    service_accepted = ServiceRequestFactory(
        requester=resident2,
        team=team,
        status=ServiceRequest.Status.ACCEPTED,
        accepted_by=volunteer_user,
        dispatched_at=now,
        accepted_at=now,
    )
    service_done = ServiceRequestFactory(
        requester=resident,
        team=team,
        status=ServiceRequest.Status.DONE,
        accepted_by=volunteer_user,
        dispatched_at=now,
        accepted_at=now,
        done_at=now,
    )
    return SimpleNamespace(
        users={
            "resident": resident,
            "resident2": resident2,
            "volunteer": volunteer_user,
            "leader": team_leader,
            "grid_worker": grid_worker,
            "staff": staff_user,
        },
        team=team,
        building=building,
        topic=topic,
        category=category,
        matter=MatterFactory(author=resident),
        visit=VisitLogFactory(author=grid_worker, building=building, topic=topic),
        issue=IssueReportFactory(author=grid_worker, building=building),
        check=SortingCheckFactory(author=grid_worker, building=building),
        volunteer=volunteer,
        pending_membership=pending_membership,
        applicant=applicant,
        upcoming=upcoming,
        past=past,
        role=role,
        shift=shift,
        pending_hours=pending_hours,
        reward=reward,
        redemption=redemption,
        service_ordered=service_ordered,
        service_accepted=service_accepted,
        service_done=service_done,
    )


# --- the forms ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Form:
    name: str
    url: Callable
    role: str | None
    fields: dict = field(default_factory=dict)
    method: str = "post"
    files: tuple = ()
    watch: Callable = lambda w: []  # noqa: E731 - rows an edit form must leave alone
    # GET the address first and post to where it redirects (the password reset link
    # puts its token in the session and redirects to .../set-password/).
    get_first: bool = False

    def __str__(self):
        return self.name


def pk_of(name):
    return lambda w: getattr(w, name).pk


def today() -> str:
    return timezone.localdate().isoformat()


def yesterday() -> str:
    return (timezone.localdate() - datetime.timedelta(days=1)).isoformat()


VALID_TEXT = valid("楼道灯坏了", "Hello", "走访独居老人，身体状况良好。")
VALID_BOOL = valid("on", "1", "")
VALID_PHONE = valid("13800001234", "138 0000-1234", "")
VALID_PASSWORD = valid("pass-word-123", "Another-pass-456")

FORMS = [
    # --- accounts ---
    Form(
        "signup",
        lambda w: reverse("accounts:signup"),
        None,
        {
            "name": VALID_TEXT,
            "username": valid("newcomer", "new.comer"),
            "phone": VALID_PHONE,
            "birth_year": valid("1955", "2000", ""),
            "building": st.builds(lambda: ""),
            "password1": valid("pass-word-123"),
            "password2": valid("pass-word-123"),
            "next": valid("/activities/", ""),
        },
    ),
    Form(
        "login",
        lambda w: reverse("login"),
        None,
        {
            "username": valid("resident", "nobody"),
            "password": VALID_PASSWORD,
            "next": valid("/me/", ""),
        },
    ),
    Form(
        "profile",
        lambda w: reverse("accounts:profile"),
        "resident",
        {
            "name": VALID_TEXT,
            "phone": VALID_PHONE,
            "email": valid("a@example.com", ""),
            "birth_year": valid("1950", ""),
            "building": valid(""),
        },
        watch=lambda w: [w.users["resident"]],
    ),
    Form(
        "password-change",
        lambda w: reverse("password_change"),
        "resident",
        {
            "old_password": VALID_PASSWORD,
            "new_password1": valid("Brand-new-pass-789"),
            "new_password2": valid("Brand-new-pass-789"),
        },
        watch=lambda w: [w.users["resident"]],
    ),
    Form(
        "password-reset",
        lambda w: reverse("password_reset"),
        None,
        {"email": valid("resident@example.com", "nobody@example.com")},
    ),
    Form(
        "password-reset-confirm",
        lambda w: _reset_url(w.users["resident"]),
        None,
        {
            "new_password1": valid("Brand-new-pass-789"),
            "new_password2": valid("Brand-new-pass-789"),
        },
        watch=lambda w: [w.users["resident"]],
        get_first=True,
    ),
    Form("logout", lambda w: reverse("logout"), "resident", {"next": valid("/")}),
    Form(
        "large-text",
        lambda w: reverse("toggle_large_text"),
        None,
        {"large_text": valid("1", "0"), "next": valid("/activities/", "/")},
    ),
    Form(
        "set-language",
        lambda w: reverse("set_language"),
        None,
        {"language": valid("en", "zh-hans"), "next": valid("/activities/", "/")},
    ),
    # --- the talk corridor ---
    Form(
        "matter-board",
        lambda w: reverse("venues:matter_board"),
        "resident",
        {
            "order": valid("newest", "seconds"),
            "status": valid("all", "open"),
            "page": valid("1", "2"),
        },
        method="get",
    ),
    Form(
        "matter-create",
        lambda w: reverse("venues:matter_create"),
        "resident",
        {
            "submission_key": valid("", "8c6fd9a4-5a0f-4a53-9d77-2d4f0f8d3c11"),
            "title": VALID_TEXT,
            "description": VALID_TEXT,
            "category": valid("facilities", "environment"),
            "building": FROM_WORLD,  # filled with the world's building
            "is_anonymous": VALID_BOOL,
        },
        files=("photos",),
    ),
    Form(
        "matter-edit",
        lambda w: reverse("venues:matter_edit", args=[w.matter.pk]),
        "resident",
        {
            "title": VALID_TEXT,
            "description": VALID_TEXT,
            "category": valid("facilities"),
            "building": valid(""),
            "is_anonymous": VALID_BOOL,
        },
        watch=lambda w: [w.matter],
    ),
    Form(
        "matter-second",
        lambda w: reverse("venues:matter_second", args=[w.matter.pk]),
        "resident2",
        {"next": valid("/")},
    ),
    Form(
        "matter-handle",
        lambda w: reverse("venues:matter_handle", args=[w.matter.pk]),
        "staff",
        {
            "action": valid("accept", "reply", "progress", "resolve", "hide", "show"),
            "text": VALID_TEXT,
        },
        watch=lambda w: [w.matter],
    ),
    # --- grid work ---
    *[
        Form(
            f"{kind}-{verb}",
            (
                (lambda w, kind=kind: reverse(f"grids:{kind}_create"))
                if verb == "create"
                else (
                    lambda w, kind=kind: reverse(
                        f"grids:{kind}_edit", args=[getattr(w, kind).pk]
                    )
                )
            ),
            "grid_worker",
            {
                "submission_key": valid("", "8c6fd9a4-5a0f-4a53-9d77-2d4f0f8d3c11"),
                "building": FROM_WORLD,
                **fields,
            },
            files=files,
            watch=(lambda w, kind=kind: [getattr(w, kind)])
            if verb == "edit"
            else (lambda w: []),
        )
        for kind, fields, files in (
            (
                "visit",
                {
                    "visited_on": st.builds(today),
                    "unit": valid("2-301", ""),
                    "topic": FROM_WORLD,
                    "notes": VALID_TEXT,
                },
                ("photos",),
            ),
            (
                "issue",
                {
                    "category": FROM_WORLD,
                    "urgency": valid("urgent", "normal", "low"),
                    "description": VALID_TEXT,
                },
                ("photos",),
            ),
            (
                "check",
                {
                    "checked_on": st.builds(today),
                    "households_checked": valid("20", "1"),
                    "households_correct": valid("15", "0"),
                    "households_aware": valid("18", "0"),
                    "notes": VALID_TEXT,
                },
                (),
            ),
        )
        for verb in ("create", "edit")
    ],
    Form(
        "issue-assign",
        lambda w: reverse("grids:issue_assign", args=[w.issue.pk]),
        "staff",
        {"assignee": FROM_WORLD},
        watch=lambda w: [w.issue],
    ),
    Form(
        "issue-resolve",
        lambda w: reverse("grids:issue_resolve", args=[w.issue.pk]),
        "staff",
        {"resolution": VALID_TEXT},
        watch=lambda w: [w.issue],
    ),
    Form(
        "grids-staff-overview",
        lambda w: reverse("grids:staff_overview"),
        "staff",
        {"grid": valid("1", "9", "")},
        method="get",
    ),
    *[
        Form(
            f"grids-export-{what}",
            lambda w, what=what: reverse(f"grids:export_{what}"),
            "staff",
            {"start": st.builds(yesterday), "end": st.builds(today)},
            method="get",
        )
        for what in ("visits", "checks")
    ],
    # --- the volunteer alliance ---
    Form(
        "volunteer-apply",
        lambda w: reverse("volunteers:apply"),
        "resident",
        {
            "skills": VALID_TEXT,
            "availability": valid("mon-am", "sat-pm"),
            "teams": FROM_WORLD,
        },
    ),
    Form(
        "team-join",
        lambda w: reverse("volunteers:team_join", args=[w.team.slug]),
        "volunteer",
        {"next": valid("/")},
    ),
    Form(
        "redeem",
        lambda w: reverse("volunteers:redeem", args=[w.reward.pk]),
        "volunteer",
        {"next": valid("/")},
    ),
    Form(
        "shop-confirm",
        lambda w: reverse("volunteers:shop_confirm"),
        "staff",
        {"code": valid("K7QXM2PA", "k7qx m2pa", "NOPE0000")},
        watch=lambda w: [w.redemption],
    ),
    Form(
        "shop-find",
        lambda w: reverse("volunteers:shop_confirm"),
        "staff",
        {"code": valid("K7QXM2PA", "NOPE0000")},
        method="get",
    ),
    Form(
        "role-sign-up",
        lambda w: reverse("volunteers:role_sign_up", args=[w.role.pk]),
        "volunteer",
        {"next": valid("/")},
    ),
    *[
        Form(
            f"shift-{action}",
            lambda w, action=action: reverse(
                "volunteers:shift_action", args=[w.shift.pk, action]
            ),
            role,
            {"next": valid("/")},
        )
        for action, role in (
            ("cancel", "volunteer"),
            ("check-in", "leader"),
            ("check-out", "leader"),
            ("no-such-action", "leader"),
        )
    ],
    Form(
        "leader-hours",
        lambda w: reverse("volunteers:leader"),
        "leader",
        {
            "shift": FROM_WORLD,
            "hours": valid("2", "2.5", "24"),
            "note": VALID_TEXT,
        },
    ),
    Form(
        "membership-decide",
        lambda w: reverse(
            "volunteers:membership_decide", args=[w.pending_membership.pk]
        ),
        "leader",
        {"decision": valid("approve", "decline"), "next": valid("/volunteers/leader/")},
    ),
    Form(
        "staff-application-decide",
        lambda w: reverse("volunteers:staff_application_decide", args=[w.applicant.pk]),
        "staff",
        {"decision": valid("approve", "decline"), "reason": VALID_TEXT},
    ),
    Form(
        "staff-hours-verify",
        lambda w: reverse("volunteers:staff_hours_verify"),
        "staff",
        {"entry": FROM_WORLD},
    ),
    *[
        Form(
            f"service-new-{role}",
            lambda w: reverse("volunteers:service_new"),
            role,
            {
                "category": FROM_WORLD,
                "description": VALID_TEXT,
                "wanted_at": valid("2030-05-01T09:30", "2030-05-01 09:30"),
                "place": valid("5幢2单元301室"),
                "contact_phone": valid("13800001234", "+8613800001234", ""),
                **({"requester_phone": valid("", "13800000000")} if role else {}),
            },
        )
        for role in ("resident", "staff")
    ],
    Form(
        "service-dispatch",
        lambda w: reverse(
            "volunteers:service_action", args=[w.service_ordered.pk, "dispatch"]
        ),
        "staff",
        {"team": FROM_WORLD},
        watch=lambda w: [w.service_ordered],
    ),
    Form(
        "service-complete",
        lambda w: reverse(
            "volunteers:service_action", args=[w.service_accepted.pk, "complete"]
        ),
        "volunteer",
        {"note": VALID_TEXT},
        files=("photos",),
        watch=lambda w: [w.service_accepted],
    ),
    Form(
        "service-rate",
        lambda w: reverse(
            "volunteers:service_action", args=[w.service_done.pk, "rate"]
        ),
        "resident",
        {"rating": valid("5", "1"), "comment": VALID_TEXT},
        watch=lambda w: [w.service_done],
    ),
    *[
        Form(
            f"service-{action}",
            lambda w, action=action: reverse(
                "volunteers:service_action", args=[w.service_ordered.pk, action]
            ),
            role,
            {"next": valid("/")},
        )
        for action, role in (
            ("accept", "volunteer"),
            ("cancel", "resident"),
            ("no-such-action", "staff"),
        )
    ],
    # --- activities ---
    Form(
        "activity-filters",
        lambda w: reverse("activities:list"),
        None,
        {
            "q": valid("健康", ""),
            "date_from": st.builds(today),
            "date_to": valid("2030-12-31", ""),
            "audience": valid("", "everyone", "elderly"),
            "strand": valid("", "modern_ideas"),
            "campaign": valid("", "garbage-sorting"),
            "venue": valid("", "venue-1"),
            "space": valid("", "1"),
            "team": valid("", "team-1"),
            "alliance": valid("", "alliance-1"),
            "page": valid("1", "2"),
        },
        method="get",
    ),
    Form(
        "activity-feed",
        lambda w: reverse("activities:feed"),
        None,
        {
            "q": valid("健康"),
            "date_from": st.builds(today),
            "strand": valid(""),
            "space": valid("", "1"),
        },
        method="get",
    ),
    Form(
        "activity-calendar",
        lambda w: reverse("activities:calendar"),
        None,
        {"month": valid("2026-12", "2030-1")},
        method="get",
    ),
    Form(
        "highlights",
        lambda w: reverse("activities:highlights"),
        None,
        {"page": valid("1")},
        method="get",
    ),
    Form(
        "activity-register",
        lambda w: reverse("activities:register", args=[w.upcoming.pk]),
        "volunteer",
        {"companions": valid("0", "1", "2", "")},
    ),
    Form(
        "activity-cancel",
        lambda w: reverse("activities:cancel_registration", args=[w.upcoming.pk]),
        "resident",
        {"next": valid("/me/", "")},
    ),
    Form(
        "activity-rate",
        lambda w: reverse("activities:rate", args=[w.past.pk]),
        "resident",
        {"score": valid("5", "1"), "comment": VALID_TEXT},
    ),
    Form(
        "checkin-code",
        lambda w: reverse("activities:checkin", args=[w.upcoming.pk]),
        "staff",
        {"code": valid("1024-37-K7QXM2PA", "")},
    ),
    Form(
        "checkin-search",
        lambda w: reverse("activities:checkin", args=[w.upcoming.pk]),
        "staff",
        {"q": valid("张", "138"), "done": valid("1", "")},
        method="get",
    ),
    Form(
        "walk-in-user",
        lambda w: reverse("activities:walk_in", args=[w.upcoming.pk]),
        "staff",
        {
            "kind": valid("user"),
            "walk-in-user": FROM_WORLD,
            "walk-in-companions": valid("0", "1", ""),
        },
    ),
    Form(
        "walk-in-new",
        lambda w: reverse("activities:walk_in", args=[w.upcoming.pk]),
        "staff",
        {
            "kind": valid("new"),
            "new-name": VALID_TEXT,
            "new-phone": valid("13912345678", "139 1234 5678"),
            "new-companions": valid("0", "1", ""),
        },
    ),
    Form(
        "record",
        lambda w: reverse("activities:record", args=[w.past.pk]),
        "leader",
        {"summary": VALID_TEXT, "publish": VALID_BOOL},
        files=("photos",),
    ),
    Form(
        "satisfaction",
        lambda w: reverse("activities:staff_satisfaction"),
        "staff",
        {"start": valid("2026-01-01", ""), "end": st.builds(today)},
        method="get",
    ),
]


def _reset_url(user) -> str:
    return reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


# Values that only exist once the world is built (ids of its rows).
def _world_valid(form: Form, name: str, w) -> st.SearchStrategy:
    ids = {
        "building": [w.building.pk],
        "topic": [w.topic.pk],
        "category": [w.category.pk],
        "assignee": [w.users["staff"].pk, w.users["grid_worker"].pk],
        "teams": [w.team.pk],
        "team": [w.team.pk],
        "shift": [s.pk for s in w.volunteer.shifts.all()],
        "entry": [w.pending_hours.pk],
        "walk-in-user": [w.users["volunteer"].pk],
    }
    if form.name.startswith("service-new") and name == "category":
        from volunteers.models import ServiceCategory

        ids["category"] = list(ServiceCategory.objects.values_list("pk", flat=True)[:3])
    return st.sampled_from([str(pk) for pk in ids[name]] or ["1"])


# --- sending and checking ----------------------------------------------------------------


def _count_query() -> tuple[list[str], str]:
    """One query that counts the rows of every table of the portal's apps (a query per
    table would make each example slow)."""
    models = [
        model
        for label in PROJECT_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    ]
    quote_name = connection.ops.quote_name
    # Table names from the models, quoted: no outside text in this SQL.
    sql = "SELECT " + ", ".join(  # noqa: S608
        f"(SELECT COUNT(*) FROM {quote_name(model._meta.db_table)})"  # noqa: S608
        for model in models
    )
    return [model._meta.label for model in models], sql


def _snapshot(watched) -> tuple:
    labels, sql = _count_query()
    with connection.cursor() as cursor:
        cursor.execute(sql)
        counts = dict(zip(labels, cursor.fetchone(), strict=True))
    rows = [
        type(obj)._base_manager.filter(pk=obj.pk).values().first() for obj in watched
    ]
    return counts, rows


def _diff(before: tuple, after: tuple) -> str:
    changed = [
        f"{label}: {before[0][label]} → {after[0][label]}"
        for label in before[0]
        if before[0][label] != after[0][label]
    ]
    for old, new in zip(before[1], after[1], strict=True):
        if old != new:
            changed.append(
                "row changed: "
                + ", ".join(
                    f"{key}: {old.get(key)!r:.60} → {(new or {}).get(key)!r:.60}"
                    for key in old
                    if old.get(key) != (new or {}).get(key)
                )
            )
    return "; ".join(changed)


def _text(value) -> str:
    return "\ufffd" if value is BAD_UTF8 else value


def _urlencoded(data: dict) -> str:
    parts = []
    for name, values in data.items():
        for value in values if isinstance(values, list) else [values]:
            encoded = "%C0%AF%FF%FE" if value is BAD_UTF8 else quote(value, safe="")
            parts.append(f"{quote(name, safe='')}={encoded}")
    return "&".join(parts)


def _message_levels(response) -> set[int]:
    """The levels of the messages this request added: still queued after a redirect,
    moved to the loaded ones when the page showed them."""
    storage = getattr(response.wsgi_request, "_messages", None)
    added = [
        *getattr(storage, "_queued_messages", []),
        *getattr(storage, "_loaded_messages", []),
    ]
    return {message.level for message in added}


def _send(client: Client, form: Form, url: str, data: dict, files: dict, encoding):
    if form.method == "get":
        plain = {
            name: [_text(v) for v in value] if isinstance(value, list) else _text(value)
            for name, value in data.items()
        }
        return client.get(url, plain)
    if encoding == "urlencoded" and not files:
        return client.post(
            url, _urlencoded(data), content_type="application/x-www-form-urlencoded"
        )
    plain = {
        name: [_text(v) for v in value] if isinstance(value, list) else _text(value)
        for name, value in data.items()
    }
    for name, kinds in files.items():
        plain[name] = [_upload(kind) for kind in kinds]
    return client.post(url, plain)


class Rollback(Exception):
    """Raised at the end of every example to roll its savepoint back."""


@pytest.mark.parametrize("form", FORMS, ids=str)
@given(data=st.data())
def test_form_survives_hostile_input(form: Form, world, data):
    payload = {}
    for name, strategy in form.fields.items():
        if strategy is FROM_WORLD:
            strategy = _world_valid(form, name, world)
        value = data.draw(field_values(strategy), label=name)
        if value is not OMIT:
            payload[name] = value
    files = {}
    for name in form.files:
        kinds = data.draw(file_values, label=name)
        if kinds is not OMIT:
            files[name] = kinds
    encoding = data.draw(st.sampled_from(["multipart", "urlencoded"]), label="body")

    _run_example(form, world, payload, files, encoding)


def _run_example(form: Form, world, payload: dict, files: dict, encoding: str):
    """Send one payload as the form's role inside a savepoint that is rolled back."""
    cache.clear()
    try:
        with transaction.atomic():
            client = Client()
            if form.role:
                client.force_login(world.users[form.role])
            url = form.url(world)
            if form.get_first:
                first = client.get(url)
                url = first.url if 300 <= first.status_code < 400 else url
            before = _snapshot(form.watch(world))
            response = _send(client, form, url, payload, files, encoding)
            after = _snapshot(form.watch(world))
            _check(form, response, before, after)
            raise Rollback
    except Rollback:
        pass


# The values most likely to break something, sent in every field of every form at once
# on every run (hypothesis draws them only now and then).
SURE_VALUES = [
    "\x00",
    "abc\x00def",
    str(10**30),
    "9223372036854775808",
    "-1",
    "0000-00-00",
    "9999-99-99",
    "x" * 10_001,
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR 1=1 --",
    "abc",  # a word without "/" or ".": Django's redirect() tries it as a URL name
    "",
    "   ",
    BAD_UTF8,
]


@pytest.mark.parametrize("form", FORMS, ids=str)
def test_form_survives_each_sure_value(form: Form, world):
    failures = []
    for value in SURE_VALUES:
        for encoding in ("multipart", "urlencoded"):
            payload = dict.fromkeys(form.fields, value)
            files = dict.fromkeys(form.files, ["text", "bomb"])
            try:
                _run_example(form, world, payload, files, encoding)
            except Exception as error:  # noqa: BLE001 - collect them all, then fail
                failures.append(f"{value!r:.40} ({encoding}): {error!r:.300}")
    assert not failures, f"{form.name}:\n" + "\n".join(failures)


def _check(form: Form, response, before, after) -> None:
    status = response.status_code
    assert status < 500, f"{form.name}: {status}"
    levels = _message_levels(response)
    redirected = status in (201, 204) or 300 <= status < 400
    succeeded = messages.SUCCESS in levels or messages.INFO in levels
    refused = messages.ERROR in levels or not (redirected or succeeded)
    if form.method == "get" or (refused and not succeeded):
        assert before == after, (
            f"{form.name} answered {status} (shown again or refused) yet wrote: "
            + _diff(before, after)
        )
    content_type = response.get("Content-Type", "")
    if content_type.startswith("text/html") and not getattr(
        response, "streaming", False
    ):
        body = response.content.decode("utf-8", "replace")
        for marker in XSS_MARKERS:
            assert marker not in body, f"{form.name}: {marker!r} echoed unescaped"


# --- invalid ids in the address ----------------------------------------------------------

BAD_IDS = ["0", "2147483648", "9223372036854775808", str(10**30)]
BAD_SLUGS = ["x" * 300, "no-such-thing", "0"]


def _patterns(resolver: URLResolver, prefix: str = "", namespace: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            space = namespace
            if entry.namespace:
                space = f"{namespace}{entry.namespace}:"
            yield from _patterns(entry, prefix + str(entry.pattern), space)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry.pattern.converters


def _routes_with_ids():
    seen = set()
    for name, converters in _patterns(get_resolver()):
        if not converters or name in seen or name.startswith("admin:"):
            continue
        seen.add(name)
        yield pytest.param(name, dict(converters), id=name)


@pytest.mark.parametrize(("name", "converters"), list(_routes_with_ids()))
def test_invalid_ids_in_the_address_never_500(name, converters, world):
    from django.urls.converters import IntConverter

    for role in ("staff", "resident", None):
        client = Client()
        if role:
            client.force_login(world.users[role])
        for index in range(len(BAD_IDS)):
            kwargs = {}
            for key, converter in converters.items():
                if isinstance(converter, IntConverter):
                    kwargs[key] = BAD_IDS[index]
                else:
                    kwargs[key] = BAD_SLUGS[index % len(BAD_SLUGS)]
            try:
                url = reverse(name, kwargs=kwargs)
            except NoReverseMatch:  # a converter refused the value
                continue
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                assert response.status_code < 500, (role, method, url)


def test_password_reset_link_with_hostile_parts_never_500(world):
    client = Client()
    for uid, token in [
        ("\u202eMQ", "x" * 500),
        ("%00", "%00"),
        ("MQ", "<script>alert(1)</script>"),
        ("A" * 5000, "set-password"),
        ("LTE", "abc-def"),
        (urlsafe_base64_encode(b"99999999999999999999999"), "abc-def"),
        (urlsafe_base64_encode(b"\xff\xfe"), "abc-def"),
    ]:
        url = f"/accounts/reset/{quote(uid, safe='%')}/{quote(token, safe='%')}/"
        response = client.get(url)
        assert response.status_code < 500, url
        assert XSS_MARKERS[0] not in response.content.decode()


def test_registration_fixture_is_what_the_forms_expect(world):
    """The world holds what the forms need: a test that only met refusals would
    prove little."""
    assert Registration.objects.filter(
        activity=world.past, user=world.users["resident"], checked_in_at__isnull=False
    ).exists()
    assert world.users["leader"].groups.filter(name=Role.TEAM_LEADER).exists()
