"""The volunteers' rows of the 台账 (quarterly ledgers): hours served and service
requests of a period, one query each."""

import datetime
from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from community_portal.timeutils import local_day_bounds

from ..models import HoursEntry, ServiceRequest

HOURS_LEDGER_HEADER = [
    _("Volunteer number"),
    _("Full name"),
    _("Activity"),
    _("Service request"),
    _("Team"),
    _("Date served"),
    _("Hours"),
    _("Status"),
    _("Source"),
    _("Verified at"),
]

SERVICE_LEDGER_HEADER = [
    _("Ordered at"),
    _("Service category"),
    _("Where"),
    _("Status"),
    _("Team"),
    _("Dispatched at"),
    _("Accepted at"),
    _("Done at"),
    _("Days to resolve"),
    _("Rating"),
    _("What was done"),
]


def _hours(
    *,
    start: datetime.date,
    end: datetime.date,
    grid_id: int | None = None,
    team_id: int | None = None,
    venue_id: int | None = None,
) -> QuerySet:
    entries = HoursEntry.objects.filter(served_on__gte=start, served_on__lte=end)
    if team_id is not None:
        entries = entries.filter(team_id=team_id)
    if grid_id is not None:
        entries = entries.filter(activity__grid_id=grid_id)
    if venue_id is not None:
        entries = entries.filter(activity__venue_id=venue_id)
    return entries


def _services(
    *,
    start: datetime.date,
    end: datetime.date,
    grid_id: int | None = None,
    team_id: int | None = None,
    venue_id: int | None = None,
) -> QuerySet:
    if grid_id is not None or venue_id is not None:
        # A service request belongs to no grid or venue: none in those scopes.
        return ServiceRequest.objects.none()
    since, until = local_day_bounds(start, end)
    requests = ServiceRequest.objects.filter(
        created_at__gte=since, created_at__lt=until
    )
    if team_id is not None:
        requests = requests.filter(team_id=team_id)
    return requests


def hours_ledger_count(**scope) -> int:
    return _hours(**scope).count()


def service_ledger_count(**scope) -> int:
    return _services(**scope).count()


def hours_ledger_rows(**scope) -> Iterator[tuple]:
    """One tuple per hours entry served from ``start`` to ``end`` in the scope, in
    ``HOURS_LEDGER_HEADER``'s order."""
    statuses = dict(HoursEntry.Status.choices)
    sources = dict(HoursEntry.Source.choices)
    rows = (
        _hours(**scope)
        .order_by("served_on", "pk")
        .values_list(
            "volunteer__number",
            "volunteer__user__name",
            "activity__title",
            "service_request__category__name",
            "service_request__place",
            "team__name",
            "served_on",
            "hours",
            "status",
            "source",
            "verified_at",
        )
    )
    for row in rows.iterator(chunk_size=1000):
        number, name, activity, category, place, team, served, *rest = row
        hours, status, source, verified = rest
        service = f"{category} – {place}" if category else ""
        yield (
            number or "",
            name,
            activity or "",
            service,
            team or "",
            served,
            hours,
            str(statuses.get(status, status)),
            str(sources.get(source, source)),
            verified,
        )


def service_ledger_rows(**scope) -> Iterator[tuple]:
    """One tuple per service request ordered from ``start`` to ``end`` (in the
    team's scope), in ``SERVICE_LEDGER_HEADER``'s order."""
    statuses = dict(ServiceRequest.Status.choices)
    rows = (
        _services(**scope)
        .order_by("created_at", "pk")
        .values_list(
            "created_at",
            "category__name",
            "place",
            "status",
            "team__name",
            "dispatched_at",
            "accepted_at",
            "done_at",
            "rating",
            "done_note",
        )
    )
    for row in rows.iterator(chunk_size=1000):
        created, category, place, status, team, dispatched, accepted, done, *rest = row
        rating, note = rest
        days = round((done - created).total_seconds() / 86400, 1) if done else None
        yield (
            created,
            category,
            place,
            str(statuses.get(status, status)),
            team or "",
            dispatched,
            accepted,
            done,
            days,
            rating,
            note,
        )
