"""The points ledger: the rate of the day, and the one way a line is appended."""

import datetime

from django.utils.translation import gettext as _

from community_portal.accounts.models import User
from community_portal.errors import ServiceError

from ..errors import Code
from ..models import (
    HoursEntry,
    PointsEntry,
    PointsRate,
    Redemption,
)


def points_rate_on(date: datetime.date) -> int:
    rate = (
        PointsRate.objects.filter(valid_from__lte=date)
        .order_by("-valid_from")
        .values_list("points_per_hour", flat=True)
        .first()
    )
    return rate or 0


def _append_points(
    *,
    volunteer_id: int,
    kind: str,
    amount: int,
    by_user: User | None,
    hours_entry: HoursEntry | None = None,
    redemption: Redemption | None = None,
    note: str = "",
) -> PointsEntry:
    """Append a ledger line. The caller holds the volunteer's lock."""
    balance = PointsEntry.objects.filter(volunteer_id=volunteer_id).balance()
    if balance + amount < 0:
        raise ServiceError(
            Code.NOT_ENOUGH_POINTS,
            _("Not enough points: you have %(balance)s, this needs %(needed)s.")
            % {"balance": balance, "needed": -amount},
        )
    return PointsEntry.objects.create(
        volunteer_id=volunteer_id,
        kind=kind,
        amount=amount,
        balance_after=balance + amount,
        hours_entry=hours_entry,
        redemption=redemption,
        note=note,
        created_by=by_user,
    )


def _append_points_check(volunteer_id: int, needed: int) -> None:
    balance = PointsEntry.objects.filter(volunteer_id=volunteer_id).balance()
    if balance < needed:
        raise ServiceError(
            Code.NOT_ENOUGH_POINTS,
            _("Not enough points: you have %(balance)s, this needs %(needed)s.")
            % {"balance": balance, "needed": needed},
        )
