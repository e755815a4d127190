"""Check-in by code and from the list, and walk-ins, inside the check-in window."""

import datetime

import pytest
from django.utils import formats, timezone

from activities.errors import Code
from activities.models import Activity, Registration
from activities.services import (
    can_manage_registrations,
    checkin_by_code,
    checkin_code,
    registration_cancel,
    registration_check_in,
    walk_in_add,
)
from community_portal.errors import ServiceError
from tests.activities.helpers import (
    banquet,
    open_door,
    sign_up,
)
from tests.factories import ActivityFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

Status = Registration.Status


# --- check-in --------------------------------------------------------------------


def test_check_in_by_code(resident, staff_user, time_machine):
    activity = ActivityFactory()
    registration = sign_up(activity, resident)
    code = checkin_code(registration)

    open_door(time_machine, activity)
    checked_in = checkin_by_code(activity_id=activity.pk, code=code, by_user=staff_user)

    assert code.startswith(f"{registration.pk}-{activity.pk}-")
    assert len(code.rsplit("-", 1)[1]) == 8
    assert checked_in.pk == registration.pk
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    assert registration.checked_in_by == staff_user


def test_code_as_typed_lowercase_with_spaces(staff_user, time_machine):
    activity = ActivityFactory()
    registration = sign_up(activity)
    typed = " " + checkin_code(registration).lower().replace("-", " - ") + " "

    open_door(time_machine, activity)
    checkin_by_code(activity_id=activity.pk, code=typed, by_user=staff_user)

    registration.refresh_from_db()
    assert registration.is_checked_in


def tamper(code: str) -> str:
    head, signature = code.rsplit("-", 1)
    first = "A" if signature[0] != "A" else "B"
    return f"{head}-{first}{signature[1:]}"


@pytest.mark.parametrize(
    "make_bad_code",
    [
        tamper,
        lambda code: code.rsplit("-", 1)[0],
        lambda code: "",
        lambda code: "hello",
        lambda code: "x-y-ABCDEFGH",
    ],
    ids=["tampered-signature", "no-signature", "empty", "garbage", "not-numbers"],
)
def test_bad_code_is_refused(staff_user, make_bad_code):
    activity = ActivityFactory()
    registration = sign_up(activity)

    with pytest.raises(ServiceError) as excinfo:
        checkin_by_code(
            activity_id=activity.pk,
            code=make_bad_code(checkin_code(registration)),
            by_user=staff_user,
        )

    assert excinfo.value.code == Code.CODE_INVALID
    registration.refresh_from_db()
    assert not registration.is_checked_in


def test_code_of_another_activity(staff_user):
    this, other = ActivityFactory(), ActivityFactory()
    elsewhere = sign_up(other)

    with pytest.raises(ServiceError) as excinfo:
        checkin_by_code(
            activity_id=this.pk, code=checkin_code(elsewhere), by_user=staff_user
        )

    assert excinfo.value.code == Code.CODE_OTHER_ACTIVITY
    elsewhere.refresh_from_db()
    assert not elsewhere.is_checked_in


def test_code_with_activity_id_rewritten_is_invalid(staff_user):
    """The signature covers the activity id: editing it does not make it fit."""
    this, other = ActivityFactory(), ActivityFactory()
    elsewhere = sign_up(other)
    registration_id, _activity_id, signature = checkin_code(elsewhere).split("-")

    with pytest.raises(ServiceError) as excinfo:
        checkin_by_code(
            activity_id=this.pk,
            code=f"{registration_id}-{this.pk}-{signature}",
            by_user=staff_user,
        )

    assert excinfo.value.code == Code.CODE_INVALID


def test_code_used_twice(staff_user, time_machine):
    activity = ActivityFactory()
    registration = sign_up(activity)
    code = checkin_code(registration)
    open_door(time_machine, activity)
    checkin_by_code(activity_id=activity.pk, code=code, by_user=staff_user)
    registration.refresh_from_db()
    first_time = registration.checked_in_at

    with pytest.raises(ServiceError) as excinfo:
        checkin_by_code(activity_id=activity.pk, code=code, by_user=staff_user)

    assert excinfo.value.code == Code.ALREADY_CHECKED_IN
    registration.refresh_from_db()
    assert registration.checked_in_at == first_time


def test_waitlisted_code_is_refused(staff_user, time_machine):
    activity = ActivityFactory(capacity=1)
    sign_up(activity)
    waiting = sign_up(activity)

    with pytest.raises(ServiceError) as excinfo:
        open_door(time_machine, activity)
        checkin_by_code(
            activity_id=activity.pk, code=checkin_code(waiting), by_user=staff_user
        )

    assert excinfo.value.code == Code.NOT_CONFIRMED
    waiting.refresh_from_db()
    assert not waiting.is_checked_in


