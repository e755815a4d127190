"""One activity's page: what a resident needs, the QR code, the record
and rating afterwards, the organisers' tools."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, Audience, Campaign
from tests.activities.factories import RegistrationFactory
from tests.activities.helpers import (
    build_activities,
)
from tests.factories import (
    ActivityFactory,
    AllianceFactory,
    GridFactory,
    SpaceFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db


def test_activity_detail_query_count_does_not_grow(client, assert_same_queries):
    activity = ActivityFactory(
        alliance=AllianceFactory(), grid=GridFactory(number=1), team=TeamFactory()
    )
    activity.campaigns.set(Campaign.objects.all()[:1])

    def grow():
        activity.campaigns.set(Campaign.objects.all())
        build_activities(27)

    assert_same_queries(client, activity.get_absolute_url(), grow)


def test_activity_detail_shows_what_a_resident_needs(client):
    space = SpaceFactory(name="悦享堂", venue__name="“悦立方”文化家园")
    team = TeamFactory(name="悦公益")
    alliance = AllianceFactory(name="德培幼儿园")
    starts = timezone.make_aware(datetime.datetime(2031, 12, 6, 14, 0))
    activity = ActivityFactory(
        title="悦寿宴",
        venue=space.venue,
        space=space,
        location="邻里中心一楼",
        team=team,
        alliance=alliance,
        audience=Audience.ELDERLY,
        capacity=40,
        summary="为80岁以上老人祝寿",
        description="欢迎家属陪同。",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
    )
    activity.campaigns.set(Campaign.objects.filter(slug="civilization"))

    content = client.get(activity.get_absolute_url()).content.decode()

    for text in (
        "悦寿宴",
        "“悦立方”文化家园",
        "悦享堂",
        "邻里中心一楼",
        "悦公益",
        "德培幼儿园",
        "文明创建",
        "为80岁以上老人祝寿",
        "欢迎家属陪同。",
        "40",
        "14:00–16:00",
        "2031",
        str(Audience.ELDERLY.label),
    ):
        assert text in content, text
    assert "cancelled-banner" not in content
    assert reverse("activities:ics", args=[activity.pk]) in content


def test_times_are_shown_in_shanghai_time(client):
    # 06:00 UTC is 14:00 in Shanghai.
    starts = datetime.datetime(2031, 12, 6, 6, 0, tzinfo=datetime.UTC)
    activity = ActivityFactory(
        starts_at=starts, ends_at=starts + datetime.timedelta(hours=2)
    )

    content = client.get(activity.get_absolute_url()).content.decode()

    assert "14:00–16:00" in content


def test_cancelled_activity_shows_a_clear_banner(client):
    activity = ActivityFactory(
        status=Activity.Status.CANCELLED, cancellation_reason="台风预警，改期另行通知"
    )

    response = client.get(activity.get_absolute_url())

    content = response.content.decode()
    assert response.status_code == 200
    assert 'class="cancelled-banner" role="alert"' in content
    assert "台风预警，改期另行通知" in content
    assert "event.ics" not in content  # nothing to add to a calendar


def test_draft_is_404_to_the_public_and_200_to_staff(client, resident, staff_user):
    draft = ActivityFactory(status=Activity.Status.DRAFT)
    url = draft.get_absolute_url()

    assert client.get(url).status_code == 404
    client.force_login(resident)
    assert client.get(url).status_code == 404
    client.force_login(staff_user)
    assert client.get(url).status_code == 200


def test_unknown_activity_is_404(client):
    response = client.get(reverse("activities:detail", args=[424242]))

    assert response.status_code == 404
    assert "btn btn-primary btn-lg" in response.content.decode()  # our 404 page


# --- one activity ---------------------------------------------------------------------


def test_activity_page_has_qr_code_ics_and_feed(client):
    activity = ActivityFactory()

    content = client.get(activity.get_absolute_url()).content.decode()

    assert 'class="poster-qr"' in content and "<svg" in content
    assert f"http://testserver{activity.get_absolute_url()}" in content
    assert reverse("activities:ics", args=[activity.pk]) in content
    assert reverse("activities:feed") in content
    assert "<script>" not in content and "<script " not in content.replace(
        '<script src="', ""
    )


def test_activity_page_explains_window_and_cutoff(client, resident):
    activity = ActivityFactory(capacity=5, cancellation_cutoff_hours=24)
    RegistrationFactory(activity=activity, companions=1)
    client.force_login(resident)

    response = client.get(activity.get_absolute_url())

    content = response.content.decode()
    assert response.context["activity"].seats_left == 3
    assert response.context["registration_open"] is True
    assert "24" in content  # you can cancel up to 24 hours before
    assert content.count('class="btn btn-primary btn-lg w-100 btn-signup"') == 1


def build_held_activity_with_everything(count: int, activity: Activity) -> None:
    from activities.models import ActivityRecord, Rating, RecordPhoto
    from tests.factories import UserFactory

    record, _created = ActivityRecord.objects.get_or_create(
        activity=activity,
        defaults={
            "summary": "很热闹",
            "is_published": True,
            "published_at": timezone.now(),
        },
    )
    start = record.photos.count()
    for index in range(count):
        user = UserFactory()
        RegistrationFactory(
            activity=activity, user=user, checked_in_at=activity.starts_at
        )
        Rating.objects.create(activity=activity, user=user, score=index % 5 + 1)
        RecordPhoto.objects.create(
            record=record, image=f"records/p{start + index}.jpg", position=start + index
        )


def test_activity_page_query_count_with_registrations_ratings_and_photos(
    client, resident, assert_same_queries
):
    starts_at = timezone.now() - datetime.timedelta(days=1)
    activity = ActivityFactory(
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        alliance=AllianceFactory(),
        grid=GridFactory(number=1),
    )
    activity.campaigns.set(Campaign.objects.all())
    RegistrationFactory(activity=activity, user=resident, checked_in_at=starts_at)
    build_held_activity_with_everything(3, activity)
    client.force_login(resident)

    response = client.get(activity.get_absolute_url())
    assert response.context["page"].can_rate
    assert "records/p0.thumb.jpg" in response.content.decode()
    assert_same_queries(
        client,
        activity.get_absolute_url(),
        lambda: build_held_activity_with_everything(27, activity),
    )


def test_upcoming_activity_page_query_count_with_registrations(
    client, resident, assert_same_queries
):
    activity = ActivityFactory(capacity=10)
    RegistrationFactory(activity=activity, user=resident, waitlisted=True)
    client.force_login(resident)

    def grow():
        for _ in range(30):
            RegistrationFactory(activity=activity, waitlisted=True)

    assert_same_queries(client, activity.get_absolute_url(), grow)


def test_ended_activity_shows_its_published_record_and_average(client):
    from activities.models import ActivityRecord, Rating

    starts_at = timezone.now() - datetime.timedelta(days=2)
    activity = ActivityFactory(
        starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2)
    )
    for score in (4, 5):
        registration = RegistrationFactory(activity=activity, checked_in_at=starts_at)
        Rating.objects.create(activity=activity, user=registration.user, score=score)
    ActivityRecord.objects.create(
        activity=activity,
        summary="四十位老人参加",
        is_published=True,
        published_at=timezone.now(),
    )

    content = client.get(activity.get_absolute_url()).content.decode()

    assert "四十位老人参加" in content
    assert "4.5" in content
    assert reverse("activities:rate", args=[activity.pk]) not in content  # visitor


def test_unpublished_record_stays_hidden(client):
    from activities.models import ActivityRecord

    starts_at = timezone.now() - datetime.timedelta(days=2)
    activity = ActivityFactory(
        starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2)
    )
    ActivityRecord.objects.create(activity=activity, summary="草稿纪实")

    assert "草稿纪实" not in client.get(activity.get_absolute_url()).content.decode()


def test_english_activity_page_renders_for_a_resident(client, resident):
    activity = ActivityFactory(max_companions=1)
    client.force_login(resident)

    response = client.get(f"/en{activity.get_absolute_url()}")

    content = response.content.decode()
    assert response.status_code == 200
    assert "Confirm my sign-up" in content
    assert f'action="/en/activities/{activity.pk}/register/"' in content


def test_organisers_find_their_tools_on_the_activity_page(
    client, team_leader, resident
):
    from volunteers.models import Team

    activity = ActivityFactory(team=Team.objects.get(leader=team_leader))
    checkin_url = reverse("activities:checkin", args=[activity.pk])

    client.force_login(resident)
    assert checkin_url not in client.get(activity.get_absolute_url()).content.decode()

    client.force_login(team_leader)
    content = client.get(activity.get_absolute_url()).content.decode()
    assert checkin_url in content
    assert reverse("activities:record", args=[activity.pk]) in content
    assert reverse("activities:staff_satisfaction") not in content  # staff only
