"""Reads of activities for the resident pages: the list and its filters (shared
with the calendar feed) and the coming and recent cards of the other pages."""

import datetime
import functools
import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.core.paginator import Page
from django.db.models import Q, QuerySet
from django.utils import timezone

from activities.models import (
    Activity,
    Campaign,
    refresh_seats,
)
from activities.month_cache import calendar_version, places_version
from community_portal.pagination import paginate
from venues.models import Alliance, Space, Venue
from volunteers.models import Team

HOME_ACTIVITY_LIMIT = 8
SECTION_ACTIVITY_LIMIT = 6
SEARCH_WORD_LIMIT = 5
ACTIVITIES_PER_PAGE = 12


# --- the list and its filters ----------------------------------------------------


@dataclass(frozen=True)
class ActivityFilters:
    """What a visitor narrowed the list down to; empty values filter nothing.

    ``strand`` and ``audience`` are choice values, ``campaign``, ``venue``,
    ``team`` and ``alliance`` slugs, ``space`` a primary key, ``q`` words to look
    for. The dates are local days, both included."""

    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    strand: str = ""
    campaign: str = ""
    venue: str = ""
    space: int | None = None
    team: str = ""
    alliance: str = ""
    audience: str = ""
    q: str = ""

    @property
    def is_empty(self) -> bool:
        return self == ActivityFilters()


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time()),
        timezone.get_default_timezone(),
    )


def activity_filter(
    queryset: QuerySet[Activity], *, filters: ActivityFilters
) -> QuerySet[Activity]:
    """Narrow ``queryset`` down by ``filters``. Unknown slugs match nothing; the
    campaign filter joins one campaign's rows, so it adds no duplicate rows."""
    if filters.date_from:
        queryset = queryset.filter(ends_at__gte=_local_midnight(filters.date_from))
    if filters.date_to:
        queryset = queryset.filter(
            starts_at__lt=_local_midnight(filters.date_to + datetime.timedelta(days=1))
        )
    if filters.strand:
        queryset = queryset.filter(strand=filters.strand)
    if filters.audience:
        queryset = queryset.filter(audience=filters.audience)
    if filters.campaign:
        # The campaign's id from the cached short list: one join less to plan and
        # run (the through table alone); PostgreSQL then walks the list's order.
        campaign_id = next(
            (
                campaign.pk
                for campaign in activity_filter_choices().campaigns
                if campaign.slug == filters.campaign
            ),
            None,
        )
        if campaign_id is None:
            return queryset.none()
        queryset = queryset.filter(campaigns=campaign_id)
    if filters.venue:
        queryset = queryset.filter(
            Q(venue__slug=filters.venue) | Q(space__venue__slug=filters.venue)
        )
    if filters.space:
        queryset = queryset.filter(space_id=filters.space)
    if filters.team:
        queryset = queryset.filter(team__slug=filters.team)
    if filters.alliance:
        queryset = queryset.filter(
            Q(alliance__slug=filters.alliance)
            | Q(team__alliance__slug=filters.alliance)
        )
    for word in filters.q.split()[:SEARCH_WORD_LIMIT]:
        queryset = queryset.filter(
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(description__icontains=word)
            | Q(location__icontains=word)
        )
    return queryset


@functools.cache
def _listed_queryset() -> QuerySet[Activity]:
    # Built once per process and filtered per request: building the seats'
    # subqueries costs more than running them. Never evaluated itself.
    return Activity.objects.published()


def activity_list(*, filters: ActivityFilters | None = None) -> QuerySet[Activity]:
    """Published and cancelled activities, soonest first, with their seats.

    Without a start date only those that have not ended; with one, from that day
    on (so a resident can look back too). The venue and space are not joined:
    ``activity_places_attach`` sets them from the cached short lists."""
    queryset = _listed_queryset().all()
    if filters is None or not filters.date_from:
        queryset = queryset.not_ended()
    if filters is not None:
        queryset = activity_filter(queryset, filters=filters)
    return queryset.order_by("starts_at", "id")


def activity_places_attach(
    activities: list[Activity], *, with_organisers: bool = False
) -> list[Activity]:
    """Set each activity's venue and space (what a card shows of its place) and,
    ``with_organisers``, its team (with its partner unit) and partner unit, from
    the cached short lists instead of joins (one read of them); an unknown one
    (written after the lists were read, or an inactive team) is left to load on
    access. Returns ``activities``."""
    choices = activity_filter_choices()
    lookups = [
        ("venue", {venue.pk: venue for venue in choices.venues}),
        ("space", {space.pk: space for space in choices.spaces}),
    ]
    if with_organisers:
        lookups += [
            ("team", {team.pk: team for team in choices.teams}),
            ("alliance", {alliance.pk: alliance for alliance in choices.alliances}),
        ]
    for activity in activities:
        for field, known in lookups:
            related = known.get(getattr(activity, f"{field}_id"))
            if related is not None:
                setattr(activity, field, related)
    return activities


