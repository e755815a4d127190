"""The matters' rows of the 台账 (quarterly ledgers): the matters (议事) raised in a
period, with their resolution times; one query. A matter belongs to a building,
so to a grid: in a team's or a venue's scope there are none."""

import datetime
from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from community_portal.timeutils import local_day_bounds

from ..models import Matter

MATTER_LEDGER_HEADER = [
    _("Raised at"),
    _("Title"),
    _("Category"),
    _("Building"),
    _("Status"),
    _("Seconded by"),
    _("First reply at"),
    _("Resolved at"),
    _("Days to resolve"),
    _("Hidden"),
]


def _matters(
    *,
    start: datetime.date,
    end: datetime.date,
    grid_id: int | None = None,
    team_id: int | None = None,
    venue_id: int | None = None,
) -> QuerySet:
    if team_id is not None or venue_id is not None:
        return Matter.objects.none()
    since, until = local_day_bounds(start, end)
    matters = Matter.objects.filter(created_at__gte=since, created_at__lt=until)
    if grid_id is not None:
        matters = matters.filter(building__grid_id=grid_id)
    return matters


def matter_ledger_count(**scope) -> int:
    return _matters(**scope).count()


def matter_ledger_rows(**scope) -> Iterator[tuple]:
    """One tuple per matter raised from ``start`` to ``end`` in the scope, in
    ``MATTER_LEDGER_HEADER``'s order."""
    categories = dict(Matter.Category.choices)
    statuses = dict(Matter.Status.choices)
    rows = (
        _matters(**scope)
        .order_by("created_at", "pk")
        .values_list(
            "created_at",
            "title",
            "category",
            "building__number",
            "status",
            "seconds_count",
            "first_reply_at",
            "resolved_at",
            "is_hidden",
        )
    )
    for row in rows.iterator(chunk_size=1000):
        created, title, category, building, status, seconds, *rest = row
        replied, resolved, hidden = rest
        days = (
            round((resolved - created).total_seconds() / 86400, 1) if resolved else None
        )
        yield (
            created,
            title,
            str(categories.get(category, category)),
            building or "",
            str(statuses.get(status, status)),
            seconds,
            replied,
            resolved,
            days,
            hidden,
        )
