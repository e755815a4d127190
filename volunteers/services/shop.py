"""The points shop: redeem a reward, confirm its code at the counter, void it."""

import secrets

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from community_portal.accounts.models import User
from community_portal.errors import ServiceError
from community_portal.permissions import is_community_staff

from ..errors import Code
from ..models import (
    MerchantClerk,
    PointsEntry,
    Redemption,
    Reward,
)
from ..notices import redemption_told
from .common import (
    CODE_ALPHABET,
    CODE_LENGTH,
    _approved_volunteer,
    _clean_text,
    _lock_volunteer,
    _not_allowed,
    _require_staff,
)
from .points import _append_points, _append_points_check

# --- the points shop ------------------------------------------------------------------


def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _check_reward(reward: Reward | None) -> Reward:
    if reward is None or not reward.is_active:
        raise ServiceError(
            Code.REWARD_UNAVAILABLE, _("This reward is not in the shop.")
        )
    if reward.stock <= 0:
        raise ServiceError(Code.OUT_OF_STOCK, _("Sorry, this reward is out of stock."))
    return reward


def reward_redeem(*, reward_id: int, user: User) -> Redemption:
    """A volunteer spends points on a reward and gets a code to show at the counter.
    The balance never goes negative and the stock is never oversold, however many
    redeem at once."""
    volunteer = _approved_volunteer(user)
    reward = _check_reward(Reward.objects.filter(pk=reward_id).first())
    _append_points_check(volunteer.pk, reward.points)  # fail fast; again below
    with transaction.atomic():
        _lock_volunteer(volunteer.pk)
        reward = _check_reward(
            Reward.objects.select_for_update().filter(pk=reward_id).first()
        )
        _append_points_check(volunteer.pk, reward.points)
        Reward.objects.filter(pk=reward.pk).update(stock=F("stock") - 1)
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    redemption = Redemption.objects.create(
                        reward=reward,
                        volunteer=volunteer,
                        points=reward.points,
                        code=_new_code(),
                    )
                break
            except IntegrityError:
                continue
        else:  # pragma: no cover - 32**8 codes
            raise ServiceError(Code.INVALID, _("Please try again."))
        _append_points(
            volunteer_id=volunteer.pk,
            kind=PointsEntry.Kind.SPENT,
            amount=-reward.points,
            by_user=user,
            redemption=redemption,
        )
    return redemption


def can_confirm_redemption(*, user: User, redemption: Redemption) -> bool:
    """Community staff confirm any code; a merchant's clerk only the merchant's."""
    if not user.is_authenticated:
        return False
    if is_community_staff(user):
        return True
    merchant_id = redemption.reward.merchant_id
    return bool(
        merchant_id
        and MerchantClerk.objects.filter(
            merchant_id=merchant_id, user_id=user.pk
        ).exists()
    )


def is_clerk_or_staff(user: User) -> bool:
    if not user.is_authenticated:
        return False
    return (
        is_community_staff(user)
        or MerchantClerk.objects.filter(user_id=user.pk).exists()
    )


def redemption_find(*, code: str, by_user: User) -> Redemption:
    """The redemption a code belongs to, for someone who may confirm it."""
    if not is_clerk_or_staff(by_user):
        raise _not_allowed(_("Only shop clerks and community staff can check codes."))
    redemption = (
        Redemption.objects.with_related().filter(code=normalise_code(code)).first()
    )
    if redemption is None:
        raise ServiceError(
            Code.CODE_UNKNOWN, _("No reward has this code. Please check it.")
        )
    if not can_confirm_redemption(user=by_user, redemption=redemption):
        raise ServiceError(
            Code.OTHER_MERCHANT, _("This code is for a reward of another merchant.")
        )
    return redemption


def redemption_confirm(*, code: str, by_user: User) -> Redemption:
    """The merchant's clerk or staff confirm a code once, when the reward is
    handed over."""
    redemption = redemption_find(code=code, by_user=by_user)
    with transaction.atomic():
        redemption = Redemption.objects.select_for_update().get(pk=redemption.pk)
        if redemption.status == Redemption.Status.CONFIRMED:
            raise ServiceError(
                Code.ALREADY_CONFIRMED,
                _("This code was already used on %(time)s.")
                % {
                    "time": timezone.localtime(redemption.confirmed_at).strftime(
                        "%Y-%m-%d %H:%M"
                    )
                },
            )
        if redemption.status == Redemption.Status.VOIDED:
            raise ServiceError(Code.VOIDED, _("This code has been voided."))
        Redemption.PIPELINE.move(redemption, Redemption.Status.CONFIRMED)
        redemption.confirmed_at = timezone.now()
        redemption.confirmed_by = by_user
        redemption.save()
        redemption_told(redemption=redemption)
    return redemption


def redemption_void(
    *, redemption_id: int, by_user: User, reason: str = ""
) -> Redemption:
    """Staff void a redemption not yet collected: the points come back as a new
    ledger entry and the reward goes back into stock."""
    _require_staff(by_user)
    reason = _clean_text(reason, limit=200)
    volunteer_id = (
        Redemption.objects.filter(pk=redemption_id)
        .values_list("volunteer_id", flat=True)
        .first()
    )
    if volunteer_id is None:
        raise ServiceError(Code.NOT_FOUND, _("This redemption does not exist."))
    with transaction.atomic():
        _lock_volunteer(volunteer_id)
        redemption = Redemption.objects.select_for_update().get(pk=redemption_id)
        if redemption.status == Redemption.Status.VOIDED:
            raise ServiceError(Code.VOIDED, _("This redemption is already voided."))
        if redemption.status == Redemption.Status.CONFIRMED:
            raise ServiceError(
                Code.ALREADY_CONFIRMED,
                _("This reward has been handed over; it can no longer be voided."),
            )
        Redemption.PIPELINE.move(redemption, Redemption.Status.VOIDED)
        redemption.voided_at = timezone.now()
        redemption.voided_by = by_user
        redemption.void_reason = reason
        redemption.save()
        Reward.objects.filter(pk=redemption.reward_id).update(stock=F("stock") + 1)
        _append_points(
            volunteer_id=volunteer_id,
            kind=PointsEntry.Kind.RETURNED,
            amount=redemption.points,
            by_user=by_user,
            redemption=redemption,
            note=reason,
        )
    return redemption
