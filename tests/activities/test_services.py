"""Registration services: every rule, every refusal, and nothing written on refusal."""

import datetime

import pytest
from django.utils import timezone

from activities import notifications
from activities.errors import Code
from activities.models import Activity, Registration
from activities.services import (
    activity_capacity_update,
    can_manage_registrations,
    checkin_by_code,
    checkin_code,
    registration_cancel,
    registration_check_in,
    registration_create,
    waitlist_promote,
    walk_in_add,
)
from community_portal.errors import ServiceError
from tests.factories import ActivityFactory, TeamFactory, UserFactory

Status = Registration.Status

pytestmark = pytest.mark.django_db


def hours(n: float) -> datetime.timedelta:
    return datetime.timedelta(hours=n)


def sign_up(activity: Activity, user=None, **kwargs) -> Registration:
    return registration_create(
        activity_id=activity.pk, user=user or UserFactory(), **kwargs
    )


def statuses(activity: Activity) -> list[tuple[str, str]]:
    return list(
        Registration.objects.filter(activity=activity)
        .order_by("id")
        .values_list("user__username", "status")
    )


# --- sign-up -----------------------------------------------------------------


def test_sign_up_confirms_while_seats_remain_then_waitlists():
    activity = ActivityFactory(capacity=2)

    first, second, third = (sign_up(activity) for _ in range(3))

    assert [first.status, second.status, third.status] == [
        Status.CONFIRMED,
        Status.CONFIRMED,
        Status.WAITLISTED,
    ]
    assert first.confirmed_at is not None and first.waitlisted_at is None
    assert third.waitlisted_at is not None and third.confirmed_at is None
    assert Registration.objects.filter(activity=activity).confirmed().seat_count() == 2


def test_unlimited_capacity_always_confirms():
    activity = ActivityFactory(capacity=None)

    registrations = [sign_up(activity) for _ in range(5)]

    assert {r.status for r in registrations} == {Status.CONFIRMED}


def test_companions_take_seats():
    activity = ActivityFactory(capacity=4, max_companions=2)

    parent = sign_up(activity, companions=2)
    fits_exactly = sign_up(activity)
    too_many = sign_up(activity)

    assert parent.seats == 3
    assert parent.status == Status.CONFIRMED
    assert fits_exactly.status == Status.CONFIRMED
    assert too_many.status == Status.WAITLISTED


def test_party_that_does_not_fit_is_waitlisted():
    activity = ActivityFactory(capacity=3, max_companions=2)
    sign_up(activity)

    party = sign_up(activity, companions=2)

    assert party.status == Status.WAITLISTED


def test_newcomer_does_not_jump_the_waitlist():
    """One seat is free, but a party of three is waiting: the newcomer queues."""
    activity = ActivityFactory(capacity=3, max_companions=2)
    sign_up(activity, companions=1)
    party = sign_up(activity, companions=2)

    newcomer = sign_up(activity)

    assert party.status == Status.WAITLISTED
    assert newcomer.status == Status.WAITLISTED


@pytest.mark.parametrize(
    ("activity_kwargs", "companions", "code"),
    [
        ({"status": Activity.Status.DRAFT}, 0, Code.NOT_PUBLISHED),
        ({"status": Activity.Status.CANCELLED}, 0, Code.ACTIVITY_CANCELLED),
        (
            {
                "starts_at": timezone.now() - hours(3),
                "ends_at": timezone.now() - hours(1),
            },
            0,
            Code.ENDED,
        ),
        (
            {"registration_opens_at": timezone.now() + hours(24)},
            0,
            Code.NOT_OPEN_YET,
        ),
        (
            {"registration_closes_at": timezone.now() - hours(1)},
            0,
            Code.CLOSED,
        ),
        # Without a closing time, registration closes at the start.
        (
            {
                "starts_at": timezone.now() - hours(1),
                "ends_at": timezone.now() + hours(1),
            },
            0,
            Code.CLOSED,
        ),
        ({"max_companions": 0}, 1, Code.TOO_MANY_COMPANIONS),
        ({"max_companions": 2}, 3, Code.TOO_MANY_COMPANIONS),
        ({"max_companions": 2}, -1, Code.TOO_MANY_COMPANIONS),
    ],
    ids=[
        "draft",
        "cancelled",
        "ended",
        "not-open-yet",
        "closed",
        "started",
        "no-companions",
        "too-many-companions",
        "negative-companions",
    ],
)
def test_sign_up_refusals_write_nothing(activity_kwargs, companions, code):
    activity = ActivityFactory(**activity_kwargs)

    with pytest.raises(ServiceError) as excinfo:
        sign_up(activity, companions=companions)

    assert excinfo.value.code == code
    assert excinfo.value.message
    assert Registration.objects.count() == 0


