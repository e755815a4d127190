"""Redemptions at the same moment, from real threads with their own connections:
the balance never goes negative and the stock is never oversold."""

import threading

import pytest
from django.db import connection

from tests.conftest import requires_postgres
from volunteers.errors import Code
from volunteers.models import PointsEntry, Redemption, Reward
from volunteers.services import reward_redeem

from .factories import RewardFactory, VolunteerFactory, give_points


def run_at_once(calls) -> tuple[list, list]:
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


def redeem_call(reward_id, user):
    return lambda: reward_redeem(reward_id=reward_id, user=user)


def codes(errors) -> set:
    return {getattr(error, "code", repr(error)) for error in errors}


@pytest.mark.postgres_only
@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_one_volunteer_redeeming_twenty_times_at_once_never_goes_negative():
    volunteer = VolunteerFactory()
    give_points(volunteer, 100)  # enough for 5 of 20 points
    reward = RewardFactory(points=20, stock=50)

    results, errors = run_at_once([redeem_call(reward.pk, volunteer.user)] * 20)

    assert len(results) == 5
    assert codes(errors) == {Code.NOT_ENOUGH_POINTS}
    ledger = PointsEntry.objects.filter(volunteer=volunteer)
    assert ledger.balance() == 0
    assert min(ledger.values_list("balance_after", flat=True)) == 0
    assert Reward.objects.get().stock == 45


@pytest.mark.postgres_only
@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_thirty_volunteers_for_ten_rewards_never_oversell():
    volunteers = VolunteerFactory.create_batch(30)
    for volunteer in volunteers:
        give_points(volunteer, 20)
    reward = RewardFactory(points=20, stock=10)

    results, errors = run_at_once([redeem_call(reward.pk, v.user) for v in volunteers])

    assert len(results) == 10
    assert codes(errors) == {Code.OUT_OF_STOCK}
    assert Reward.objects.get().stock == 0
    assert Redemption.objects.count() == 10
    for volunteer in volunteers:
        assert PointsEntry.objects.filter(volunteer=volunteer).balance() >= 0


@pytest.mark.django_db(transaction=True)
def test_concurrent_redemptions_on_any_database():
    """Runs on SQLite too: no "database is locked", no overdraft, no oversell."""
    volunteer = VolunteerFactory()
    give_points(volunteer, 60)
    others = VolunteerFactory.create_batch(4)
    for other in others:
        give_points(other, 20)
    reward = RewardFactory(points=20, stock=5)

    results, errors = run_at_once(
        [redeem_call(reward.pk, volunteer.user)] * 6
        + [redeem_call(reward.pk, other.user) for other in others]
    )

    assert len(results) == 5
    assert codes(errors) <= {
        Code.NOT_ENOUGH_POINTS,
        Code.OUT_OF_STOCK,
    }
    assert Reward.objects.get().stock == 0
    assert PointsEntry.objects.filter(volunteer=volunteer).balance() >= 0
