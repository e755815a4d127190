"""The staff workbench (``/staff/``): the queues' counts and rows, a team leader's
narrower page, who may open it, and a fixed number of queries."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import ActivityRecord, Rating
from activities.models.activities import earliest_start_not_ended
from community_portal.pages import workbench as bench
from community_portal.permissions import Role
from grids.models import IssueReport
from tests.activities.factories import RegistrationFactory
from tests.factories import ActivityFactory, TeamFactory, UserFactory
from tests.grids.factories import IssueReportFactory
from tests.venues.factories import MatterFactory
from tests.volunteers.factories import (
    HoursEntryFactory,
    RedemptionFactory,
    ServiceRequestFactory,
    TeamMembershipFactory,
    VolunteerFactory,
    past_activity,
)
from volunteers.models import HoursEntry, ServiceRequest, Team, TeamMembership

pytestmark = pytest.mark.django_db

WORKBENCH = reverse("workbench")
STAFF_KEYS = [
    "applications",
    "hours",
    "dispatch",
    "services-overdue",
    "matters",
    "issues",
    "redemptions",
    "records",
    "waitlists",
    "ratings",
]
LEADER_KEYS = [
    "memberships",
    "team-requests",
    "services-overdue",
    "records",
    "waitlists",
    "ratings",
]


def team_work(team, *, tag: str = ""):
    """One row of each team queue for ``team``, and rows that must not count."""
    past = past_activity(team=team, title=f"没写纪实的活动{tag}")
    # A past activity with a published record, and one not yet published.
    written = past_activity(team=team, title=f"写好纪实的活动{tag}")
    ActivityRecord.objects.create(
        activity=written, summary="纪实", is_published=True, published_at=timezone.now()
    )
    HoursEntryFactory(activity=past, status=HoursEntry.Status.PENDING, verified_at=None)
    HoursEntryFactory(activity=written)  # verified: not waiting
    TeamMembershipFactory(
        team=team,
        volunteer=VolunteerFactory(user=UserFactory(name=f"申请入队{tag}")),
        status=TeamMembership.Status.PENDING,
    )
    # Dispatched to the team and past its time: overdue, not yet accepted.
    ServiceRequestFactory(
        status=ServiceRequest.Status.DISPATCHED,
        team=team,
        dispatched_at=timezone.now(),
        wanted_at=timezone.now() - datetime.timedelta(hours=3),
        place=f"迟到的点单{tag}",
    )
    # Two seats left; the waitlisted party needs three (1 + 2 companions).
    waiting = ActivityFactory(team=team, capacity=3, title=f"有空位的候补{tag}")
    RegistrationFactory(activity=waiting)
    RegistrationFactory(activity=waiting, waitlisted=True, companions=2)
    # A full activity with a waitlist: no free seats, not in the queue.
    full = ActivityFactory(team=team, capacity=1)
    RegistrationFactory(activity=full)
    RegistrationFactory(activity=full, waitlisted=True)
    Rating.objects.create(activity=past, user=UserFactory(), score=2, comment="太吵")
    Rating.objects.create(activity=past, user=UserFactory(), score=4)
    old = Rating.objects.create(activity=written, user=UserFactory(), score=1)
    Rating.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=45)
    )


def community_work():
    """One row of each staff-only queue, and rows that must not count."""
    VolunteerFactory(pending=True, user=UserFactory(name="吴申请"))
    VolunteerFactory()  # approved: not waiting
    ServiceRequestFactory(place="待派的点单")  # ordered today: to dispatch
    ServiceRequestFactory(status=ServiceRequest.Status.CANCELLED, place="取消的")
    MatterFactory(title="新说事")
    late = MatterFactory(title="超期说事")
    MatterFactory(title="已办结", status="resolved")
    MatterFactory(title="隐藏的", is_hidden=True, hidden_reason="私事")
    IssueReportFactory()  # open: unassigned
    overdue = IssueReportFactory(status=IssueReport.Status.ASSIGNED)
    IssueReportFactory(status=IssueReport.Status.ASSIGNED)  # assigned, in time
    ten_days_ago = timezone.now() - datetime.timedelta(days=10)
    type(late).objects.filter(pk=late.pk).update(created_at=ten_days_ago)
    IssueReport.objects.filter(pk=overdue.pk).update(created_at=ten_days_ago)
    RedemptionFactory()
    RedemptionFactory(status="voided", voided_at=timezone.now())


def counts(queues):
    return {queue.key: (queue.count, queue.overdue) for queue in queues}


def test_staff_counts_every_queue(staff_user):
    team_work(TeamFactory(), tag="一")
    community_work()
    queues = bench.workbench(scope=bench.workbench_scope(user=staff_user))
    assert [queue.key for queue in queues] == STAFF_KEYS
    assert counts(queues) == {
        "applications": (1, None),
        "hours": (1, None),
        "dispatch": (1, None),
        "services-overdue": (1, None),
        "matters": (2, 1),
        "issues": (2, 1),
        "redemptions": (1, None),
        "records": (1, None),
        "waitlists": (1, None),
        "ratings": (1, None),
    }
    by_key = {queue.key: queue for queue in queues}
    assert [item.title for item in by_key["records"].items] == ["没写纪实的活动一"]
    assert [item.is_overdue for item in by_key["issues"].items] == [True, False]
    assert by_key["ratings"].items[0].url == reverse(
        "admin:activities_rating_change", args=[Rating.objects.get(score=2).pk]
    )


def test_queue_preview_is_cut_and_the_queue_page_has_the_rest(client, staff_user):
    for _ in range(bench.QUEUE_PREVIEW + 2):
        VolunteerFactory(pending=True)
    queues = bench.workbench(scope=bench.workbench_scope(user=staff_user))
    applications = next(q for q in queues if q.key == "applications")
    assert applications.count == bench.QUEUE_PREVIEW + 2
    assert len(applications.items) == bench.QUEUE_PREVIEW
    client.force_login(staff_user)
    body = client.get(WORKBENCH).content.decode()
    assert f'href="{applications.list_url}"' in body
    listed = client.get(applications.list_url)
    assert listed.status_code == 200
    assert len(listed.context["page"].object_list) == bench.QUEUE_PREVIEW + 2


def test_team_leader_sees_only_their_teams(client, team_leader):
    mine = Team.objects.get(leader=team_leader)
    team_work(mine, tag="我的")
    team_work(TeamFactory(), tag="别人的")
    community_work()
    queues = bench.workbench(scope=bench.workbench_scope(user=team_leader))
    assert [queue.key for queue in queues] == LEADER_KEYS
    assert {key: count for key, (count, _) in counts(queues).items()} == {
        "memberships": 1,
        "team-requests": 1,
        "services-overdue": 1,
        "records": 1,
        "waitlists": 1,
        "ratings": 1,
    }
    client.force_login(team_leader)
    body = client.get(WORKBENCH).content.decode()
    assert "没写纪实的活动我的" in body
    assert "有空位的候补我的" in body
    assert "别人的" not in body
    assert "吴申请" not in body  # the alliance's applications are staff's
    # A staff-only queue's page exists, but not for a team leader.
    assert client.get(reverse("workbench_queue", args=["matters"])).status_code == 403
    assert client.get(reverse("workbench_queue", args=["records"])).status_code == 200


def test_anonymous_go_to_login_residents_are_refused(client, resident):
    response = client.get(WORKBENCH)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    client.force_login(resident)
    assert client.get(WORKBENCH).status_code == 403
    queue = reverse("workbench_queue", args=["records"])
    assert client.get(queue).status_code == 403


def test_unknown_queue_is_404(client, staff_user):
    client.force_login(staff_user)
    assert client.get(reverse("workbench_queue", args=["nothing"])).status_code == 404


def test_menu_links_the_workbench_for_staff_and_leaders(client, resident, team_leader):
    link = f'href="{WORKBENCH}"'
    client.force_login(resident)
    assert link not in client.get(reverse("me")).content.decode()
    client.force_login(team_leader)
    assert link in client.get(reverse("me")).content.decode()
    client.force_login(UserFactory(username="boss", roles=[Role.STAFF]))
    assert link in client.get(reverse("me")).content.decode()


def test_admin_index_shows_the_counts(client, staff_user):
    community_work()
    client.force_login(staff_user)
    body = client.get(reverse("admin:index")).content.decode()
    assert 'id="workbench-module"' in body
    row = re.search(
        r'href="/staff/matters/">[^<]*</a>\s*</th>\s*<td>(\d+)</td>\s*<td>\s*(\d+)',
        body,
    )
    assert row is not None and row.groups() == ("2", "1")


def test_workbench_queries_do_not_grow(client, staff_user, assert_same_queries):
    community_work()
    team_work(TeamFactory(), tag="0")
    client.force_login(staff_user)

    def grow():
        for index in range(3):
            community_work()
            team_work(TeamFactory(), tag=str(index + 1))

    assert_same_queries(client, WORKBENCH, grow)


def test_leader_workbench_queries_do_not_grow(client, team_leader, assert_same_queries):
    team = Team.objects.get(leader=team_leader)
    team_work(team, tag="0")
    client.force_login(team_leader)

    def grow():
        for index in range(3):
            team_work(team, tag=str(index + 1))
            community_work()

    assert_same_queries(client, WORKBENCH, grow)


def test_queue_page_queries_do_not_grow(client, staff_user, assert_same_queries):
    team_work(TeamFactory(), tag="0")
    client.force_login(staff_user)

    def grow():
        for index in range(3):
            team_work(TeamFactory(), tag=str(index + 1))

    assert_same_queries(client, reverse("workbench_queue", args=["ratings"]), grow)


def test_the_counts_in_fewer_queries_are_those_counted_apart(
    staff_user, django_assert_num_queries
):
    """A queue's rows and its count, the overdue ones counted in the same query
    (the waitlists' count beside their rows): the same figures as counting each
    apart (the admin index's ``limit=0``)."""
    team_work(TeamFactory(), tag="一")
    community_work()
    for _ in range(bench.QUEUE_PREVIEW + 1):
        IssueReportFactory()
    scope = bench.workbench_scope(user=staff_user)
    earliest_start_not_ended()  # the coming lists' cached lower bound, read once
    # Two a queue, less one for the waitlists.
    with django_assert_num_queries(2 * len(STAFF_KEYS) - 1):
        queues = bench.workbench(scope=scope)
    assert counts(queues) == counts(bench.workbench(scope=scope, limit=0))
    by_key = {queue.key: queue for queue in queues}
    for spec in bench._SPECS:
        if spec.overdue is not None and spec.key in by_key:
            assert by_key[spec.key].overdue == spec.overdue(scope).count() == 1
        if spec.key in by_key:
            assert by_key[spec.key].count == spec.rows(scope).count()
    assert by_key["issues"].count == IssueReport.objects.count() - 1
    assert len(by_key["issues"].items) == bench.QUEUE_PREVIEW