def test_cancelled_registration_code_is_refused(resident, staff_user, time_machine):
    activity = ActivityFactory()
    registration = sign_up(activity, resident)
    registration_cancel(registration_id=registration.pk, user=resident)

    with pytest.raises(ServiceError) as excinfo:
        open_door(time_machine, activity)
        checkin_by_code(
            activity_id=activity.pk, code=checkin_code(registration), by_user=staff_user
        )

    assert excinfo.value.code == Code.REGISTRATION_CANCELLED


def test_cancelled_activity_checks_nobody_in(staff_user):
    activity = ActivityFactory()
    registration = sign_up(activity)
    Activity.objects.filter(pk=activity.pk).update(status=Activity.Status.CANCELLED)

    with pytest.raises(ServiceError) as excinfo:
        checkin_by_code(
            activity_id=activity.pk, code=checkin_code(registration), by_user=staff_user
        )

    assert excinfo.value.code == Code.ACTIVITY_CANCELLED


def test_code_signed_with_a_retired_key_still_works(settings, staff_user, time_machine):
    activity = ActivityFactory()
    registration = sign_up(activity)
    code = checkin_code(registration)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-after-rotation-0123456789abcdefghijklmnopq"

    assert checkin_code(registration) != code
    open_door(time_machine, activity)
    checkin_by_code(activity_id=activity.pk, code=code, by_user=staff_user)


def test_code_signed_with_another_key_is_invalid(settings, staff_user):
    activity = ActivityFactory()
    registration = sign_up(activity)
    code = checkin_code(registration)
    settings.SECRET_KEY = "a-different-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"

    with pytest.raises(ServiceError) as excinfo:
        checkin_by_code(activity_id=activity.pk, code=code, by_user=staff_user)

    assert excinfo.value.code == Code.CODE_INVALID


def test_team_leader_runs_the_door_of_their_own_team_only(team_leader, time_machine):
    own = ActivityFactory(team=team_leader.led_teams.get())
    foreign = ActivityFactory(team=TeamFactory())
    mine, theirs = sign_up(own), sign_up(foreign)

    open_door(time_machine, own)
    checkin_by_code(activity_id=own.pk, code=checkin_code(mine), by_user=team_leader)
    with pytest.raises(ServiceError) as excinfo:
        checkin_by_code(
            activity_id=foreign.pk, code=checkin_code(theirs), by_user=team_leader
        )

    assert excinfo.value.code == Code.NOT_ALLOWED
    assert can_manage_registrations(user=team_leader, activity=own)
    assert not can_manage_registrations(user=team_leader, activity=foreign)


def test_resident_cannot_check_anyone_in(resident):
    activity = ActivityFactory()
    registration = sign_up(activity, resident)

    with pytest.raises(ServiceError) as excinfo:
        checkin_by_code(
            activity_id=activity.pk, code=checkin_code(registration), by_user=resident
        )

    assert excinfo.value.code == Code.NOT_ALLOWED
    registration.refresh_from_db()
    assert not registration.is_checked_in


def test_check_in_from_the_list(staff_user, time_machine):
    activity = ActivityFactory()
    registration = sign_up(activity)

    open_door(time_machine, activity)
    registration_check_in(registration_id=registration.pk, by_user=staff_user)

    registration.refresh_from_db()
    assert registration.checked_in_by == staff_user
    with pytest.raises(ServiceError) as excinfo:
        registration_check_in(registration_id=registration.pk, by_user=staff_user)
    assert excinfo.value.code == Code.ALREADY_CHECKED_IN


# --- walk-ins ----------------------------------------------------------------------


def test_walk_in_beyond_capacity(staff_user, time_machine):
    activity = ActivityFactory(capacity=1)
    sign_up(activity)
    visitor = UserFactory()

    open_door(time_machine, activity)
    walk_in = walk_in_add(activity_id=activity.pk, user=visitor, by_user=staff_user)

    assert walk_in.status == Status.CONFIRMED
    assert walk_in.is_walk_in
    assert walk_in.checked_in_by == staff_user
    assert walk_in.checked_in_at is not None
    assert Registration.objects.filter(activity=activity).confirmed().seat_count() == 2


def test_walk_in_of_someone_registered_checks_them_in(
    resident, staff_user, time_machine
):
    activity = ActivityFactory()
    registration = sign_up(activity, resident)

    open_door(time_machine, activity)
    walk_in = walk_in_add(activity_id=activity.pk, user=resident, by_user=staff_user)

    assert walk_in.pk == registration.pk
    assert walk_in.is_checked_in and not walk_in.is_walk_in
    assert Registration.objects.count() == 1


