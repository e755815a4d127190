"""The volunteer-record pages at two data sizes (a fixed number of queries), and
the real-name details absent from the pages other people see."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import TeamFactory, UserFactory
from tests.volunteers.factories import (
    HoursEntryFactory,
    TeamMembershipFactory,
    VolunteerFactory,
)
from volunteers import services

pytestmark = pytest.mark.django_db

NUMBER = "11010519491231002X"


def issue(volunteer):
    return services.certificate_issue(volunteer_id=volunteer.pk, by_user=volunteer.user)


def test_certificate_pages_run_a_fixed_number_of_queries(client, assert_same_queries):
    volunteer = VolunteerFactory(legal_name="张三丰", id_type="resident_id")
    HoursEntryFactory(volunteer=volunteer)
    certificate = issue(volunteer)
    client.force_login(volunteer.user)

    def grow():
        for _ in range(5):
            HoursEntryFactory(volunteer=volunteer)
            issue(volunteer)

    assert_same_queries(client, certificate.get_absolute_url(), grow)
    assert_same_queries(
        client,
        reverse("volunteers:certificate_verify_serial", args=[certificate.serial]),
        grow,
    )
    assert_same_queries(client, reverse("volunteers:certificate"), grow)


def test_national_export_runs_a_fixed_number_of_queries(client, staff_user):
    """Counted while the streamed file is read: the rows come in one query."""
    HoursEntryFactory()
    client.force_login(staff_user)
    url = (
        reverse("volunteers:staff_national_export") + "?start=2000-01-01&end=2100-01-01"
    )

    def download() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            body = b"".join(client.get(url).streaming_content)
        return len(queries), body.count(b"\n")

    small, small_lines = download()
    HoursEntryFactory.create_batch(10)
    big, big_lines = download()
    assert big_lines == small_lines + 10
    assert big == small


def test_the_team_leader_never_sees_the_number(client):
    leader = UserFactory()
    team = TeamFactory(leader=leader)
    volunteer = VolunteerFactory(
        legal_name="张三丰", id_type="resident_id", id_number=NUMBER
    )
    TeamMembershipFactory(team=team, volunteer=volunteer)
    HoursEntryFactory(volunteer=volunteer, team=team)
    client.force_login(leader)
    for url in (
        reverse("volunteers:leader"),
        reverse("volunteers:team_detail", args=[team.slug]),
        reverse("volunteers:leaderboard"),
    ):
        page = client.get(url).content.decode()
        assert NUMBER not in page and "张三丰" not in page, url
