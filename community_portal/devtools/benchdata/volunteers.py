"""Step 7: approved volunteers, their verified hours and the points they earned."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from volunteers.models import HoursEntry, PointsEntry, PointsRate, Volunteer

from .activities import registration_sizes
from .base import (
    BATCH_SIZE,
    Context,
    flush,
    keeping_timestamps,
    later,
    past_moment,
    target,
    weighted_sample,
)

VOLUNTEER_NUMBER_PREFIX = "BENCH-"
SERVED_HOURS = [Decimal(h) for h in ("1.0", "1.5", "2.0", "2.0", "2.5", "3.0", "4.0")]


def step_volunteers(ctx: Context) -> str:
    """Approved volunteers and their verified hours at the past activities of this
    run, with the points those hours earned: what the leaderboards add up."""
    if not ctx.user_ids:
        return "skipped: no residents made in this run"
    rng = ctx.rng
    wanted = min(target("volunteers", scale=ctx.scale), len(ctx.user_ids))
    user_ids = rng.sample(ctx.user_ids, wanted)
    with keeping_timestamps(Volunteer, HoursEntry):
        volunteers = []
        for user_id in user_ids:
            applied = past_moment(ctx, days=3 * 365)
            volunteers.append(
                Volunteer(
                    user_id=user_id,
                    status=Volunteer.Status.APPROVED,
                    number=f"{VOLUNTEER_NUMBER_PREFIX}{user_id:08d}",
                    availability=rng.sample(
                        ["sat-am", "sun-am", "sat-pm", "wed-eve"], 2
                    ),
                    decided_at=later(ctx, applied, low=2, high=72),
                    decided_by_id=ctx.staff_id,
                    created_at=applied,
                    updated_at=applied,
                )
            )
        volunteer_ids = [v.pk for v in flush(Volunteer, volunteers)]

        past = [a for a in ctx.activities if a[3] < ctx.now]
        if not past:
            return f"{len(volunteer_ids)} volunteers; no past activity to serve at"
        sizes = registration_sizes(
            ctx,
            total=target("volunteer_hours", scale=ctx.scale),
            activities=len(past),
            residents=len(volunteer_ids),
        )
        # Some volunteers serve far more than others: the boards need a spread.
        weights = [rng.paretovariate(1.5) for _ in volunteer_ids]
        rows, earned = [], []
        for (activity_id, _capacity, starts_at, ends_at), k in zip(
            past, sizes, strict=True
        ):
            for volunteer_id in weighted_sample(rng, volunteer_ids, weights, k):
                verified_at = later(ctx, ends_at, low=2, high=72)
                rows.append(
                    HoursEntry(
                        volunteer_id=volunteer_id,
                        activity_id=activity_id,
                        team_id=ctx.activity_teams.get(activity_id),
                        served_on=timezone.localdate(starts_at),
                        hours=rng.choice(SERVED_HOURS),
                        source=rng.choice(HoursEntry.Source.values),
                        status=HoursEntry.Status.VERIFIED,
                        entered_by_id=ctx.staff_id,
                        verified_at=verified_at,
                        verified_by_id=ctx.staff_id,
                        created_at=ends_at,
                        updated_at=verified_at,
                    )
                )
                if len(rows) >= BATCH_SIZE:
                    earned += flush(HoursEntry, rows)
        earned += flush(HoursEntry, rows)

    # The ledger, volunteer by volunteer in the order the hours were verified, so
    # that every line's balance_after is the running sum.
    rates = list(
        PointsRate.objects.order_by("valid_from").values_list(
            "valid_from", "points_per_hour"
        )
    )
    earned.sort(key=lambda e: (e.volunteer_id, e.verified_at, e.pk))
    balances: dict[int, int] = {}
    ledger = []
    for entry in earned:
        rate = next((p for since, p in reversed(rates) if since <= entry.served_on), 0)
        points = int((entry.hours * rate).to_integral_value(rounding=ROUND_HALF_UP))
        if points <= 0:
            continue
        balance = balances[entry.volunteer_id] = (
            balances.get(entry.volunteer_id, 0) + points
        )
        ledger.append(
            PointsEntry(
                volunteer_id=entry.volunteer_id,
                kind=PointsEntry.Kind.EARNED,
                amount=points,
                balance_after=balance,
                hours_entry_id=entry.pk,
                created_at=entry.verified_at,
                created_by_id=ctx.staff_id,
            )
        )
        if len(ledger) >= BATCH_SIZE:
            flush(PointsEntry, ledger)
    points_made = sum(balances.values())
    flush(PointsEntry, ledger)
    return (
        f"{len(volunteer_ids)} approved volunteers with {len(earned)} verified hours "
        f"entries ({sum(e.hours for e in earned)} hours, {points_made} points)"
    )