def test_sign_up_inside_the_window_succeeds():
    activity = ActivityFactory(
        registration_opens_at=timezone.now() - hours(1),
        registration_closes_at=timezone.now() + hours(1),
    )

    assert sign_up(activity).status == Status.CONFIRMED


def test_sign_up_for_missing_activity():
    with pytest.raises(ServiceError) as excinfo:
        registration_create(activity_id=987654, user=UserFactory())

    assert excinfo.value.code == Code.ACTIVITY_NOT_FOUND


def test_not_open_yet_message_names_the_opening_time():
    opens = timezone.now() + hours(24)
    activity = ActivityFactory(registration_opens_at=opens)

    with pytest.raises(ServiceError) as excinfo:
        sign_up(activity)

    assert str(timezone.localtime(opens).year) in excinfo.value.message


def test_double_submit_creates_one_registration(resident):
    activity = ActivityFactory()
    sign_up(activity, resident)

    with pytest.raises(ServiceError) as excinfo:
        sign_up(activity, resident)

    assert excinfo.value.code == Code.ALREADY_REGISTERED
    assert Registration.objects.count() == 1


def test_waitlisted_person_cannot_sign_up_again(resident):
    activity = ActivityFactory(capacity=1)
    sign_up(activity)
    assert sign_up(activity, resident).status == Status.WAITLISTED

    with pytest.raises(ServiceError) as excinfo:
        sign_up(activity, resident)

    assert excinfo.value.code == Code.ALREADY_REGISTERED
    assert Registration.objects.count() == 2


def test_sign_up_again_after_cancelling_is_a_new_row(resident):
    activity = ActivityFactory()
    first = sign_up(activity, resident)
    registration_cancel(registration_id=first.pk, user=resident)

    second = sign_up(activity, resident)

    assert second.pk != first.pk
    assert second.status == Status.CONFIRMED
    first.refresh_from_db()
    assert first.status == Status.CANCELLED
    assert Registration.objects.filter(activity=activity).count() == 2


# --- age ---------------------------------------------------------------------


def banquet() -> Activity:
    """悦寿宴, for residents aged 80 and over."""
    return ActivityFactory(title="悦寿宴", min_age=80)


def test_too_young_is_refused():
    activity = banquet()
    young = UserFactory(birth_year=timezone.localtime(activity.starts_at).year - 79)

    with pytest.raises(ServiceError) as excinfo:
        sign_up(activity, young)

    assert excinfo.value.code == Code.NOT_ELIGIBLE
    assert "80" in excinfo.value.message
    assert Registration.objects.count() == 0


def test_turning_80_in_the_activity_year_is_old_enough():
    activity = banquet()
    user = UserFactory(birth_year=timezone.localtime(activity.starts_at).year - 80)

    registration = sign_up(activity, user)

    assert registration.status == Status.CONFIRMED
    assert registration.eligibility_overridden_by is None


def test_without_birth_year_age_is_not_checked():
    registration = sign_up(banquet(), UserFactory(birth_year=None))

    assert registration.status == Status.CONFIRMED


def test_staff_override_lets_a_younger_resident_in_and_is_recorded(staff_user):
    activity = banquet()
    young = UserFactory(birth_year=timezone.localtime(activity.starts_at).year - 70)

    registration = sign_up(activity, young, override_eligibility_by=staff_user)

    assert registration.status == Status.CONFIRMED
    assert registration.eligibility_overridden_by == staff_user


