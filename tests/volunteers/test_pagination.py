"""Lists are cut into pages in the selectors, never silently: every pending entry
can be reached, and staff lists show their totals."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ActivityFactory, TeamFactory, UserFactory
from volunteers import selectors
from volunteers.models import HoursEntry, PointsEntry, Volunteer

from .factories import (
    RedemptionFactory,
    ServiceRequestFactory,
    VolunteerFactory,
    VolunteerRoleFactory,
    give_points,
)

pytestmark = pytest.mark.django_db


def pending_hours(count):
    volunteer = VolunteerFactory()
    activity = ActivityFactory()
    HoursEntry.objects.bulk_create(
        HoursEntry(
            volunteer=volunteer,
            activity=activity if i == 0 else ActivityFactory(),
            served_on=timezone.localdate() - datetime.timedelta(days=count - i),
            hours=Decimal("1"),
            source="leader",
        )
        for i in range(count)
    )


def test_every_pending_hours_entry_is_reachable_past_the_old_cut_off():
    pending_hours(205)
    desk = selectors.staff_desk(show="hours")
    assert desk.hours_total == desk.page.paginator.count == 205
    last = selectors.staff_desk(show="hours", page=desk.page.paginator.num_pages)
    newest = HoursEntry.objects.order_by("-served_on").first()
    assert newest in list(last.page)
    seen = set()
    for number in desk.page.paginator.page_range:
        seen |= {e.pk for e in selectors.staff_desk(show="hours", page=number).page}
    assert len(seen) == 205


def test_the_staff_desk_shows_both_totals_and_a_page_of_one(client, staff_user):
    pending_hours(3)
    for _ in range(2):
        Volunteer.objects.create(user=UserFactory(), status="pending")
    client.force_login(staff_user)
    url = reverse("volunteers:staff_applications")
    desk = client.get(url).context["desk"]
    assert (desk.show, desk.applications_total, desk.hours_total) == (
        "applications",
        2,
        3,
    )
    page = client.get(url, {"show": "hours", "page": "junk"})
    assert page.context["desk"].show == "hours"
    assert len(page.context["desk"].page.object_list) == 3
    assert "待核实时长（3）" in page.content.decode()


def test_verifying_returns_to_the_hours_list(client, staff_user):
    pending_hours(1)
    client.force_login(staff_user)
    response = client.post(
        reverse("volunteers:staff_hours_verify"),
        {"entry": [HoursEntry.objects.get().pk]},
    )
    assert response.url == reverse("volunteers:staff_applications") + "?show=hours"


def test_the_leaders_activities_are_paged_not_cut(staff_user):
    team = TeamFactory()
    soon = timezone.now() + datetime.timedelta(days=1)
    for hour in range(45):
        VolunteerRoleFactory(
            activity=ActivityFactory(
                team=team, starts_at=soon + datetime.timedelta(hours=hour)
            )
        )
    page = selectors.leader_page(user=staff_user).activities
    assert page.paginator.count == 45
    last = selectors.leader_page(user=staff_user, page=3).activities
    assert (
        len(last.object_list) == 45 - 2 * selectors.leaders.LEADER_ACTIVITIES_PER_PAGE
    )


def test_a_volunteers_histories_are_paged(client):
    volunteer = VolunteerFactory()
    for _ in range(selectors.HISTORY_PER_PAGE + 3):
        give_points(volunteer, 1)
    RedemptionFactory(volunteer=volunteer, code="KEEPME01")
    dashboard = selectors.volunteer_dashboard(volunteer=volunteer, show="points")
    assert dashboard.history.paginator.count == PointsEntry.objects.count()
    assert dashboard.history.paginator.num_pages == 2
    # Codes waiting to be collected are always on the page, whatever the tab.
    assert [r.code for r in dashboard.codes] == ["KEEPME01"]
    client.force_login(volunteer.user)
    content = client.get(reverse("volunteers:me"), {"show": "rewards"})
    assert content.context["dashboard"].show == "rewards"
    assert "KEEPME01" in content.content.decode()
    hours = client.get(reverse("volunteers:me"), {"show": "nonsense", "page": "2"})
    assert hours.context["dashboard"].show == "hours"
    assert hours.context["dashboard"].history.number == 2


def test_staff_see_the_open_requests_total(client, staff_user):
    ServiceRequestFactory.create_batch(25)
    client.force_login(staff_user)
    response = client.get(reverse("volunteers:service_list"))
    lists = response.context["lists"]
    assert lists.show == "open" and lists.page.paginator.count == 25
    assert len(lists.page.object_list) == selectors.service_requests.SERVICES_PER_PAGE
    second = client.get(reverse("volunteers:service_list"), {"page": 2})
    assert len(second.context["lists"].page.object_list) == 5
