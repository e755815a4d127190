"""Stored text is shown escaped wherever it appears (issue 6, point 2).

``<script>alert(1)</script>`` and ``"><img src=x onerror=alert(1)>`` are stored in
every kind of text a person can write — a matter, a visit-log note, a grid content
entry, an activity, a team, a service request, a rating comment, a record, a name —
and every page that shows one is fetched by someone who may see it. The raw markup
must never come back; the escaped ``&lt;script&gt;`` must (so the text really is on
the page and the test cannot pass on an empty one).
"""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from activities.models import ActivityRecord, Rating
from tests.activities.factories import RegistrationFactory
from tests.factories import (
    ActivityFactory,
    BuildingFactory,
    GridContentFactory,
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
    ServiceRequestFactory,
    TeamMembershipFactory,
    VolunteerFactory,
    past_activity,
)
from volunteers.models import HoursEntry

# A matrix suite: CI runs it once, on PostgreSQL (.ci/run).
pytestmark = pytest.mark.matrix

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
HOSTILE = SCRIPT + IMG
# What must never come back, and what must (the start of the escaped text: a page may
# shorten the rest).
RAW = ("<script>alert(1)", "<img src=x onerror")
ESCAPED = "&lt;script&gt;alert(1)"


@pytest.fixture
def stored(db, resident, staff_user, team_leader, grid_worker):
    """One of everything people write, each holding the hostile text."""
    now = timezone.now()
    # A name is at most 50 characters: the <script> one for the resident, the
    # <img> one for the grid worker.
    resident.name = SCRIPT + "张"
    resident.save()
    grid_worker.name = IMG[:40]
    grid_worker.save()
    grid = grid_worker.worker_grids.get()
    building = BuildingFactory(number=1, grid=grid)
    GridContentFactory(grid=grid, title=HOSTILE, body=HOSTILE)

    team = team_leader.led_teams.get()
    team.summary = HOSTILE
    team.description = HOSTILE
    team.save()
    volunteer = VolunteerFactory(user=resident, skills=HOSTILE)
    TeamMembershipFactory(team=team, volunteer=volunteer)
    applicant = VolunteerFactory(
        pending=True,
        user=UserFactory(username="applicant", name=SCRIPT),
        skills=HOSTILE,
    )

    upcoming = ActivityFactory(
        team=team, title=HOSTILE, summary=HOSTILE, description=HOSTILE
    )
    past = past_activity(team=team, title=HOSTILE, summary=HOSTILE)
    RegistrationFactory(activity=upcoming, user=resident)
    RegistrationFactory(activity=past, user=resident, checked_in_at=now)
    record = ActivityRecord.objects.create(
        activity=past,
        summary=HOSTILE,
        author=staff_user,
        is_published=True,
        published_at=now,
    )
    rating = Rating.objects.create(
        activity=past, user=resident, score=4, comment=HOSTILE
    )
    HoursEntryFactory(
        volunteer=volunteer,
        activity=past,
        status=HoursEntry.Status.PENDING,
        verified_at=None,
        note=HOSTILE,
    )

    from venues.models import Work

    work = Work.objects.create(
        title=HOSTILE[:80],
        kind=Work.Kind.PHOTO,
        story=HOSTILE,
        author=resident,
        status=Work.Status.APPROVED,
    )
    matter = MatterFactory(author=resident, title=HOSTILE, description=HOSTILE)
    # Old enough to be on the staff overview's "waiting for a reply" list.
    type(matter).objects.filter(pk=matter.pk).update(
        created_at=now - datetime.timedelta(days=10)
    )
    visit = VisitLogFactory(author=grid_worker, building=building, notes=HOSTILE)
    issue = IssueReportFactory(
        author=grid_worker, building=building, description=HOSTILE
    )
    check = SortingCheckFactory(author=grid_worker, building=building, notes=HOSTILE)
    service = ServiceRequestFactory(
        requester=resident, description=HOSTILE, place=HOSTILE
    )
    superuser = UserFactory(
        username="root", name="管理员", is_staff=True, is_superuser=True
    )
    return {
        "users": {
            None: None,
            "resident": resident,
            "leader": team_leader,
            "grid_worker": grid_worker,
            "staff": staff_user,
            "superuser": superuser,
        },
        "team": team,
        "grid": grid,
        "upcoming": upcoming,
        "past": past,
        "record": record,
        "rating": rating,
        "matter": matter,
        "work": work,
        "visit": visit,
        "issue": issue,
        "check": check,
        "service": service,
        "applicant": applicant,
    }


