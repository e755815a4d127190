"""The satisfaction and participation figures (staff only)."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from activities.forms import default_satisfaction_range
from activities.models import ActivityRecord, Rating
from tests.activities.factories import RegistrationFactory
from tests.activities.helpers import (
    SATISFACTION_URL,
    checkin_url,
    held_activity,
    page,
    record_url,
)
from tests.factories import ActivityFactory, TeamFactory

pytestmark = pytest.mark.django_db


# --- satisfaction and participation -------------------------------------------------------


@pytest.mark.parametrize("who", ["resident", "team_leader", "grid_worker"])
def test_only_staff_see_the_figures(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(SATISFACTION_URL).status_code == 403


def rated_activity(*, strand, starts_at, scores, registered=None):
    activity = ActivityFactory(
        strand=strand,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        capacity=None,
    )
    for score in scores:
        registration = RegistrationFactory(
            activity=activity, checked_in_at=timezone.now()
        )
        Rating.objects.create(activity=activity, user=registration.user, score=score)
    for _ in range(registered or 0):
        RegistrationFactory(activity=activity)
    return activity


def local(year, month, day, hour=10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def test_the_figures_per_strand_and_month(staff_client):
    rated_activity(
        strand="traditional_culture",
        starts_at=local(2025, 3, 8),
        scores=[5, 4],
        registered=2,
    )
    rated_activity(strand="volunteering", starts_at=local(2025, 3, 20), scores=[3])
    rated_activity(strand="volunteering", starts_at=local(2025, 5, 1), scores=[5, 5, 2])
    # Outside the range, and a cancelled activity: neither counts.
    rated_activity(strand="volunteering", starts_at=local(2024, 12, 31), scores=[1])
    cancelled = ActivityFactory(starts_at=local(2025, 4, 1), status="cancelled")
    RegistrationFactory(activity=cancelled)

    response = staff_client.get(
        SATISFACTION_URL, {"start": "2025-03-01", "end": "2025-05-31"}
    )
    assert response.status_code == 200
    strands = {row["strand"]: row for row in response.context["by_strand"]}
    assert strands["traditional_culture"]["count"] == 2
    assert strands["traditional_culture"]["average"] == 4.5
    assert strands["volunteering"]["count"] == 4
    assert strands["volunteering"]["average"] == 3.75

    months = response.context["months"]
    assert [row["participation"].month for row in months] == [
        datetime.date(2025, 3, 1),
        datetime.date(2025, 4, 1),
        datetime.date(2025, 5, 1),
    ]
    march, april, may = (row["participation"] for row in months)
    assert (march.activities, march.registered, march.attended) == (2, 5, 3)
    assert (april.activities, april.registered, april.attended) == (0, 0, 0)
    assert (may.activities, may.registered, may.attended) == (1, 3, 3)
    assert months[0]["rating"]["count"] == 3
    assert months[1]["rating"] is None

    totals = response.context["totals"]
    assert totals["ratings"] == 6
    assert totals["average"] == 4.0
    assert totals["attended"] == 6
    html = page(response)
    assert "<meter" in html
    assert "4.50" in html


# 00:30 on 1 January in Shanghai is still 31 December 2026 in UTC.
NEW_YEARS_NIGHT = datetime.datetime(2027, 1, 1, 0, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def new_years_night(time_machine):
    """The clock stands at ``NEW_YEARS_NIGHT``; ask for it before logging in, so the
    session is opened then too."""
    time_machine.move_to(NEW_YEARS_NIGHT, tick=False)


def test_the_default_range_is_the_last_twelve_months(new_years_night, staff_client):
    response = staff_client.get(SATISFACTION_URL)
    assert response.status_code == 200
    expected = (datetime.date(2026, 2, 1), datetime.date(2027, 1, 1))
    assert default_satisfaction_range() == expected
    assert (response.context["start"], response.context["end"]) == expected
    months = [row["participation"].month for row in response.context["months"]]
    assert months[0] == datetime.date(2026, 2, 1)
    assert months[-1] == datetime.date(2027, 1, 1)
    assert len(months) == 12


def test_a_month_at_the_turn_of_the_year_is_counted_in_local_time(staff_client):
    # 00:30 on 1 January in Shanghai is still 31 December in UTC.
    rated_activity(strand="volunteering", starts_at=local(2025, 1, 1, 0), scores=[4])
    response = staff_client.get(
        SATISFACTION_URL, {"start": "2024-12-01", "end": "2025-01-31"}
    )
    december, january = (row["participation"] for row in response.context["months"])
    assert (december.activities, january.activities) == (0, 1)


@pytest.mark.parametrize(
    "params",
    [
        {"start": "yesterday", "end": "2025-01-01"},
        {"start": "2025-05-01", "end": "2025-01-01"},
        {"start": "1900-01-01", "end": "2025-01-01"},
        {"start": "2025-13-45"},
    ],
)
def test_bad_dates_fall_back_to_the_last_twelve_months(
    new_years_night, staff_client, params
):
    response = staff_client.get(SATISFACTION_URL, params)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert (response.context["start"], response.context["end"]) == (
        datetime.date(2026, 2, 1),
        datetime.date(2027, 1, 1),
    )


def test_the_figures_in_english(staff_client):
    response = staff_client.get("/en" + SATISFACTION_URL)
    assert response.status_code == 200
    assert "Satisfaction and participation" in page(response)


def test_the_figures_run_a_fixed_number_of_queries(staff_client, assert_same_queries):
    url = f"{SATISFACTION_URL}?start=2025-01-01&end=2025-12-31"

    def fill(n):
        for i in range(n):
            rated_activity(
                strand=["volunteering", "modern_ideas", "talent_studio"][i % 3],
                starts_at=local(2025, i % 12 + 1, 10),
                scores=[i % 5 + 1],
                registered=1,
            )

    staff_client.get(url)
    fill(3)
    assert_same_queries(staff_client, url, grow=lambda: fill(30))
    assert staff_client.get(url).context["totals"]["ratings"] == 33


def test_no_inline_script_or_style_on_the_staff_pages(staff_client):
    activity = held_activity()
    for url in (checkin_url(activity), record_url(activity), SATISFACTION_URL):
        html = page(staff_client.get(url))
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert " style=" not in html, url


def test_leaders_of_other_teams_cannot_post_a_record(client, team_leader):
    activity = held_activity(team=TeamFactory())
    client.force_login(team_leader)
    response = client.post(record_url(activity), {"summary": "不该写"})
    assert response.status_code == 403
    assert not ActivityRecord.objects.exists()
