"""The seat counters on each activity (``seats_taken``, ``waitlist_count``): right
after every write that changes the registrations, whichever path it took, and
never overwritten by a save of the activity."""

import pytest
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from activities.models import Activity, Registration, recount_seats
from activities.services import (
    ElderPick,
    activity_capacity_update,
    elders_register,
    registration_cancel,
    waitlist_promote,
    walk_in_add,
)
from tests.activities.factories import RegistrationFactory
from tests.activities.helpers import (
    add_prefix,
    change_form_data,
    open_door,
    sign_up,
    url,
)
from tests.factories import ActivityFactory, StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db


def counted(activity: Activity) -> tuple[int, int]:
    """The counters as stored."""
    return tuple(
        Activity.objects.filter(pk=activity.pk)
        .values_list("seats_taken", "waitlist_count")
        .get()
    )


def truth(activity: Activity) -> tuple[int, int]:
    """The counters summed from the registrations."""
    counts = Registration.objects.filter(activity=activity).aggregate(
        taken=Coalesce(Sum("companions", filter=Q(status="confirmed")), 0)
        + Count("pk", filter=Q(status="confirmed")),
        waiting=Count("pk", filter=Q(status="waitlisted")),
    )
    return counts["taken"], counts["waiting"]


def test_sign_ups_with_companions_and_the_waitlist():
    activity = ActivityFactory(capacity=3, max_companions=2)
    assert counted(activity) == (0, 0)

    sign_up(activity, companions=1)
    assert counted(activity) == (2, 0)
    sign_up(activity, companions=2)  # 3 seats: only 1 left, waits
    sign_up(activity)  # nobody jumps the queue
    assert counted(activity) == (2, 2) == truth(activity)


def test_cancelling_promotes_and_both_counters_follow():
    activity = ActivityFactory(capacity=1)
    mine = sign_up(activity)
    sign_up(activity)
    sign_up(activity)
    assert counted(activity) == (1, 2)

    registration_cancel(registration_id=mine.pk, user=mine.user)

    assert counted(activity) == (1, 1) == truth(activity)


def test_leaving_the_waitlist():
    activity = ActivityFactory(capacity=1)
    sign_up(activity)
    waiting = sign_up(activity)

    registration_cancel(registration_id=waiting.pk, user=waiting.user)

    assert counted(activity) == (1, 0)


def test_more_seats_then_promotion():
    activity = ActivityFactory(capacity=1)
    for _ in range(3):
        sign_up(activity)

    activity_capacity_update(activity_id=activity.pk, capacity=3)
    waitlist_promote(activity_id=activity.pk)

    assert counted(activity) == (3, 0) == truth(activity)


def test_a_walk_in_beyond_capacity_counts(staff_user, time_machine):
    activity = ActivityFactory(capacity=1)
    sign_up(activity)
    open_door(time_machine, activity)

    walk_in_add(
        activity_id=activity.pk, user=UserFactory(), by_user=staff_user, companions=0
    )

    assert counted(activity) == (2, 0)


def test_elders_signed_up_from_the_roster():
    activity = ActivityFactory(capacity=3, max_companions=1)
    elders = [UserFactory(birth_year=1940) for _ in range(2)]

    elders_register(
        activity_id=activity.pk,
        by=StaffUserFactory(),
        picks=[ElderPick(user_id=elder.pk, companions=1) for elder in elders],
    )

    assert counted(activity) == truth(activity) == (2, 1)


def test_a_sign_up_through_the_admin_counts(staff_client):
    activity = ActivityFactory(capacity=5, title="旧标题")
    sign_up(activity)
    prefix = add_prefix(staff_client, activity)
    # The change form was read with one seat taken; two more are taken before
    # it is saved with a new title and one more sign-up of its own.
    data = change_form_data(staff_client, activity)
    sign_up(activity)
    sign_up(activity)
    data.update(
        {
            "title": "新标题",
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-0-user": str(UserFactory().pk),
            f"{prefix}-0-companions": "0",
        }
    )

    response = staff_client.post(url(Activity, "change", activity.pk), data)

    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "新标题"
    assert counted(activity) == (4, 0) == truth(activity)


def test_a_whole_save_of_a_stale_activity_keeps_the_counters():
    activity = ActivityFactory(capacity=10)
    stale = Activity.objects.get(pk=activity.pk)
    sign_up(activity)
    sign_up(activity)

    stale.title = "改名"
    stale.save()

    assert counted(activity) == (2, 0)
    assert Activity.objects.get(pk=activity.pk).title == "改名"


def test_a_copy_of_an_activity_starts_with_no_seats_taken():
    activity = ActivityFactory(capacity=10)
    sign_up(activity)
    copy = Activity.objects.get(pk=activity.pk)

    copy.pk = None
    copy.save()

    assert counted(copy) == (0, 0)
    assert counted(activity) == (1, 0)


def test_a_deferred_activity_saves_what_it_loaded():
    activity = ActivityFactory(capacity=10, summary="原来的简介")
    sign_up(activity)
    partial = Activity.objects.only("pk", "title").get(pk=activity.pk)

    partial.title = "只改标题"
    partial.save()

    saved = Activity.objects.get(pk=activity.pk)
    assert (saved.title, saved.summary, saved.seats_taken) == (
        "只改标题",
        "原来的简介",
        1,
    )


def test_a_deleted_account_gives_its_seats_back():
    activity = ActivityFactory(capacity=2)
    leaving = sign_up(activity).user
    sign_up(activity)
    sign_up(activity)

    leaving.delete()

    assert counted(activity) == (1, 1) == truth(activity)


def test_a_check_in_does_not_recount(
    staff_user, time_machine, django_assert_num_queries
):
    registration = RegistrationFactory()
    registration.checked_in_at = registration.activity.starts_at
    with django_assert_num_queries(1):
        registration.save(update_fields=["checked_in_at"])


def test_recount_repairs_rows_written_without_signals():
    activity = ActivityFactory(capacity=5, max_companions=1)
    Registration.objects.bulk_create(
        [
            Registration(activity=activity, user=UserFactory(), companions=1),
            Registration(
                activity=activity,
                user=UserFactory(),
                status="waitlisted",
                waitlisted_at=activity.created_at,
            ),
        ]
    )
    assert counted(activity) == (0, 0)

    assert recount_seats(Activity.objects.filter(pk=activity.pk)) == 1

    assert counted(activity) == (2, 1)
