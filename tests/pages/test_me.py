""" "我的" gathers my activities, notices, matters, service requests, hours and
points, each with a link to its full list, in a fixed number of queries."""

import pytest
from django.urls import reverse
from django.utils import timezone

from community_portal.notices.models import Notice
from tests.factories import UserFactory
from tests.venues.factories import MatterFactory
from tests.volunteers.factories import (
    HoursEntryFactory,
    ServiceRequestFactory,
    VolunteerFactory,
)

pytestmark = pytest.mark.django_db


def make_everything(user, volunteer, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        MatterFactory(author=user, title=f"我的说事{i}")
        ServiceRequestFactory(requester=user)
        HoursEntryFactory(volunteer=volunteer)
        Notice.objects.create(
            recipient=user, kind="other", title=f"通知{i}", key=f"k{i}"
        )


def test_me_gathers_every_section_with_links(client):
    user = UserFactory()
    volunteer = VolunteerFactory(user=user)
    make_everything(user, volunteer, 2)
    client.force_login(user)

    response = client.get(reverse("me"))

    content = response.content.decode()
    overview = response.context["overview"]
    assert len(overview.matters) == 2 and len(overview.service_requests) == 2
    # The header's unread count, which the page's notices section shows too.
    assert str(response.context["unread_notices"]) == "2"
    assert overview.hours_total == 4
    for url in (
        reverse("notices:list"),
        overview.matters[0].get_absolute_url(),
        overview.service_requests[0].get_absolute_url(),
        reverse("volunteers:service_list") + "?show=mine",
        reverse("volunteers:me"),
    ):
        assert f'href="{url}"' in content
    assert "我的说事1" in content and "通知1" in content


def test_me_without_anything_invites_to_begin(client, resident):
    client.force_login(resident)

    response = client.get(reverse("me"))

    assert f'href="{reverse("volunteers:apply")}"' in response.content.decode()
    assert response.context["overview"].volunteer is None


def test_me_query_count_does_not_grow(client, assert_same_queries):
    user = UserFactory()
    volunteer = VolunteerFactory(user=user)
    make_everything(user, volunteer, 1)
    client.force_login(user)

    assert_same_queries(
        client, reverse("me"), grow=lambda: make_everything(user, volunteer, 8, 1)
    )


def test_others_things_are_not_shown(client, resident):
    other = UserFactory()
    MatterFactory(author=other, title="别人的说事")
    Notice.objects.create(recipient=other, kind="other", title="别人的通知", key="o")
    client.force_login(resident)

    content = client.get(reverse("me")).content.decode()

    assert "别人的说事" not in content and "别人的通知" not in content


def test_me_counts_the_unread_notices_in_both_languages(client):
    user = UserFactory()
    for i in range(3):
        Notice.objects.create(
            recipient=user, kind="other", title=f"通知{i}", key=f"k{i}"
        )
    client.force_login(user)
    assert (
        "3 unread · all notices" in client.get("/en" + reverse("me")).content.decode()
    )
    Notice.objects.filter(recipient=user).update(read_at=timezone.now())
    content = client.get("/en" + reverse("me")).content.decode()
    assert "unread · all notices" not in content
