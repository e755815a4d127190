"""The admin of registrations, series, records and ratings: lists, filters and
the actions, all through the services."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from activities.models import (
    Activity,
    ActivityRecord,
    ActivitySeries,
    Rating,
    Registration,
)
from activities.services import checkin_code
from tests.activities.factories import RegistrationFactory
from tests.activities.helpers import (
    in_chinese,
    messages_of,
    open_door,
    run_action,
    url,
)
from tests.factories import ActivityFactory, UserFactory, VenueFactory

pytestmark = pytest.mark.django_db


# --- registrations --------------------------------------------------------------------


def test_registrations_are_searched_by_phone_and_masked_in_the_list(staff_client):
    RegistrationFactory(user=UserFactory(name="张小明", phone="13812345678"))
    RegistrationFactory(user=UserFactory(name="李四", phone="13900000000"))
    response = staff_client.get(url(Registration, "changelist"), {"q": "12345678"})
    assert response.context["cl"].result_count == 1
    html = response.content.decode()
    assert "张小明" in html and "138****5678" in html
    assert "13812345678" not in html.replace('value="12345678"', "")


def test_registrations_are_filtered_by_checked_in(staff_client):
    RegistrationFactory(checked_in_at=timezone.now())
    RegistrationFactory()
    response = staff_client.get(url(Registration, "changelist"), {"checked_in": "yes"})
    assert response.context["cl"].result_count == 1


def test_cancel_registrations_action_promotes_the_waitlist(staff_client):
    activity = ActivityFactory(capacity=1)
    seat = RegistrationFactory(activity=activity)
    waiting = RegistrationFactory(activity=activity, waitlisted=True)
    run_action(staff_client, Registration, "cancel_registrations", [seat])
    seat.refresh_from_db()
    waiting.refresh_from_db()
    assert seat.status == Registration.Status.CANCELLED
    assert waiting.status == Registration.Status.CONFIRMED


def test_check_in_action_and_its_refusals(staff_client, time_machine):
    activity = ActivityFactory()
    seat = RegistrationFactory(activity=activity)
    waiting = RegistrationFactory(activity=activity, waitlisted=True)
    open_door(time_machine, activity)
    response = run_action(
        staff_client, Registration, "check_in_registrations", [seat, waiting]
    )
    seat.refresh_from_db()
    waiting.refresh_from_db()
    assert seat.is_checked_in and not waiting.is_checked_in
    assert any(
        in_chinese("This registration is on the waitlist and has no seat yet.") in m
        for m in messages_of(response)
    )


def test_registrations_cannot_be_added_or_edited_in_the_admin(staff_client):
    registration = RegistrationFactory()
    assert staff_client.get(url(Registration, "add")).status_code == 403
    response = staff_client.post(
        url(Registration, "change", registration.pk), {"status": "cancelled"}
    )
    assert response.status_code == 403
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_admin_check_in_leaves_the_code_used(staff_client, time_machine):
    registration = RegistrationFactory()
    open_door(time_machine, registration.activity)
    run_action(staff_client, Registration, "check_in_registrations", [registration])
    response = staff_client.post(
        reverse("activities:checkin", kwargs={"pk": registration.activity_id}),
        {"code": checkin_code(registration)},
    )
    assert response.context["failure"]["code"] == "already_checked_in"


# --- series, records, ratings ----------------------------------------------------------


def test_generate_occurrences_action_runs_once(staff_client):
    series = ActivitySeries.objects.create(
        title="悦寿宴",
        frequency=ActivitySeries.Frequency.QUARTERLY,
        starts_on=datetime.date(2030, 1, 15),
        ends_on=datetime.date(2030, 12, 31),
        start_time=datetime.time(11, 0),
        strand="volunteering",
        venue=VenueFactory(),
        summary="为80岁以上老人祝寿",
        min_age=80,
    )
    run_action(staff_client, ActivitySeries, "generate_occurrences", [series])
    run_action(staff_client, ActivitySeries, "generate_occurrences", [series])
    occurrences = Activity.objects.filter(series=series)
    assert occurrences.count() == 4
    assert set(occurrences.values_list("status", flat=True)) == {"draft"}


def test_record_admin_publishes_through_the_action(staff_client):
    starts_at = timezone.now() - datetime.timedelta(days=1)
    activity = ActivityFactory(
        starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2)
    )
    record = ActivityRecord.objects.create(activity=activity, summary="纪实")
    page = staff_client.get(url(ActivityRecord, "change", record.pk))
    assert reverse("activities:record", kwargs={"pk": activity.pk}) in (
        page.content.decode()
    )
    run_action(staff_client, ActivityRecord, "publish_records", [record])
    record.refresh_from_db()
    assert record.is_published and record.published_at


def held_activity(**kwargs) -> Activity:
    starts_at = timezone.now() - datetime.timedelta(days=1)
    return ActivityFactory(
        starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2), **kwargs
    )


def record_add_data(activity) -> dict:
    return {
        "activity": str(activity.pk),
        "summary": "共40位居民参加。",
        "photos-TOTAL_FORMS": "0",
        "photos-INITIAL_FORMS": "0",
        "photos-MIN_NUM_FORMS": "0",
        "photos-MAX_NUM_FORMS": "1000",
    }


def test_a_record_added_in_the_admin_is_written_through_the_service(
    staff_client, staff_user
):
    activity = held_activity()
    response = staff_client.post(url(ActivityRecord, "add"), record_add_data(activity))
    assert response.status_code == 302, response.context["adminform"].form.errors
    record = ActivityRecord.objects.get()
    assert (record.activity, record.author) == (activity, staff_user)
    assert not record.is_published


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (
            {"starts_in": datetime.timedelta(days=2)},
            "A record can be written once the activity has started.",
        ),
        ({"status": Activity.Status.DRAFT}, "This activity has not been published."),
        ({"status": Activity.Status.CANCELLED}, "This activity has been cancelled."),
    ],
)
def test_a_record_the_service_refuses_is_refused_on_the_activity_field(
    staff_client, kwargs, message
):
    starts_in = kwargs.pop("starts_in", None)
    if starts_in is None:
        activity = held_activity(**kwargs)
    else:
        starts_at = timezone.now() + starts_in
        activity = ActivityFactory(
            starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2)
        )
    response = staff_client.post(url(ActivityRecord, "add"), record_add_data(activity))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["activity"] == [
        in_chinese(message)
    ]
    assert not ActivityRecord.objects.exists()


def test_record_photos_are_not_added_in_the_admin(staff_client):
    record = ActivityRecord.objects.create(activity=held_activity(), summary="纪实")
    page = staff_client.get(url(ActivityRecord, "change", record.pk))
    [photos] = page.context["inline_admin_formsets"]
    assert not photos.has_add_permission


def test_ratings_are_read_only_and_filtered_by_strand_and_score(staff_client):
    activity = ActivityFactory(strand="volunteering")
    Rating.objects.create(activity=activity, user=UserFactory(name="张小明"), score=5)
    Rating.objects.create(
        activity=ActivityFactory(strand="modern_ideas"), user=UserFactory(), score=2
    )
    assert staff_client.get(url(Rating, "add")).status_code == 403
    response = staff_client.get(
        url(Rating, "changelist"), {"activity__strand": "volunteering", "score": "5"}
    )
    assert response.context["cl"].result_count == 1
    html = response.content.decode()
    assert "张*明" in html and "张小明" not in html
    assert reverse("activities:staff_satisfaction") in html


def test_residents_and_leaders_cannot_run_the_actions(client, team_leader):
    activity = ActivityFactory(status=Activity.Status.DRAFT)
    client.force_login(team_leader)
    response = run_action(client, Activity, "publish_activities", [activity])
    assert response.redirect_chain[0][0].startswith(reverse("admin:login"))
    activity.refresh_from_db()
    assert activity.status == Activity.Status.DRAFT


def test_cancelling_twice_says_so(staff_client):
    activity = ActivityFactory(status=Activity.Status.CANCELLED)
    response = run_action(
        staff_client, Activity, "cancel_activities", [activity], confirm="yes"
    )
    assert any(
        escape(in_chinese("This activity is already cancelled.")) in escape(m)
        for m in messages_of(response)
    )