def test_unneeded_override_is_not_recorded(staff_user):
    activity = banquet()
    old = UserFactory(birth_year=1930)

    registration = sign_up(activity, old, override_eligibility_by=staff_user)

    assert registration.eligibility_overridden_by is None


def test_override_by_a_resident_is_refused(resident):
    activity = banquet()
    young = UserFactory(birth_year=2000)

    with pytest.raises(ServiceError) as excinfo:
        sign_up(activity, young, override_eligibility_by=resident)

    assert excinfo.value.code == Code.NOT_ALLOWED
    assert Registration.objects.count() == 0


def test_override_does_not_open_a_closed_activity(staff_user):
    activity = ActivityFactory(min_age=80, status=Activity.Status.DRAFT)

    with pytest.raises(ServiceError) as excinfo:
        sign_up(
            activity, UserFactory(birth_year=2000), override_eligibility_by=staff_user
        )

    assert excinfo.value.code == Code.NOT_PUBLISHED


# --- notifications -------------------------------------------------------------


@pytest.fixture
def sent(monkeypatch):
    """Records the notification hooks that ran, as (hook, registration id)."""
    calls = []
    for name in (
        "registration_confirmed",
        "registration_waitlisted",
        "registration_promoted",
        "registration_cancelled",
    ):
        monkeypatch.setattr(
            notifications,
            name,
            lambda *, registration_id, name=name: calls.append((name, registration_id)),
        )
    return calls


def test_notifications_run_after_commit(sent, django_capture_on_commit_callbacks):
    activity = ActivityFactory(capacity=1)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        confirmed = sign_up(activity)
    assert sent == []
    for callback in callbacks:
        callback()
    assert sent == [("registration_confirmed", confirmed.pk)]

    with django_capture_on_commit_callbacks(execute=True):
        waiting = sign_up(activity)
        registration_cancel(registration_id=confirmed.pk, user=confirmed.user)

    assert sent[1:] == [
        ("registration_waitlisted", waiting.pk),
        ("registration_cancelled", confirmed.pk),
        ("registration_promoted", waiting.pk),
    ]


def test_refused_sign_up_notifies_nobody(sent, django_capture_on_commit_callbacks):
    activity = ActivityFactory(status=Activity.Status.DRAFT)

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ServiceError),
    ):
        sign_up(activity)

    assert callbacks == []
    assert sent == []


# --- cancellation and the waitlist -------------------------------------------------


def test_owner_cancels_and_the_first_waitlisted_is_promoted(resident):
    activity = ActivityFactory(capacity=1)
    mine = sign_up(activity, resident)
    first_waiting = sign_up(activity)
    second_waiting = sign_up(activity)

    cancelled = registration_cancel(registration_id=mine.pk, user=resident)

    assert cancelled.status == Status.CANCELLED
    assert cancelled.cancelled_at is not None
    assert cancelled.cancelled_by == resident
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert first_waiting.status == Status.CONFIRMED
    assert first_waiting.confirmed_at is not None
    assert second_waiting.status == Status.WAITLISTED
    assert Registration.objects.filter(activity=activity).count() == 3


def test_promotion_in_order_with_companions():
    activity = ActivityFactory(capacity=4, max_companions=2)
    sign_up(activity)
    party_of_three = sign_up(activity, companions=2)
    pair = sign_up(activity, companions=1)  # 2 seats, waiting first
    single = sign_up(activity)  # 1 seat, waiting second
    last = sign_up(activity)  # 1 seat, waiting third

    registration_cancel(
        registration_id=party_of_three.pk, user=party_of_three.user
    )  # 3 seats free

    for registration in (pair, single, last):
        registration.refresh_from_db()
    assert pair.status == Status.CONFIRMED
    assert single.status == Status.CONFIRMED
    assert last.status == Status.WAITLISTED
    assert Registration.objects.filter(activity=activity).confirmed().seat_count() == 4