def test_walk_in_of_someone_waitlisted_confirms_them(
    resident, staff_user, time_machine
):
    activity = ActivityFactory(capacity=1)
    sign_up(activity)
    waiting = sign_up(activity, resident)

    open_door(time_machine, activity)
    walk_in = walk_in_add(activity_id=activity.pk, user=resident, by_user=staff_user)

    assert walk_in.pk == waiting.pk
    assert walk_in.status == Status.CONFIRMED
    assert walk_in.is_checked_in
    assert Registration.objects.count() == 2


def test_walk_in_twice_is_refused(resident, staff_user, time_machine):
    activity = ActivityFactory()
    open_door(time_machine, activity)
    walk_in_add(activity_id=activity.pk, user=resident, by_user=staff_user)

    with pytest.raises(ServiceError) as excinfo:
        walk_in_add(activity_id=activity.pk, user=resident, by_user=staff_user)

    assert excinfo.value.code == Code.ALREADY_CHECKED_IN
    assert Registration.objects.count() == 1


def test_walk_in_records_the_age_exception(staff_user, time_machine):
    activity = banquet()
    young = UserFactory(birth_year=1990)

    open_door(time_machine, activity)
    walk_in = walk_in_add(activity_id=activity.pk, user=young, by_user=staff_user)

    assert walk_in.eligibility_overridden_by == staff_user


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (Activity.Status.CANCELLED, Code.ACTIVITY_CANCELLED),
        (Activity.Status.DRAFT, Code.NOT_PUBLISHED),
    ],
)
def test_walk_in_needs_a_published_activity(staff_user, status, code):
    activity = ActivityFactory(status=status)

    with pytest.raises(ServiceError) as excinfo:
        walk_in_add(activity_id=activity.pk, user=UserFactory(), by_user=staff_user)

    assert excinfo.value.code == code
    assert Registration.objects.count() == 0


def test_walk_in_by_a_resident_is_refused(resident):
    activity = ActivityFactory()

    with pytest.raises(ServiceError) as excinfo:
        walk_in_add(activity_id=activity.pk, user=UserFactory(), by_user=resident)

    assert excinfo.value.code == Code.NOT_ALLOWED
    assert Registration.objects.count() == 0


def test_grid_worker_is_not_door_staff(grid_worker):
    activity = ActivityFactory()

    assert not can_manage_registrations(user=grid_worker, activity=activity)


# --- the check-in window ---------------------------------------------------------------


def test_check_in_opens_an_hour_before_and_says_when(
    resident, staff_user, time_machine
):
    activity = ActivityFactory()
    assert activity.checkin_opens_minutes == 60
    registration = sign_up(activity, resident)
    code = checkin_code(registration)

    time_machine.move_to(activity.starts_at - datetime.timedelta(minutes=61))
    for attempt in (
        lambda: checkin_by_code(activity_id=activity.pk, code=code, by_user=staff_user),
        lambda: registration_check_in(
            registration_id=registration.pk, by_user=staff_user
        ),
        lambda: walk_in_add(
            activity_id=activity.pk, user=UserFactory(), by_user=staff_user
        ),
    ):
        with pytest.raises(ServiceError) as excinfo:
            attempt()
        assert excinfo.value.code == Code.CHECKIN_CLOSED
        opens = timezone.localtime(activity.starts_at - datetime.timedelta(hours=1))
        assert formats.date_format(opens, "DATETIME_FORMAT") in excinfo.value.message
    registration.refresh_from_db()
    assert not registration.is_checked_in
    assert Registration.objects.filter(activity=activity).count() == 1

    time_machine.move_to(activity.starts_at - datetime.timedelta(minutes=60))
    checkin_by_code(activity_id=activity.pk, code=code, by_user=staff_user)
    registration.refresh_from_db()
    assert registration.is_checked_in


def test_check_in_window_is_set_per_activity(staff_user, time_machine):
    activity = ActivityFactory(checkin_opens_minutes=15)
    registration = sign_up(activity)
    time_machine.move_to(activity.starts_at - datetime.timedelta(minutes=20))
    with pytest.raises(ServiceError) as excinfo:
        registration_check_in(registration_id=registration.pk, by_user=staff_user)
    assert excinfo.value.code == Code.CHECKIN_CLOSED


def test_check_in_closes_at_the_end(staff_user, time_machine):
    activity = ActivityFactory()
    registration = sign_up(activity)
    time_machine.move_to(activity.ends_at)
    with pytest.raises(ServiceError) as excinfo:
        registration_check_in(registration_id=registration.pk, by_user=staff_user)
    assert excinfo.value.code == Code.CHECKIN_CLOSED
    assert "已结束" in excinfo.value.message
    registration.refresh_from_db()
    assert not registration.is_checked_in
