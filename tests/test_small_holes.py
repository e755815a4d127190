"""The smaller holes of issue 15: odd query strings, a title with a line break in the
calendar file, a form posted as UTF-7; none of them answers 500."""

import pytest
from django.urls import reverse
from icalendar import Calendar

from tests.activities.helpers import SATISFACTION_URL, checkin_url, today_activity
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query",
    [
        {"start": "9999-12-31"},
        {"start": "9999-12-31", "end": "9999-12-31"},
        {"start": "0001-01-01", "end": "0001-01-01"},
        {"end": "9999-12-31"},
    ],
)
def test_the_satisfaction_page_takes_far_dates(client, staff_user, query):
    client.force_login(staff_user)

    response = client.get(SATISFACTION_URL, query)

    assert response.status_code == 200
    assert response.context["form"].errors


@pytest.mark.parametrize("done", ["²", "١٢", "99999999999999999999999", "-1", " 1"])
def test_the_checkin_page_takes_any_done_value(client, staff_user, done):
    client.force_login(staff_user)
    activity = today_activity()

    response = client.get(checkin_url(activity), {"done": done})

    assert response.status_code == 200
    assert response.context["done"] is None


def test_a_line_break_in_a_title_stays_one_line_in_the_event_file(client):
    activity = ActivityFactory(title="重阳节\r\n敬老活动\nSUMMARY:假的")

    response = client.get(reverse("activities:ics", kwargs={"pk": activity.pk}))

    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "重阳节 敬老活动 SUMMARY:假的"
    assert len(calendar.walk("VEVENT")) == 1
    assert b"\r\nSUMMARY:\xe5\x81\x87" not in response.content


def test_a_lone_carriage_return_in_a_title_does_not_break_the_file(client):
    activity = ActivityFactory(title="重阳节\r敬老活动", location="二楼\r\n东侧")

    response = client.get(reverse("activities:ics", kwargs={"pk": activity.pk}))

    assert response.status_code == 200
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["SUMMARY"]) == "重阳节 敬老活动"
    assert "二楼 东侧" in str(event["LOCATION"])


def test_a_post_in_utf_7_is_read_as_utf_8_without_a_500(client):
    # "+2D0-" is a lone surrogate in UTF-7: no database column takes it.
    body = b"username=%2B2D0-resident&password=x"

    response = client.post(
        "/accounts/login/",
        body,
        content_type="application/x-www-form-urlencoded; charset=utf-7",
    )

    assert response.status_code == 200
    assert response.context["form"].data["username"] == "+2D0-resident"
    assert response.context["form"].errors


def test_a_signup_in_utf_7_is_refused_as_bad_input(client):
    body = b"username=%2B2D0-&name=%2B2D0-&password1=x&password2=x"
    response = client.post(
        "/accounts/signup/",
        body,
        content_type="application/x-www-form-urlencoded; charset=utf-7",
    )
    assert response.status_code == 200