def test_promotion_stops_at_a_head_that_does_not_fit():
    """Strictly in order: a party of three at the head is not skipped for a single."""
    activity = ActivityFactory(capacity=2, max_companions=2)
    leaving = sign_up(activity)
    sign_up(activity)
    party = sign_up(activity, companions=2)
    single = sign_up(activity)

    registration_cancel(registration_id=leaving.pk, user=leaving.user)

    party.refresh_from_db()
    single.refresh_from_db()
    assert (party.status, single.status) == (Status.WAITLISTED, Status.WAITLISTED)


def test_waitlist_order_follows_waitlisted_at():
    activity = ActivityFactory(capacity=1)
    confirmed = sign_up(activity)
    waiting = [sign_up(activity) for _ in range(3)]
    # Someone who waited longest (edited timestamps stand in for an old entry).
    Registration.objects.filter(pk=waiting[2].pk).update(
        waitlisted_at=timezone.now() - hours(5)
    )

    registration_cancel(registration_id=confirmed.pk, user=confirmed.user)

    assert Registration.objects.get(pk=waiting[2].pk).status == Status.CONFIRMED
    assert Registration.objects.get(pk=waiting[0].pk).status == Status.WAITLISTED


def test_cancelling_a_waitlisted_registration_promotes_nobody():
    activity = ActivityFactory(capacity=1, max_companions=1)
    sign_up(activity)
    leaving = sign_up(activity)
    staying = sign_up(activity)

    registration_cancel(registration_id=leaving.pk, user=leaving.user)

    staying.refresh_from_db()
    assert staying.status == Status.WAITLISTED


def test_someone_else_cannot_cancel(resident):
    registration = sign_up(ActivityFactory(), resident)
    other = UserFactory()

    with pytest.raises(ServiceError) as excinfo:
        registration_cancel(registration_id=registration.pk, user=other)

    assert excinfo.value.code == Code.NOT_ALLOWED
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_claiming_staff_without_being_staff_is_refused(resident):
    registration = sign_up(ActivityFactory())

    with pytest.raises(ServiceError) as excinfo:
        registration_cancel(
            registration_id=registration.pk, user=resident, by_staff=True
        )

    assert excinfo.value.code == Code.NOT_ALLOWED
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_cancellation_cut_off_binds_residents_not_staff(resident, staff_user):
    activity = ActivityFactory(
        starts_at=timezone.now() + hours(3),
        ends_at=timezone.now() + hours(5),
        cancellation_cutoff_hours=2,
    )
    registration = sign_up(activity, resident)
    Activity.objects.filter(pk=activity.pk).update(
        starts_at=timezone.now() + hours(1)
    )  # time passes: the start is now inside the cut-off

    with pytest.raises(ServiceError) as excinfo:
        registration_cancel(registration_id=registration.pk, user=resident)
    assert excinfo.value.code == Code.CANCELLATION_CLOSED
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED

    cancelled = registration_cancel(
        registration_id=registration.pk, user=staff_user, by_staff=True
    )
    assert cancelled.status == Status.CANCELLED
    assert cancelled.cancelled_by == staff_user


def test_cancellation_before_the_cut_off_is_allowed(resident):
    activity = ActivityFactory(
        starts_at=timezone.now() + hours(3),
        ends_at=timezone.now() + hours(5),
        cancellation_cutoff_hours=2,
    )
    registration = sign_up(activity, resident)

    assert (
        registration_cancel(registration_id=registration.pk, user=resident).status
        == Status.CANCELLED
    )


def test_waitlisted_may_leave_after_the_cut_off(resident):
    activity = ActivityFactory(
        capacity=1,
        starts_at=timezone.now() + hours(3),
        ends_at=timezone.now() + hours(5),
    )
    sign_up(activity)
    waiting = sign_up(activity, resident)
    Activity.objects.filter(pk=activity.pk).update(starts_at=timezone.now() + hours(1))

    cancelled = registration_cancel(registration_id=waiting.pk, user=resident)

    assert cancelled.status == Status.CANCELLED


def test_cancelling_twice_is_refused(resident):
    registration = sign_up(ActivityFactory(), resident)
    registration_cancel(registration_id=registration.pk, user=resident)

    with pytest.raises(ServiceError) as excinfo:
        registration_cancel(registration_id=registration.pk, user=resident)

    assert excinfo.value.code == Code.ALREADY_CANCELLED


