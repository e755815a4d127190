"""Calendar files: one activity's event and the subscribable feed, parsed back
with ``icalendar`` and checked field by field."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, vDuration

from activities.ical import activity_sequence
from activities.models import Activity, Audience, Campaign
from activities.services import activity_cancel
from tests.factories import ActivityFactory, SpaceFactory, TeamFactory, VenueFactory
from volunteers.models import Strand

SHANGHAI = ZoneInfo("Asia/Shanghai")
FEED_URL = "/activities/feed.ics"

pytestmark = pytest.mark.django_db


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(calendar: Calendar) -> dict[str, object]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def uid(activity: Activity) -> str:
    return f"activity-{activity.pk}@community-portal.local"


def feed(client, **params) -> dict[str, object]:
    return events(parse(client.get(FEED_URL, params)))


def test_the_urls_keep_their_names():
    assert reverse("activities:feed") == FEED_URL
    assert reverse("activities:ics", kwargs={"pk": 7}) == "/activities/7/event.ics"


def test_one_activity_as_a_calendar_file(client):
    space = SpaceFactory(name="悦享堂", venue=VenueFactory(name="悦立方文化家园"))
    activity = ActivityFactory(
        title="重阳节敬老活动",
        venue=space.venue,
        space=space,
        location="二楼",
        summary="包饺子、送祝福",
        description="欢迎社区老人参加。",
        strand=Strand.TRADITIONAL_CULTURE,
        starts_at=datetime.datetime(2026, 10, 18, 9, 0, tzinfo=SHANGHAI),
        ends_at=datetime.datetime(2026, 10, 18, 11, 30, tzinfo=SHANGHAI),
    )

    response = client.get(reverse("activities:ics", kwargs={"pk": activity.pk}))
    calendar = parse(response)

    assert response["Content-Disposition"] == (
        f'attachment; filename="activity-{activity.pk}.ics"'
    )
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    assert calendar["X-WR-CALNAME"] == "重阳节敬老活动"
    (zone,) = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "Asia/Shanghai"
    (standard,) = zone.walk("STANDARD")
    assert standard.decoded("TZOFFSETTO") == datetime.timedelta(hours=8)
    (event,) = calendar.walk("VEVENT")
    assert event["UID"] == uid(activity)
    assert event["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert event["DTEND"].params["TZID"] == "Asia/Shanghai"
    assert event.decoded("DTSTART") == datetime.datetime(
        2026, 10, 18, 9, 0, tzinfo=SHANGHAI
    )
    assert event.decoded("DTSTART").tzinfo.key == "Asia/Shanghai"
    assert event.decoded("DTEND") == activity.ends_at
    assert b"DTSTART;TZID=Asia/Shanghai:20261018T090000" in response.content
    assert event.decoded("DTSTAMP").utcoffset() == datetime.timedelta(0)
    assert event["SUMMARY"] == "重阳节敬老活动"
    assert event["LOCATION"] == "悦立方文化家园 悦享堂 二楼"
    detail_url = f"http://testserver/activities/{activity.pk}/"
    assert event["URL"] == detail_url
    assert "包饺子、送祝福" in event["DESCRIPTION"]
    assert "欢迎社区老人参加。" in event["DESCRIPTION"]
    assert event["STATUS"] == "CONFIRMED"
    assert event.decoded("SEQUENCE") == activity_sequence(activity)


def test_the_sequence_grows_when_the_activity_changes(client):
    activity = ActivityFactory()
    url = reverse("activities:ics", kwargs={"pk": activity.pk})
    before = parse(client.get(url)).walk("VEVENT")[0].decoded("SEQUENCE")

    Activity.objects.filter(pk=activity.pk).update(
        updated_at=activity.updated_at + datetime.timedelta(minutes=5)
    )
    after = parse(client.get(url)).walk("VEVENT")[0].decoded("SEQUENCE")

    assert after == before + 300
    assert 0 <= before < 2**31


def test_a_cancelled_activity_is_marked_cancelled(client, staff_user):
    activity = ActivityFactory(title="端午包粽子")
    activity_cancel(activity_id=activity.pk, by_user=staff_user, reason="台风预警")

    event = feed(client)[uid(activity)]

    assert event["STATUS"] == "CANCELLED"
    assert "端午包粽子" in event["SUMMARY"]
    assert "台风预警" in event["DESCRIPTION"]


def test_drafts_have_no_calendar_file(client):
    draft = ActivityFactory(status=Activity.Status.DRAFT)

    response = client.get(reverse("activities:ics", kwargs={"pk": draft.pk}))

    assert response.status_code == 404
    assert uid(draft) not in feed(client)


def test_the_feed_keeps_thirty_days_of_past_activities(client):
    def ended(days_ago: int) -> Activity:
        ends_at = timezone.now() - datetime.timedelta(days=days_ago)
        return ActivityFactory(
            starts_at=ends_at - datetime.timedelta(hours=2), ends_at=ends_at
        )

    recent, coming = ended(10), ActivityFactory()
    ended(40)

    response = client.get(FEED_URL)
    calendar = parse(response)

    assert set(events(calendar)) == {uid(recent), uid(coming)}
    assert calendar["X-WR-CALNAME"]
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Asia/Shanghai"
    assert "attachment" not in response["Content-Disposition"]


def test_the_feed_takes_the_list_page_filters(client):
    venue, team = VenueFactory(slug="yue-cube"), TeamFactory(slug="our-festivals")
    campaign = Campaign.objects.get(slug="garbage-sorting")
    festival = ActivityFactory(
        title="中秋游园会",
        strand=Strand.TRADITIONAL_CULTURE,
        audience=Audience.ELDERLY,
        venue=venue,
        team=team,
    )
    festival.campaigns.add(campaign)
    other = ActivityFactory(title="健康讲座", strand=Strand.MODERN_IDEAS)
    everyone = {uid(festival), uid(other)}

    for params in (
        {"strand": "traditional_culture"},
        {"audience": "elderly"},
        {"campaign": "garbage-sorting"},
        {"venue": "yue-cube"},
        {"team": "our-festivals"},
        {"q": "中秋"},
        {"q": "游园 中秋", "venue": "yue-cube", "colour": "red"},
    ):
        assert set(feed(client, **params)) == {uid(festival)}, params
    assert set(feed(client, strand="no-such-strand", page="2")) == everyone
    assert set(feed(client, venue="no-such-venue")) == set()


def test_the_feed_query_count_does_not_grow(client):
    def build(count: int) -> None:
        for _ in range(count):
            space = SpaceFactory()
            ActivityFactory(venue=space.venue, space=space)

    build(1)
    with CaptureQueriesContext(connection) as few:
        assert len(feed(client)) == 1
    build(9)
    with CaptureQueriesContext(connection) as many:
        assert len(feed(client)) == 10

    assert len(many) == len(few), "\n".join(q["sql"] for q in many.captured_queries)
    assert len(few) <= 2


def test_the_english_feed_is_named_in_english(client):
    ActivityFactory()

    calendar = parse(client.get("/en" + FEED_URL))

    assert calendar["X-WR-CALNAME"] == (
        "Activities of the New Era Civilization Practice Center"
    )
    (event,) = calendar.walk("VEVENT")
    assert event["URL"].startswith("http://testserver/en/activities/")


def test_the_feed_asks_calendars_to_refresh_every_six_hours_in_iso_8601(client):
    response = client.get(FEED_URL)
    calendar = parse(response)
    body = response.content.decode()

    # Apple and Outlook read X-PUBLISHED-TTL as an ISO 8601 duration, RFC 7986
    # clients REFRESH-INTERVAL; both must say six hours the same way.
    assert "\r\nX-PUBLISHED-TTL:PT6H\r\n" in body
    assert "\r\nREFRESH-INTERVAL;VALUE=DURATION:PT6H\r\n" in body
    assert vDuration.from_ical(str(calendar["X-PUBLISHED-TTL"])) == (
        datetime.timedelta(hours=6)
    )
