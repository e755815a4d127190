"""Sign-ups at the same moment, from real threads with their own connections.

On PostgreSQL the activity row lock does the work; on SQLite every transaction
begins IMMEDIATE and waits on the busy timeout (the test settings use a database
file, so threads behave as in production).
"""

import threading

import pytest
from django.db import connection

from activities.errors import Code
from activities.models import Registration
from activities.services import registration_create
from tests.conftest import requires_postgres
from tests.factories import ActivityFactory, UserFactory

Status = Registration.Status


def run_at_once(calls) -> tuple[list, list]:
    """Run each call in its own thread, released together; return the results
    and the exceptions. Every thread closes its own database connection."""
    barrier = threading.Barrier(len(calls))
    results, errors = [], []
    lock = threading.Lock()

    def worker(call):
        try:
            barrier.wait(timeout=30)
            result = call()
            with lock:
                results.append(result)
        except Exception as error:  # noqa: BLE001 - every failure is reported
            with lock:
                errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    return results, errors


def sign_up_call(activity_id: int, user, **kwargs):
    return lambda: registration_create(activity_id=activity_id, user=user, **kwargs)


def assert_no_overbooking(activity, *, seats: int, people: int) -> None:
    registrations = Registration.objects.filter(activity=activity)
    assert registrations.count() == people
    assert registrations.confirmed().seat_count() == seats
    # The counters the pages read were kept in every sign-up's transaction.
    activity.refresh_from_db()
    assert (activity.seats_taken, activity.waitlist_count) == (
        seats,
        registrations.waitlisted().count(),
    )
    assert registrations.values("user").distinct().count() == people
    # The waitlist order is the order in which sign-ups got the lock: by id.
    waitlist = list(registrations.waitlisted().values_list("id", "waitlisted_at"))
    assert [pk for pk, _at in waitlist] == sorted(pk for pk, _at in waitlist)
    times = [at for _pk, at in waitlist]
    assert times == sorted(times)


@pytest.mark.postgres_only
@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_people_for_ten_seats():
    activity = ActivityFactory(capacity=10)
    users = UserFactory.create_batch(50)

    results, errors = run_at_once([sign_up_call(activity.pk, user) for user in users])

    assert errors == []
    assert len(results) == 50
    statuses = [r.status for r in results]
    assert statuses.count(Status.CONFIRMED) == 10
    assert statuses.count(Status.WAITLISTED) == 40
    assert_no_overbooking(activity, seats=10, people=50)


@pytest.mark.postgres_only
@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_parties_with_companions_never_overbook():
    activity = ActivityFactory(capacity=10, max_companions=2)
    users = UserFactory.create_batch(50)

    results, errors = run_at_once(
        [
            sign_up_call(activity.pk, user, companions=n % 3)
            for n, user in enumerate(users)
        ]
    )

    assert errors == []
    assert len(results) == 50
    registrations = Registration.objects.filter(activity=activity)
    assert registrations.confirmed().seat_count() <= 10
    activity.refresh_from_db()
    assert activity.seats_taken == registrations.confirmed().seat_count()
    assert activity.waitlist_count == registrations.waitlisted().count()
    # Strict order: whoever got the lock first was confirmed; once someone had to
    # wait, everybody after them waited too.
    by_lock_order = [r.status for r in registrations.order_by("id")]
    first_waiting = by_lock_order.index(Status.WAITLISTED)
    assert set(by_lock_order[first_waiting:]) == {Status.WAITLISTED}


@pytest.mark.postgres_only
@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_same_person_ten_times_at_once():
    activity = ActivityFactory(capacity=10)
    user = UserFactory()

    results, errors = run_at_once([sign_up_call(activity.pk, user) for _ in range(10)])

    assert len(results) == 1
    assert len(errors) == 9
    assert {e.code for e in errors} == {Code.ALREADY_REGISTERED}
    assert Registration.objects.filter(activity=activity).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_sign_ups_on_any_database():
    """Runs on SQLite too: no "database is locked", no overbooking."""
    activity = ActivityFactory(capacity=5)
    users = UserFactory.create_batch(20)
    same = users[0]

    results, errors = run_at_once(
        [sign_up_call(activity.pk, user) for user in users]
        + [sign_up_call(activity.pk, same) for _ in range(4)]
    )

    assert len(results) == 20
    assert len(errors) == 4
    assert {getattr(e, "code", repr(e)) for e in errors} == {Code.ALREADY_REGISTERED}
    assert [r.status for r in results].count(Status.CONFIRMED) == 5
    assert_no_overbooking(activity, seats=5, people=20)