def test_checked_in_registration_cannot_be_cancelled(resident, staff_user):
    activity = ActivityFactory()
    registration = sign_up(activity, resident)
    checkin_by_code(
        activity_id=activity.pk, code=checkin_code(registration), by_user=staff_user
    )

    with pytest.raises(ServiceError) as excinfo:
        registration_cancel(
            registration_id=registration.pk, user=staff_user, by_staff=True
        )

    assert excinfo.value.code == Code.CHECKED_IN
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_cancelling_a_missing_registration(resident):
    with pytest.raises(ServiceError) as excinfo:
        registration_cancel(registration_id=987654, user=resident)

    assert excinfo.value.code == Code.REGISTRATION_NOT_FOUND


def test_capacity_increase_promotes_in_order():
    activity = ActivityFactory(capacity=1)
    sign_up(activity)
    waiting = [sign_up(activity) for _ in range(3)]

    promoted = activity_capacity_update(activity_id=activity.pk, capacity=3)

    assert [r.pk for r in promoted] == [waiting[0].pk, waiting[1].pk]
    activity.refresh_from_db()
    assert activity.capacity == 3
    assert Registration.objects.get(pk=waiting[2].pk).status == Status.WAITLISTED


def test_capacity_decrease_cancels_nobody():
    activity = ActivityFactory(capacity=3)
    confirmed = [sign_up(activity) for _ in range(3)]

    assert activity_capacity_update(activity_id=activity.pk, capacity=1) == []

    assert sign_up(activity).status == Status.WAITLISTED
    assert all(
        Registration.objects.get(pk=r.pk).status == Status.CONFIRMED for r in confirmed
    )


def test_waitlist_promote_fills_free_seats():
    activity = ActivityFactory(capacity=1)
    sign_up(activity)
    waiting = sign_up(activity)
    Activity.objects.filter(pk=activity.pk).update(capacity=2)  # e.g. an admin edit

    assert waitlist_promote(activity_id=activity.pk) == [waiting]
    assert waitlist_promote(activity_id=activity.pk) == []


def test_cancelled_activity_promotes_nobody():
    activity = ActivityFactory(capacity=1)
    sign_up(activity)
    waiting = sign_up(activity)
    Activity.objects.filter(pk=activity.pk).update(
        capacity=5, status=Activity.Status.CANCELLED
    )

    assert waitlist_promote(activity_id=activity.pk) == []
    waiting.refresh_from_db()
    assert waiting.status == Status.WAITLISTED


# --- check-in --------------------------------------------------------------------


def test_check_in_by_code(resident, staff_user):
    activity = ActivityFactory()
    registration = sign_up(activity, resident)
    code = checkin_code(registration)

    checked_in = checkin_by_code(activity_id=activity.pk, code=code, by_user=staff_user)

    assert code.startswith(f"{registration.pk}-{activity.pk}-")
    assert len(code.rsplit("-", 1)[1]) == 8
    assert checked_in.pk == registration.pk
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    assert registration.checked_in_by == staff_user


def test_code_as_typed_lowercase_with_spaces(staff_user):
    activity = ActivityFactory()
    registration = sign_up(activity)
    typed = " " + checkin_code(registration).lower().replace("-", " - ") + " "

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


def test_code_used_twice(staff_user):
    activity = ActivityFactory()
    registration = sign_up(activity)
    code = checkin_code(registration)
    checkin_by_code(activity_id=activity.pk, code=code, by_user=staff_user)
    registration.refresh_from_db()
    first_time = registration.checked_in_at

    with pytest.raises(ServiceError) as excinfo:
        checkin_by_code(activity_id=activity.pk, code=code, by_user=staff_user)

    assert excinfo.value.code == Code.ALREADY_CHECKED_IN
    registration.refresh_from_db()
    assert registration.checked_in_at == first_time