def _month(activity) -> str:
    return timezone.localtime(activity.starts_at).strftime("%Y-%m")


# (what is shown, who looks, the page[, False when the page shows the text only in part
# or not at all: then only the raw markup is looked for]).
PAGES = [
    # The talk corridor.
    ("matter", None, lambda s: reverse("venues:matter_board")),
    ("matter", None, lambda s: s["matter"].get_absolute_url()),
    ("matter", "staff", lambda s: s["matter"].get_absolute_url()),
    (
        "matter",
        "resident",
        lambda s: reverse("venues:matter_edit", args=[s["matter"].pk]),
    ),
    ("matter", "staff", lambda s: reverse("venues:matter_staff")),
    ("matter", "superuser", lambda s: reverse("admin:venues_matter_changelist")),
    (
        "matter",
        "superuser",
        lambda s: reverse("admin:venues_matter_change", args=[s["matter"].pk]),
    ),
    # The 悦珍阁 gallery.
    ("work", None, lambda s: reverse("venues:gallery")),
    ("work", None, lambda s: s["work"].get_absolute_url()),
    ("work", "resident", lambda s: reverse("venues:gallery_mine")),
    ("work", "superuser", lambda s: reverse("admin:venues_work_changelist")),
    # Grid work and grid pages.
    ("visit note", "grid_worker", lambda s: s["visit"].get_absolute_url()),
    ("visit note", "staff", lambda s: s["visit"].get_absolute_url()),
    (
        "visit note",
        "grid_worker",
        lambda s: reverse("grids:visit_edit", args=[s["visit"].pk]),
    ),
    ("visit note", "grid_worker", lambda s: reverse("grids:work_home"), False),
    (
        "visit note",
        "superuser",
        lambda s: reverse("admin:grids_visitlog_changelist"),
        False,
    ),
    (
        "visit note",
        "superuser",
        lambda s: reverse("admin:grids_visitlog_change", args=[s["visit"].pk]),
    ),
    ("issue", "grid_worker", lambda s: s["issue"].get_absolute_url()),
    ("issue", "staff", lambda s: s["issue"].get_absolute_url()),
    (
        "issue",
        "superuser",
        lambda s: reverse("admin:grids_issuereport_changelist"),
        False,
    ),
    (
        "issue",
        "superuser",
        lambda s: reverse("admin:grids_issuereport_change", args=[s["issue"].pk]),
    ),
    ("check note", "grid_worker", lambda s: s["check"].get_absolute_url()),
    ("grid content", None, lambda s: reverse("grids:detail", args=[s["grid"].number])),
    (
        "grid content",
        "superuser",
        lambda s: reverse("admin:grids_gridcontent_changelist"),
    ),
    # Activities.
    ("activity", None, lambda s: reverse("home")),
    ("activity", None, lambda s: reverse("activities:list")),
    ("activity", None, lambda s: reverse("activities:list") + "?q=alert"),
    ("activity", None, lambda s: s["upcoming"].get_absolute_url()),
    ("activity", "resident", lambda s: s["upcoming"].get_absolute_url()),
    (
        "activity",
        None,
        lambda s: reverse("activities:calendar") + "?month=" + _month(s["upcoming"]),
    ),
    ("activity", None, lambda s: reverse("activities:highlights")),
    ("activity", "resident", lambda s: reverse("me")),
    (
        "activity",
        "superuser",
        lambda s: reverse("admin:activities_activity_changelist"),
    ),
    (
        "activity",
        "staff",
        lambda s: reverse("activities:checkin", args=[s["upcoming"].pk]),
    ),
    (
        "activity",
        None,
        lambda s: reverse("volunteers:activity", args=[s["upcoming"].pk]),
    ),
    # Records and ratings.
    ("record", None, lambda s: reverse("activities:highlights")),
    ("record", None, lambda s: s["past"].get_absolute_url()),
    ("record", "leader", lambda s: reverse("activities:record", args=[s["past"].pk])),
    (
        "record",
        "superuser",
        lambda s: reverse("admin:activities_activityrecord_changelist"),
    ),
    ("rating", "staff", lambda s: reverse("activities:staff_satisfaction"), False),
    ("rating", "superuser", lambda s: reverse("admin:activities_rating_changelist")),
    # Teams and the volunteer alliance.
    ("team", None, lambda s: reverse("volunteers:team_list")),
    ("team", None, lambda s: s["team"].get_absolute_url()),
    ("team", None, lambda s: reverse("home")),
    ("team", "superuser", lambda s: reverse("admin:volunteers_team_changelist"), False),
    (
        "team",
        "superuser",
        lambda s: reverse("admin:volunteers_team_change", args=[s["team"].pk]),
    ),
    ("volunteer", "staff", lambda s: reverse("volunteers:staff_applications")),
    ("volunteer", "leader", lambda s: reverse("volunteers:leader")),
    ("volunteer", "resident", lambda s: reverse("volunteers:me")),
    # Service requests.
    ("service request", "resident", lambda s: s["service"].get_absolute_url()),
    ("service request", "staff", lambda s: s["service"].get_absolute_url()),
    ("service request", "staff", lambda s: reverse("volunteers:service_list")),
    ("service request", "resident", lambda s: reverse("volunteers:service_list")),
    (
        "service request",
        "superuser",
        lambda s: reverse("admin:volunteers_servicerequest_changelist"),
    ),
    # People's names.
    ("name", "resident", lambda s: reverse("me")),
    ("name", "resident", lambda s: reverse("accounts:profile")),
    ("name", "staff", lambda s: reverse("activities:checkin", args=[s["upcoming"].pk])),
    ("name", "superuser", lambda s: reverse("admin:accounts_user_changelist")),
    (
        "name",
        "superuser",
        lambda s: reverse(
            "admin:accounts_user_change", args=[s["users"]["resident"].pk]
        ),
    ),
    # The same pages in English.
    ("activity", None, lambda s: "/en" + s["upcoming"].get_absolute_url()),
    ("matter", None, lambda s: "/en" + s["matter"].get_absolute_url()),
]


PAGES = [page if len(page) == 4 else (*page, True) for page in PAGES]


@pytest.mark.parametrize(
    ("what", "role", "url", "shown"),
    PAGES,
    ids=[
        f"{page[0]}-{page[1] or 'anonymous'}-{index}"
        for index, page in enumerate(PAGES)
    ],
)
def test_stored_text_is_escaped(what, role, url, shown, stored):
    client = Client()
    if role:
        client.force_login(stored["users"][role])
    address = url(stored)
    response = client.get(address)
    assert response.status_code == 200, (address, response.status_code)
    body = response.content.decode()
    for raw in RAW:
        assert raw not in body, f"{what}: {raw!r} unescaped on {address}"
    if shown:
        assert ESCAPED in body, f"{what}: the escaped text is not on {address}"


def test_the_img_marker_comes_back_escaped(stored):
    """The attribute breakout (``">``) is escaped too, not only the tags."""
    response = Client().get(stored["upcoming"].get_absolute_url())
    body = response.content.decode()
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in body
