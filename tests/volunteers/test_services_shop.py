"""The points shop and the ledger: points never negative, codes confirmed once."""

import pytest

from tests.factories import MerchantFactory, UserFactory
from volunteers import services
from volunteers.errors import Code
from volunteers.models import (
    MerchantClerk,
    PointsEntry,
    Redemption,
    Reward,
)

from .factories import (
    RewardFactory,
    VolunteerFactory,
    give_points,
)
from .helpers import refused

pytestmark = pytest.mark.django_db


# --- points and the shop -----------------------------------------------------------------


def test_redeem_spends_points_takes_stock_and_gives_a_code():
    volunteer = VolunteerFactory()
    give_points(volunteer, 50)
    reward = RewardFactory(points=20, stock=2)
    redemption = services.reward_redeem(reward_id=reward.pk, user=volunteer.user)
    assert len(redemption.code) == services.CODE_LENGTH
    assert redemption.status == Redemption.Status.ISSUED
    reward.refresh_from_db()
    assert reward.stock == 1
    ledger = PointsEntry.objects.filter(volunteer=volunteer)
    assert ledger.balance() == 30
    assert ledger.get(kind="spent").balance_after == 30


def test_redeeming_without_enough_points_changes_nothing():
    volunteer = VolunteerFactory()
    give_points(volunteer, 10)
    reward = RewardFactory(points=20, stock=2)
    error = refused(
        Code.NOT_ENOUGH_POINTS,
        services.reward_redeem,
        reward_id=reward.pk,
        user=volunteer.user,
    )
    assert "10" in error.message and "20" in error.message
    reward.refresh_from_db()
    assert reward.stock == 2
    assert not Redemption.objects.exists()
    assert PointsEntry.objects.filter(volunteer=volunteer).balance() == 10


def test_redeeming_without_stock_changes_nothing():
    volunteer = VolunteerFactory()
    give_points(volunteer, 100)
    reward = RewardFactory(points=20, stock=0)
    refused(
        Code.OUT_OF_STOCK,
        services.reward_redeem,
        reward_id=reward.pk,
        user=volunteer.user,
    )
    hidden = RewardFactory(is_active=False)
    refused(
        Code.REWARD_UNAVAILABLE,
        services.reward_redeem,
        reward_id=hidden.pk,
        user=volunteer.user,
    )
    refused(
        Code.REWARD_UNAVAILABLE,
        services.reward_redeem,
        reward_id=999999,
        user=volunteer.user,
    )
    assert PointsEntry.objects.filter(volunteer=volunteer).balance() == 100


def test_residents_cannot_redeem(resident):
    reward = RewardFactory()
    refused(
        Code.NOT_VOLUNTEER, services.reward_redeem, reward_id=reward.pk, user=resident
    )


def redeemed(points=50):
    volunteer = VolunteerFactory()
    give_points(volunteer, points)
    reward = RewardFactory(points=20, stock=5)
    return services.reward_redeem(reward_id=reward.pk, user=volunteer.user)


def test_the_merchant_clerk_confirms_a_code_once():
    redemption = redeemed()
    clerk = UserFactory()
    MerchantClerk.objects.create(merchant=redemption.reward.merchant, user=clerk)
    code = f" {redemption.code[:4].lower()}-{redemption.code[4:]} "
    services.redemption_confirm(code=code, by_user=clerk)
    redemption.refresh_from_db()
    assert redemption.status == Redemption.Status.CONFIRMED
    assert redemption.confirmed_by == clerk
    refused(
        Code.ALREADY_CONFIRMED,
        services.redemption_confirm,
        code=redemption.code,
        by_user=clerk,
    )


def test_a_code_of_another_merchant_or_unknown_is_refused(staff_user):
    redemption = redeemed()
    other_clerk = UserFactory()
    MerchantClerk.objects.create(merchant=MerchantFactory(), user=other_clerk)
    refused(
        Code.OTHER_MERCHANT,
        services.redemption_confirm,
        code=redemption.code,
        by_user=other_clerk,
    )
    refused(
        Code.CODE_UNKNOWN,
        services.redemption_confirm,
        code="NOPE1234",
        by_user=other_clerk,
    )
    refused(
        Code.NOT_ALLOWED,
        services.redemption_confirm,
        code=redemption.code,
        by_user=UserFactory(),
    )
    redemption.refresh_from_db()
    assert redemption.status == Redemption.Status.ISSUED
    # Community staff confirm any code.
    services.redemption_confirm(code=redemption.code, by_user=staff_user)


def test_a_community_reward_is_confirmed_by_staff_only(staff_user):
    volunteer = VolunteerFactory()
    give_points(volunteer, 50)
    reward = RewardFactory(merchant=None, points=20)
    redemption = services.reward_redeem(reward_id=reward.pk, user=volunteer.user)
    clerk = UserFactory()
    MerchantClerk.objects.create(merchant=MerchantFactory(), user=clerk)
    refused(
        Code.OTHER_MERCHANT,
        services.redemption_confirm,
        code=redemption.code,
        by_user=clerk,
    )
    services.redemption_confirm(code=redemption.code, by_user=staff_user)


def test_void_returns_points_by_a_new_entry_and_the_stock(staff_user):
    redemption = redeemed(points=50)
    before = list(
        PointsEntry.objects.order_by("pk").values_list("pk", "amount", "balance_after")
    )
    services.redemption_void(
        redemption_id=redemption.pk, by_user=staff_user, reason="误兑"
    )
    after = list(
        PointsEntry.objects.order_by("pk").values_list("pk", "amount", "balance_after")
    )
    assert after[: len(before)] == before  # history untouched
    assert after[-1][1:] == (20, 50)
    assert PointsEntry.objects.filter(volunteer=redemption.volunteer).balance() == 50
    assert Reward.objects.get().stock == 5
    refused(
        Code.VOIDED,
        services.redemption_void,
        redemption_id=redemption.pk,
        by_user=staff_user,
    )
    refused(
        Code.VOIDED,
        services.redemption_confirm,
        code=redemption.code,
        by_user=staff_user,
    )


def test_a_confirmed_redemption_cannot_be_voided_and_only_staff_void(staff_user):
    redemption = redeemed()
    refused(
        Code.NOT_ALLOWED,
        services.redemption_void,
        redemption_id=redemption.pk,
        by_user=redemption.volunteer.user,
    )
    services.redemption_confirm(code=redemption.code, by_user=staff_user)
    refused(
        Code.ALREADY_CONFIRMED,
        services.redemption_void,
        redemption_id=redemption.pk,
        by_user=staff_user,
    )
    assert PointsEntry.objects.filter(kind="returned").count() == 0


def test_the_ledger_is_append_only():
    line = give_points(VolunteerFactory(), 10)
    line.amount = 1000
    refused(Code.LEDGER_APPEND_ONLY, line.save)
    refused(Code.LEDGER_APPEND_ONLY, PointsEntry.objects.update, amount=5)
    refused(Code.LEDGER_APPEND_ONLY, line.delete)
    refused(Code.LEDGER_APPEND_ONLY, PointsEntry.objects.all().delete)
    refused(
        Code.LEDGER_APPEND_ONLY,
        PointsEntry.objects.filter(volunteer=line.volunteer).delete,
    )
    assert PointsEntry.objects.get().amount == 10
