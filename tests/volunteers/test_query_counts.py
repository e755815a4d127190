"""Every list and detail page of the app: the same number of queries at two data
sizes."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ActivityFactory, AllianceFactory, TeamFactory, UserFactory
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
from volunteers.models import (
    HoursEntry,
    ServiceRequestPhoto,
    Strand,
    Volunteer,
)

pytestmark = pytest.mark.django_db


def build_teams(count):
    strands = Strand.values
    for index in range(count):
        TeamFactory(
            strand=strands[index % len(strands)],
            leader=UserFactory(),
            alliance=AllianceFactory(),
        )


def test_team_list_query_count_does_not_grow(client, assert_same_queries):
    build_teams(3)
    assert_same_queries(
        client,
        reverse("volunteers:team_list"),
        lambda: build_teams(27),
    )


def test_team_detail_query_count_does_not_grow(client, assert_same_queries):
    team = TeamFactory(leader=UserFactory(), alliance=AllianceFactory())

    def build(count):
        for index in range(count):
            ActivityFactory(team=team)
            ActivityFactory(
                team=team,
                starts_at=timezone.now() - datetime.timedelta(days=index + 2),
            )

    build(3)
    assert_same_queries(client, team.get_absolute_url(), lambda: build(27))


def grow_alliance(count, *, volunteer=None, team=None):
    """Hours, points, rewards, requests, roles: ``count`` of each."""
    for _ in range(count):
        other = VolunteerFactory()
        HoursEntryFactory(
            volunteer=other, activity=ActivityFactory(team=team or TeamFactory())
        )
        RewardFactory()
        ServiceRequestFactory(requester=volunteer.user if volunteer else UserFactory())
        role = VolunteerRoleFactory()
        VolunteerShiftFactory(role=role, volunteer=other)
        if volunteer is not None:
            give_points(volunteer, 5)
            HoursEntryFactory(volunteer=volunteer, activity=ActivityFactory())
            RedemptionFactory(volunteer=volunteer)
        if team is not None:
            TeamMembershipFactory(team=team, volunteer=other, status="pending")
            TeamMembershipFactory(team=team)
            ServiceRequestFactory(
                team=team, status="dispatched", dispatched_at=timezone.now()
            )
        Volunteer.objects.create(user=UserFactory(), status="pending")
        HoursEntryFactory(
            volunteer=other,
            status=HoursEntry.Status.PENDING,
            verified_at=None,
            activity=ActivityFactory(),
        )


@pytest.mark.parametrize(
    ("url_name", "who"),
    [
        ("volunteers:hub", None),
        ("volunteers:leaderboard", None),
        ("volunteers:shop", "volunteer"),
        ("volunteers:me", "volunteer"),
        ("volunteers:certificate", "volunteer"),
        ("volunteers:service_list", "volunteer"),
        ("volunteers:service_list", "staff"),
        ("volunteers:leader", "leader"),
        ("volunteers:staff_applications", "staff"),
        ("volunteers:staff_applications?show=hours", "staff"),
        ("volunteers:me?show=points", "volunteer"),
        ("volunteers:me?show=rewards", "volunteer"),
        ("volunteers:service_list?show=mine", "staff"),
        ("volunteers:service_list?show=teams", "leader"),
        ("volunteers:leader", "staff"),
    ],
)
def test_alliance_pages_query_count_does_not_grow(
    client, assert_same_queries, staff_user, url_name, who
):
    volunteer = VolunteerFactory()
    leader = UserFactory()
    team = TeamFactory(leader=leader)
    activity = past_activity(team=team)
    VolunteerShiftFactory(
        role=VolunteerRoleFactory(activity=activity), volunteer=volunteer
    )
    TeamMembershipFactory(team=team, volunteer=volunteer)
    user = {"volunteer": volunteer.user, "staff": staff_user, "leader": leader}.get(who)
    if user is not None:
        client.force_login(user)
    grow_alliance(3, volunteer=volunteer, team=team)
    assert_same_queries(
        client,
        reverse(url_name.partition("?")[0]) + "?" + url_name.partition("?")[2],
        lambda: grow_alliance(20, volunteer=volunteer, team=team),
    )


def test_activity_volunteers_and_service_detail_query_counts(
    client, assert_same_queries, staff_user
):
    activity = ActivityFactory()
    roles = VolunteerRoleFactory.create_batch(2, activity=activity, needed=50)
    request = ServiceRequestFactory(
        team=TeamFactory(), status="dispatched", dispatched_at=timezone.now()
    )
    client.force_login(staff_user)

    def grow(count):
        for _ in range(count):
            for role in roles:
                VolunteerShiftFactory(role=role)
            VolunteerRoleFactory(activity=activity)

    grow(2)
    assert_same_queries(
        client,
        reverse("volunteers:activity", args=[activity.pk]),
        lambda: grow(20),
    )

    def add_photos(count):
        start = request.photos.count()
        ServiceRequestPhoto.objects.bulk_create(
            ServiceRequestPhoto(
                request=request, image=f"services/p{start + n}.jpg", position=start + n
            )
            for n in range(count)
        )

    add_photos(1)
    assert_same_queries(client, request.get_absolute_url(), lambda: add_photos(5))