def test_waitlisted_code_is_refused(staff_user):
    activity = ActivityFactory(capacity=1)
    sign_up(activity)
    waiting = sign_up(activity)

    with pytest.raises(ServiceError) as excinfo:
        checkin_by_code(
            activity_id=activity.pk, code=checkin_code(waiting), by_user=staff_user
        )

    assert excinfo.value.code == Code.NOT_CONFIRMED
    waiting.refresh_from_db()
    assert not waiting.is_checked_in


def test_cancelled_registration_code_is_refused(resident, staff_user):
    activity = ActivityFactory()
    registration = sign_up(activity, resident)
    registration_cancel(registration_id=registration.pk, user=resident)

    with pytest.raises(ServiceError) as excinfo:
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


def test_code_signed_with_a_retired_key_still_works(settings, staff_user):
    activity = ActivityFactory()
    registration = sign_up(activity)
    code = checkin_code(registration)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-after-rotation-0123456789abcdefghijklmnopq"

    assert checkin_code(registration) != code
    checkin_by_code(activity_id=activity.pk, code=code, by_user=staff_user)


def test_code_signed_with_another_key_is_invalid(settings, staff_user):
    activity = ActivityFactory()
    registration = sign_up(activity)
    code = checkin_code(registration)
    settings.SECRET_KEY = "a-different-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"

    with pytest.raises(ServiceError) as excinfo:
        checkin_by_code(activity_id=activity.pk, code=code, by_user=staff_user)

    assert excinfo.value.code == Code.CODE_INVALID


def test_team_leader_runs_the_door_of_their_own_team_only(team_leader):
    own = ActivityFactory(team=team_leader.led_teams.get())
    foreign = ActivityFactory(team=TeamFactory())
    mine, theirs = sign_up(own), sign_up(foreign)

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


def test_check_in_from_the_list(staff_user):
    activity = ActivityFactory()
    registration = sign_up(activity)

    registration_check_in(registration_id=registration.pk, by_user=staff_user)

    registration.refresh_from_db()
    assert registration.checked_in_by == staff_user
    with pytest.raises(ServiceError) as excinfo:
        registration_check_in(registration_id=registration.pk, by_user=staff_user)
    assert excinfo.value.code == Code.ALREADY_CHECKED_IN


# --- walk-ins ----------------------------------------------------------------------


def test_walk_in_beyond_capacity(staff_user):
    activity = ActivityFactory(capacity=1)
    sign_up(activity)
    visitor = UserFactory()

    walk_in = walk_in_add(activity_id=activity.pk, user=visitor, by_user=staff_user)

    assert walk_in.status == Status.CONFIRMED
    assert walk_in.is_walk_in
    assert walk_in.checked_in_by == staff_user
    assert walk_in.checked_in_at is not None
    assert Registration.objects.filter(activity=activity).confirmed().seat_count() == 2


def test_walk_in_of_someone_registered_checks_them_in(resident, staff_user):
    activity = ActivityFactory()
    registration = sign_up(activity, resident)

    walk_in = walk_in_add(activity_id=activity.pk, user=resident, by_user=staff_user)

    assert walk_in.pk == registration.pk
    assert walk_in.is_checked_in and not walk_in.is_walk_in
    assert Registration.objects.count() == 1


def test_walk_in_of_someone_waitlisted_confirms_them(resident, staff_user):
    activity = ActivityFactory(capacity=1)
    sign_up(activity)
    waiting = sign_up(activity, resident)

    walk_in = walk_in_add(activity_id=activity.pk, user=resident, by_user=staff_user)

    assert walk_in.pk == waiting.pk
    assert walk_in.status == Status.CONFIRMED
    assert walk_in.is_checked_in
    assert Registration.objects.count() == 2


def test_walk_in_twice_is_refused(resident, staff_user):
    activity = ActivityFactory()
    walk_in_add(activity_id=activity.pk, user=resident, by_user=staff_user)

    with pytest.raises(ServiceError) as excinfo:
        walk_in_add(activity_id=activity.pk, user=resident, by_user=staff_user)

    assert excinfo.value.code == Code.ALREADY_CHECKED_IN
    assert Registration.objects.count() == 1


def test_walk_in_records_the_age_exception(staff_user):
    activity = banquet()
    young = UserFactory(birth_year=1990)

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
