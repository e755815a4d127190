import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from community_portal.notices.context_processors import unread_notices
from community_portal.notices.models import Notice
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("notices:list")


def make(user, n, *, start=0):
    now = timezone.now()
    Notice.objects.bulk_create(
        Notice(
            recipient=user,
            kind=Notice.Kind.OTHER,
            key=f"{user.pk}:{i}",
            title=f"通知{i}号",
            created_at=now + datetime.timedelta(minutes=i),
        )
        for i in range(start, start + n)
    )


def test_my_notices_newest_first_then_read(client, resident):
    make(resident, 3)
    make(UserFactory(), 1, start=50)
    client.force_login(resident)

    body = client.get(reverse("home")).content.decode()
    assert '<span class="badge rounded-pill text-bg-danger">3</span>' in body

    response = client.get(URL)
    titles = [n.title for n in response.context["page"]]
    assert titles == ["通知2号", "通知1号", "通知0号"]
    assert response.context["unread"] == {n.pk for n in response.context["page"]}
    assert not Notice.objects.filter(recipient=resident, read_at=None).exists()
    assert "通知50号" not in response.content.decode()

    body = client.get(reverse("home")).content.decode()
    assert "text-bg-danger" not in body


def test_paginated(client, resident):
    make(resident, 25)
    client.force_login(resident)
    assert len(client.get(URL).context["page"]) == 20
    assert len(client.get(URL, {"page": 2}).context["page"]) == 5
    # The second page's notices are unread until that page is seen.
    assert Notice.objects.filter(recipient=resident, read_at=None).count() == 0


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response.url


def test_query_count_does_not_grow(client, resident, assert_same_queries):
    make(resident, 2)
    client.force_login(resident)
    assert_same_queries(client, URL, grow=lambda: make(resident, 15, start=10))


def test_the_badge_costs_one_query_and_none_when_anonymous(
    resident, django_assert_num_queries
):
    make(resident, 2)
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert not unread_notices(request)["unread_notices"]
    request.user = resident
    with django_assert_num_queries(1):
        assert str(unread_notices(request)["unread_notices"]) == "2"
