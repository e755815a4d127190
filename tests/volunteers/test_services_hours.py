"""Serving at activities: sign-ups, check-in and out, hours entered and verified."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import TeamFactory, UserFactory
from volunteers import services
from volunteers.errors import Code
from volunteers.models import (
    HoursEntry,
    PointsEntry,
    PointsRate,
    VolunteerShift,
)

from .factories import (
    VolunteerFactory,
    VolunteerRoleFactory,
    VolunteerShiftFactory,
    past_activity,
)
from .helpers import refused

pytestmark = pytest.mark.django_db


# --- shifts and hours -----------------------------------------------------------------


def test_sign_up_never_beyond_what_the_role_needs():
    role = VolunteerRoleFactory(needed=1)
    first, second = VolunteerFactory(), VolunteerFactory()
    services.shift_sign_up(role_id=role.pk, user=first.user)
    refused(
        Code.ALREADY_SIGNED_UP, services.shift_sign_up, role_id=role.pk, user=first.user
    )
    refused(Code.ROLE_FULL, services.shift_sign_up, role_id=role.pk, user=second.user)
    assert VolunteerShift.objects.count() == 1


def test_no_sign_up_for_an_ended_activity():
    role = VolunteerRoleFactory(activity=past_activity())
    refused(
        Code.ACTIVITY_CLOSED,
        services.shift_sign_up,
        role_id=role.pk,
        user=VolunteerFactory().user,
    )


def test_check_in_and_out_makes_pending_hours(staff_user, time_machine):
    activity = past_activity()
    shift = VolunteerShiftFactory(role=VolunteerRoleFactory(activity=activity))
    refused(
        Code.NOT_CHECKED_IN,
        services.shift_check_out,
        shift_id=shift.pk,
        by_user=staff_user,
    )
    # Check-in is taken while the activity is on (from an hour before it).
    today = timezone.now()
    time_machine.move_to(activity.starts_at - datetime.timedelta(minutes=50))
    services.shift_check_in(shift_id=shift.pk, by_user=staff_user)
    time_machine.move_to(today)
    refused(
        Code.ALREADY_CHECKED_IN,
        services.shift_check_in,
        shift_id=shift.pk,
        by_user=staff_user,
    )
    VolunteerShift.objects.filter(pk=shift.pk).update(
        checked_in_at=timezone.now() - datetime.timedelta(hours=2, minutes=10)
    )
    entry = services.shift_check_out(shift_id=shift.pk, by_user=staff_user)
    assert entry.hours == Decimal("2.0")
    assert entry.status == HoursEntry.Status.PENDING
    assert entry.source == HoursEntry.Source.CHECK_OUT
    assert entry.team_id == activity.team_id
    refused(
        Code.ALREADY_CHECKED_OUT,
        services.shift_check_out,
        shift_id=shift.pk,
        by_user=staff_user,
    )


def test_a_stranger_cannot_check_volunteers_in(resident):
    shift = VolunteerShiftFactory(role=VolunteerRoleFactory(activity=past_activity()))
    refused(
        Code.NOT_ALLOWED, services.shift_check_in, shift_id=shift.pk, by_user=resident
    )


def leader_with_shift():
    leader = UserFactory()
    team = TeamFactory(leader=leader)
    activity = past_activity(team=team)
    shift = VolunteerShiftFactory(role=VolunteerRoleFactory(activity=activity))
    return leader, activity, shift.volunteer


def test_the_leader_enters_hours_that_count_once_verified(staff_user):
    leader, activity, volunteer = leader_with_shift()
    entry = services.hours_enter(
        volunteer_id=volunteer.pk, activity_id=activity.pk, hours="2.5", by_user=leader
    )
    assert entry.hours == Decimal("2.5")
    assert not PointsEntry.objects.exists()

    verified = services.hours_verify(entry_ids=[entry.pk], by_user=staff_user)
    assert verified == [entry]
    entry.refresh_from_db()
    assert entry.status == HoursEntry.Status.VERIFIED
    line = PointsEntry.objects.get()
    assert (line.kind, line.amount, line.balance_after) == ("earned", 25, 25)  # 10/h

    # Verifying again pays nothing twice.
    assert services.hours_verify(entry_ids=[entry.pk], by_user=staff_user) == []
    assert PointsEntry.objects.count() == 1


def test_the_rate_staff_configure_applies_from_its_date(staff_user):
    PointsRate.objects.create(
        valid_from=timezone.localdate() - datetime.timedelta(days=3), points_per_hour=15
    )
    leader, activity, volunteer = leader_with_shift()
    entry = services.hours_enter(
        volunteer_id=volunteer.pk, activity_id=activity.pk, hours="2", by_user=leader
    )
    services.hours_verify(entry_ids=[entry.pk], by_user=staff_user)
    assert PointsEntry.objects.get().amount == 30


def test_only_staff_verify(team_leader):
    leader, activity, volunteer = leader_with_shift()
    entry = services.hours_enter(
        volunteer_id=volunteer.pk, activity_id=activity.pk, hours="2", by_user=leader
    )
    refused(
        Code.NOT_ALLOWED, services.hours_verify, entry_ids=[entry.pk], by_user=leader
    )
    entry.refresh_from_db()
    assert entry.status == HoursEntry.Status.PENDING


@pytest.mark.parametrize(
    ("hours", "code"),
    [
        ("-2", Code.BAD_HOURS),
        ("0", Code.BAD_HOURS),
        ("25", Code.BAD_HOURS),
        ("abc", Code.BAD_HOURS),
        ("NaN", Code.BAD_HOURS),
        ("Infinity", Code.BAD_HOURS),
        ("", Code.BAD_HOURS),
    ],
)
def test_negative_or_absurd_hours_are_refused(hours, code):
    leader, activity, volunteer = leader_with_shift()
    refused(
        code,
        services.hours_enter,
        volunteer_id=volunteer.pk,
        activity_id=activity.pk,
        hours=hours,
        by_user=leader,
    )
    assert not HoursEntry.objects.exists()


def test_never_more_than_24_hours_in_a_day():
    leader, activity, volunteer = leader_with_shift()
    services.hours_enter(
        volunteer_id=volunteer.pk, activity_id=activity.pk, hours="20", by_user=leader
    )
    # A second activity the same day.
    other = past_activity(team=activity.team, title="同日另一场")
    VolunteerShiftFactory(
        volunteer=volunteer, role=VolunteerRoleFactory(activity=other)
    )
    error = refused(
        Code.TOO_MANY_HOURS,
        services.hours_enter,
        volunteer_id=volunteer.pk,
        activity_id=other.pk,
        hours="5",
        by_user=leader,
    )
    assert "24" in error.message
    assert HoursEntry.objects.count() == 1
    services.hours_enter(
        volunteer_id=volunteer.pk, activity_id=other.pk, hours="4", by_user=leader
    )


def test_hours_for_an_activity_one_did_not_serve_are_refused():
    leader, activity, _volunteer = leader_with_shift()
    stranger = VolunteerFactory()
    refused(
        Code.DID_NOT_SERVE,
        services.hours_enter,
        volunteer_id=stranger.pk,
        activity_id=activity.pk,
        hours="2",
        by_user=leader,
    )
    assert not HoursEntry.objects.exists()


def test_hours_entered_twice_or_by_another_team_are_refused():
    leader, activity, volunteer = leader_with_shift()
    services.hours_enter(
        volunteer_id=volunteer.pk, activity_id=activity.pk, hours="2", by_user=leader
    )
    refused(
        Code.HOURS_ALREADY_ENTERED,
        services.hours_enter,
        volunteer_id=volunteer.pk,
        activity_id=activity.pk,
        hours="1",
        by_user=leader,
    )
    other_leader = UserFactory()
    TeamFactory(leader=other_leader)
    refused(
        Code.NOT_ALLOWED,
        services.hours_enter,
        volunteer_id=volunteer.pk,
        activity_id=activity.pk,
        hours="1",
        by_user=other_leader,
    )
    assert HoursEntry.objects.count() == 1


def test_rejected_hours_do_not_count_and_may_be_entered_again(staff_user):
    leader, activity, volunteer = leader_with_shift()
    entry = services.hours_enter(
        volunteer_id=volunteer.pk, activity_id=activity.pk, hours="9", by_user=leader
    )
    refused(
        Code.INVALID,
        services.hours_reject,
        entry_ids=[entry.pk],
        by_user=staff_user,
        reason="",
    )
    services.hours_reject(entry_ids=[entry.pk], by_user=staff_user, reason="应为2小时")
    services.hours_enter(
        volunteer_id=volunteer.pk, activity_id=activity.pk, hours="2", by_user=leader
    )
    assert HoursEntry.objects.pending().get().hours == Decimal("2.0")


def test_volunteers_check_in_only_inside_the_activity_window(staff_user, time_machine):
    activity = past_activity(checkin_opens_minutes=30)
    shift = VolunteerShiftFactory(role=VolunteerRoleFactory(activity=activity))
    # After the end: closed.
    error = refused(
        Code.ACTIVITY_CLOSED,
        services.shift_check_in,
        shift_id=shift.pk,
        by_user=staff_user,
    )
    assert "已结束" in error.message
    # 31 minutes before the start: not yet, and it says when.
    time_machine.move_to(activity.starts_at - datetime.timedelta(minutes=31))
    error = refused(
        Code.ACTIVITY_CLOSED,
        services.shift_check_in,
        shift_id=shift.pk,
        by_user=staff_user,
    )
    opens = timezone.localtime(activity.starts_at - datetime.timedelta(minutes=30))
    assert opens.strftime("%H:%M").lstrip("0") in error.message.replace(" ", "")
    time_machine.move_to(activity.starts_at - datetime.timedelta(minutes=30))
    assert services.shift_check_in(shift_id=shift.pk, by_user=staff_user).checked_in_at