def activity_list_page(
    *, filters: ActivityFilters | None = None, page: object = 1
) -> Page:
    """One page of ``activity_list`` (the list page's), places attached."""
    result = paginate(
        activity_list(filters=filters), page=page, per_page=ACTIVITIES_PER_PAGE
    )
    result.object_list = activity_places_attach(list(result.object_list))
    return result


def activity_feed_list(
    *, filters: ActivityFilters, since: datetime.datetime, limit: int
) -> list[Activity]:
    """The calendar feed: published and cancelled activities that end after
    ``since``, filtered like the list page. One query."""
    queryset = (
        Activity.objects.published()
        .select_related("venue", "space")
        .filter(ends_at__gte=since)
    )
    return list(
        activity_filter(queryset, filters=filters).order_by("starts_at", "id")[:limit]
    )


def activity_ics_get(*, pk: int) -> Activity | None:
    """One published (or cancelled) activity for its calendar file."""
    return (
        Activity.objects.published().select_related("venue", "space").filter(pk=pk)
    ).first()


@dataclass(frozen=True)
class FilterChoices:
    campaigns: list[Campaign]
    venues: list[Venue]
    spaces: list[Space]
    teams: list[Team]
    alliances: list[Alliance]


PLACES_CACHE_SECONDS = 24 * 3600
_places_memo: dict[str, FilterChoices] = {}


def activity_filter_choices() -> FilterChoices:
    """The options of the list page's filter form (and the places the cards look
    up): cached under the ``places`` version that every write to one of them
    changes (``activities.month_cache``); on a miss five short queries."""
    key = f"activities:places:{places_version()}"
    choices = _places_memo.get(key)
    if choices is None:
        choices = cache.get(key)
    if choices is None:
        choices = FilterChoices(
            campaigns=list(Campaign.objects.all()),
            venues=list(Venue.objects.order_by("position", "id")),
            spaces=list(Space.objects.select_related("venue")),
            teams=list(
                Team.objects.active()
                .select_related("alliance")
                .order_by("strand", "position", "id")
            ),
            alliances=list(Alliance.objects.order_by("position", "id")),
        )
        cache.set(key, choices, PLACES_CACHE_SECONDS)
    # Kept in the process too (only the current version): no unpickling per request.
    # Callers read the instances, never change them.
    _places_memo.clear()
    _places_memo[key] = choices
    return choices


COMING_CACHE_SECONDS = 3600


def activity_list_coming(
    *,
    where: Q | None = None,
    limit: int = SECTION_ACTIVITY_LIMIT,
    with_seats: bool = True,
) -> list[Activity]:
    """The next activities (optionally filtered by ``where``), soonest first, their
    venue and space attached, and their seats unless ``with_seats`` is false (the
    caller then calls ``activity_seats_attach`` once for all its lists).

    The rows are cached under the calendar version (every write to an activity
    changes it) and ``where``, until the first of them ends (then another takes
    its place); the seats are never cached (``activity_seats_attach``)."""
    digest = hashlib.md5(
        f"{calendar_version()}:{limit}:{where!r}".encode(), usedforsecurity=False
    ).hexdigest()
    key = f"activities:coming:{digest}"
    entry = cache.get(key)
    if entry is None or (entry[0] is not None and entry[0] < timezone.now()):
        queryset = Activity.objects.published().not_ended()
        if where is not None:
            queryset = queryset.filter(where)
        rows = list(queryset.order_by("starts_at", "id")[:limit])
        valid_until = min((row.ends_at for row in rows), default=None)
        entry = (valid_until, rows)
        cache.set(key, entry, COMING_CACHE_SECONDS)
    activities = activity_places_attach(entry[1])
    if with_seats:
        activity_seats_attach(activities)
    return activities


def activity_seats_attach(*lists: list[Activity]) -> None:
    """Read the seat counters of the activities of ``lists`` afresh (rows kept in
    the cache): one query for them all."""
    refresh_seats([activity for items in lists for activity in items])


def activity_list_recent(
    *, where: Q | None = None, limit: int = SECTION_ACTIVITY_LIMIT
) -> list[Activity]:
    """The most recent activities that have ended, latest first (no cancelled ones)."""
    queryset = Activity.objects.recent_cards()
    if where is not None:
        queryset = queryset.filter(where)
    return list(queryset[:limit])


def activity_list_next_two_weeks(
    *, limit: int = HOME_ACTIVITY_LIMIT, with_seats: bool = True
) -> list[Activity]:
    """Activities of this week and next (Monday to Sunday, local time) not yet over."""
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    end = _local_midnight(monday + datetime.timedelta(days=14))
    return activity_list_coming(
        where=Q(starts_at__lt=end), limit=limit, with_seats=with_seats
    )
