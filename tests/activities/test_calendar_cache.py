"""The month calendar is cached; every write to an activity shows on the next request,
and a busy day lists a few activities and links to the rest."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity
from activities.selectors import CALENDAR_DAY_LIMIT
from tests.activities.helpers import CALENDAR_URL
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db

SEPTEMBER = {"month": "2026-09"}


def at(day: int, hour: int) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(datetime.date(2026, 9, day), datetime.time(hour))
    )


@pytest.fixture
def resident_client(client, resident):
    client.force_login(resident)  # signed in: past the page cache
    return client


def calendar_page(client) -> str:
    response = client.get(CALENDAR_URL, SEPTEMBER)
    assert response.status_code == 200
    return response.content.decode()


def test_a_new_activity_shows_at_once(resident_client):
    ActivityFactory(title="周一的讲座", starts_at=at(7, 9))
    assert "周一的讲座" in calendar_page(resident_client)

    ActivityFactory(title="新加的义诊", starts_at=at(8, 9))

    assert "新加的义诊" in calendar_page(resident_client)


def test_an_edit_a_cancellation_and_a_delete_show_at_once(resident_client):
    activity = ActivityFactory(title="旧标题", starts_at=at(10, 9))
    assert "旧标题" in calendar_page(resident_client)

    activity.title = "新标题"
    activity.save()
    content = calendar_page(resident_client)
    assert "新标题" in content and "旧标题" not in content

    activity.status = Activity.Status.CANCELLED
    activity.save()
    assert "is-cancelled" in calendar_page(resident_client)

    activity.delete()
    assert "新标题" not in calendar_page(resident_client)


def test_moving_an_activity_to_another_month_shows_in_both(resident_client):
    activity = ActivityFactory(title="挪走的活动", starts_at=at(12, 9))
    assert "挪走的活动" in calendar_page(resident_client)
    october = resident_client.get(CALENDAR_URL, {"month": "2026-10"}).content.decode()
    assert "挪走的活动" not in october

    activity.starts_at += datetime.timedelta(days=30)
    activity.ends_at += datetime.timedelta(days=30)
    activity.save()

    assert "挪走的活动" not in calendar_page(resident_client)
    october = resident_client.get(CALENDAR_URL, {"month": "2026-10"}).content.decode()
    assert "挪走的活动" in october


def test_the_second_request_is_served_from_the_cache(resident_client):
    ActivityFactory(title="缓存的活动", starts_at=at(14, 9))
    calendar_page(resident_client)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert "缓存的活动" in calendar_page(resident_client)
    assert not any("activities_activity" in q["sql"] for q in queries.captured_queries)


def test_a_busy_day_lists_a_few_and_links_to_the_rest(resident_client):
    count = CALENDAR_DAY_LIMIT + 2
    for hour in range(count):
        ActivityFactory(title=f"第{hour}场", starts_at=at(20, 8 + hour))

    content = calendar_page(resident_client)

    shown = [f"第{hour}场" for hour in range(count) if f"第{hour}场" in content]
    assert shown == [f"第{hour}场" for hour in range(CALENDAR_DAY_LIMIT)]
    day_list = (
        f"{reverse('activities:list')}?date_from=2026-09-20&amp;date_to=2026-09-20"
    )
    assert day_list in content
    # The link leads to every activity of the day.
    listed = resident_client.get(
        reverse("activities:list"), {"date_from": "2026-09-20", "date_to": "2026-09-20"}
    ).content.decode()
    assert all(f"第{hour}场" in listed for hour in range(count))
