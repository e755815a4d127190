"""The month calendar of activities and festivals."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from activities.models import Activity
from tests.activities.helpers import (
    CALENDAR_URL,
    LIST_URL,
)
from tests.factories import (
    ActivityFactory,
)

pytestmark = pytest.mark.django_db

# 23:30 on New Year's Eve in Shanghai (15:30 UTC): an hour from the turn of the
# month and of the year.
NEW_YEARS_EVE = datetime.datetime(
    2027, 12, 31, 23, 30, tzinfo=ZoneInfo("Asia/Shanghai")
)


# --- the month calendar ---------------------------------------------------------------


def at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def test_calendar_shows_the_month_with_activities_and_festivals(client):
    # Mid-Autumn 2026 falls on 25 September.
    ActivityFactory(title="中秋游园会", starts_at=at(datetime.date(2026, 9, 25), 18))
    ActivityFactory(title="十月的活动", starts_at=at(datetime.date(2026, 10, 2), 9))

    response = client.get(CALENDAR_URL, {"month": "2026-09"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "中秋游园会" in content and "十月的活动" not in content
    day = next(d for d in response.context["calendar"].days if d.date.day == 25)
    assert [festival.key for festival in day.festivals] == ["mid_autumn"]
    assert [activity.title for activity in day.activities] == ["中秋游园会"]
    assert 'href="?month=2026-08"' in content
    assert 'href="?month=2026-10"' in content


@time_machine.travel(NEW_YEARS_EVE, tick=False)
def test_calendar_marks_today_and_defaults_to_this_month(client):
    response = client.get(CALENDAR_URL)

    calendar = response.context["calendar"]
    assert calendar.month == datetime.date(2027, 12, 1)
    assert [day.date for day in calendar.days if day.is_today] == [
        datetime.date(2027, 12, 31)
    ]
    assert response.content.decode().count('aria-current="date"') == 1


@time_machine.travel(NEW_YEARS_EVE, tick=False)
@pytest.mark.parametrize("month", ["2026-13", "abc", "99999-01", "1850-01", ""])
def test_calendar_bad_month_is_this_month(client, month):
    response = client.get(CALENDAR_URL, {"month": month})

    assert response.status_code == 200
    assert response.context["calendar"].month == datetime.date(2027, 12, 1)


@time_machine.travel(NEW_YEARS_EVE, tick=False)
def test_calendar_query_count_does_not_grow(client, assert_same_queries):
    month = datetime.date(2027, 12, 1)

    def build(count):
        for index in range(count):
            ActivityFactory(
                starts_at=at(month + datetime.timedelta(days=index % 27), 10),
                status=Activity.Status.CANCELLED if index % 4 == 0 else "published",
            )

    build(3)
    assert_same_queries(client, CALENDAR_URL, lambda: build(30))


def test_calendar_is_linked_from_the_list_and_the_nav(client):
    content = client.get(LIST_URL).content.decode()

    assert content.count(f'href="{CALENDAR_URL}"') >= 2


def test_english_calendar_renders(client):
    response = client.get("/en/activities/calendar/", {"month": "2026-09"})

    assert response.status_code == 200
    assert "Mid-Autumn Festival" in response.content.decode()
