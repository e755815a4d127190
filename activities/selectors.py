"""Reads of activities for the resident pages: the list and its filters (shared
with the calendar feed), the month calendar, one activity with what the visitor
may do there, and the published records (纪实) of the highlights page."""

import calendar
import datetime
import functools
import hashlib
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.paginator import Page
from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import Now
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from activities.festivals import Festival, festivals_between
from activities.models import (
    Activity,
    ActivityRecord,
    Campaign,
    Rating,
    RecordPhoto,
    Registration,
    attach_seats,
)
from activities.month_cache import calendar_version, places_version
from activities.services import RATING_WINDOW
from community_portal.pagination import paginate
from community_portal.permissions import is_community_staff
from venues.models import Alliance, Space, Venue
from volunteers.models import Team, VolunteerShift
from volunteers.selectors import door_shifts

HOME_ACTIVITY_LIMIT = 8
SECTION_ACTIVITY_LIMIT = 6
SEARCH_WORD_LIMIT = 5
ACTIVITIES_PER_PAGE = 12
RECORDS_PER_PAGE = 10


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
    """Narrow ``queryset`` down by ``filters``. Unknown slugs match nothing; a
    campaign slug is unique, so its join adds no duplicate rows."""
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
        queryset = queryset.filter(campaigns__slug=filters.campaign)
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
    return Activity.objects.published().with_seats()


def activity_list(*, filters: ActivityFilters | None = None) -> QuerySet[Activity]:
    """Published and cancelled activities, soonest first, with their seats.

    Without a start date only those that have not ended; with one, from that day
    on (so a resident can look back too). The venue and space are not joined:
    ``activity_places_attach`` sets them from the cached short lists."""
    queryset = _listed_queryset().all()
    if filters is None or not filters.date_from:
        queryset = queryset.filter(ends_at__gte=Now())
    if filters is not None:
        queryset = activity_filter(queryset, filters=filters)
    return queryset.order_by("starts_at", "id")


def activity_places_attach(activities: list[Activity]) -> list[Activity]:
    """Set each activity's venue and space (what a card shows of its place) from
    the cached short lists instead of a join; an unknown one (written after the
    lists were read) is left to load on access. Returns ``activities``."""
    choices = activity_filter_choices()
    venues = {venue.pk: venue for venue in choices.venues}
    spaces = {space.pk: space for space in choices.spaces}
    for activity in activities:
        if activity.venue_id in venues:
            activity.venue = venues[activity.venue_id]
        if activity.space_id in spaces:
            activity.space = spaces[activity.space_id]
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
            teams=list(Team.objects.active().order_by("strand", "position", "id")),
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
        queryset = Activity.objects.published().filter(ends_at__gte=Now())
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
    """Set ``seats_taken``, ``waitlist_count`` and ``seats_left`` (the
    ``with_seats()`` annotations) on the activities of ``lists``: one query for
    them all, read afresh on every call."""
    attach_seats([activity for items in lists for activity in items])


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


# --- the month calendar ------------------------------------------------------------


CALENDAR_DAY_LIMIT = 3
CALENDAR_CACHE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class CalendarEntry:
    """An activity as the calendar shows it (no model instance: cached as is)."""

    pk: int
    title: str
    starts_at: datetime.datetime
    is_cancelled: bool
    url: str


@dataclass
class CalendarDay:
    date: datetime.date
    in_month: bool
    is_today: bool
    activities: list[CalendarEntry] = field(default_factory=list)
    """The first ``CALENDAR_DAY_LIMIT`` of the day's activities."""
    festivals: list[Festival] = field(default_factory=list)
    more: int = 0
    """How many more start that day (the day's list links to them)."""

    @property
    def is_empty(self) -> bool:
        return not (self.activities or self.festivals)

    @property
    def total(self) -> int:
        return len(self.activities) + self.more


@dataclass(frozen=True)
class MonthCalendar:
    month: datetime.date  # its first day
    previous_month: datetime.date
    next_month: datetime.date
    weeks: list[list[CalendarDay]]
    """Monday to Sunday; days of the neighbouring months have ``in_month`` False
    and no activities."""

    @property
    def days(self) -> list[CalendarDay]:
        """The month's own days, in order."""
        return [day for week in self.weeks for day in week if day.in_month]

    @property
    def busy_days(self) -> list[CalendarDay]:
        return [day for day in self.days if not day.is_empty]


def activity_calendar(*, month: datetime.date) -> MonthCalendar:
    """The published (and cancelled) activities and the festivals of the month
    ``month`` falls in, laid out in weeks, at most ``CALENDAR_DAY_LIMIT`` a day
    (``more`` counts the rest). Cached per month, day and language under a version
    that every write to an activity changes (``activities.month_cache``); on a miss
    one query."""
    first = month.replace(day=1)
    today = timezone.localdate()
    key = (
        f"activities:calendar:{calendar_version()}:{first.isoformat()}:"
        f"{today.isoformat()}:{get_language()}"
    )
    cached = cache.get(key)
    if cached is None:
        cached = _month_calendar(first=first, today=today)
        cache.set(key, cached, CALENDAR_CACHE_SECONDS)
    return cached


def _month_calendar(*, first: datetime.date, today: datetime.date) -> MonthCalendar:
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    following = last + datetime.timedelta(days=1)
    rows = (
        Activity.objects.published()
        .filter(
            starts_at__lt=_local_midnight(following),
            ends_at__gt=_local_midnight(first),
        )
        .order_by("starts_at", "id")
        .values_list("pk", "title", "starts_at", "status")
    )
    # One reverse() for the month, not one per activity.
    url_head = reverse("activities:detail", kwargs={"pk": 1}).removesuffix("1/")
    by_day: dict[datetime.date, CalendarDay] = {}
    for pk, title, starts_at, status in rows:
        # Listed on the day it starts (or the 1st when it began last month).
        date = max(timezone.localtime(starts_at).date(), first)
        day = by_day.setdefault(date, CalendarDay(date, True, date == today))
        if len(day.activities) < CALENDAR_DAY_LIMIT:
            day.activities.append(
                CalendarEntry(
                    pk=pk,
                    title=title,
                    starts_at=starts_at,
                    is_cancelled=status == Activity.Status.CANCELLED,
                    url=f"{url_head}{pk}/",
                )
            )
        else:
            day.more += 1
    festivals: dict[datetime.date, list[Festival]] = {}
    for festival in festivals_between(first, last):
        festivals.setdefault(festival.date, []).append(festival)
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(
        first.year, first.month
    ):
        row = []
        for date in week:
            if date.month != first.month:
                row.append(CalendarDay(date, False, date == today))
                continue
            day = by_day.get(date) or CalendarDay(date, True, date == today)
            day.festivals = festivals.get(date, [])
            row.append(day)
        weeks.append(row)
    return MonthCalendar(
        month=first,
        previous_month=(first - datetime.timedelta(days=1)).replace(day=1),
        next_month=following,
        weeks=weeks,
    )


# --- one activity ---------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityPage:
    """An activity with everything its page shows to this visitor."""

    activity: Activity
    """Annotated with ``seats_taken``, ``waitlist_count``, ``seats_left``,
    ``rating_average``, ``rating_count`` and ``attendance``."""
    record: ActivityRecord | None
    """The published record, its ``photos`` prefetched."""
    registration: Registration | None
    """The visitor's active (confirmed or waitlisted) registration, with
    ``waitlist_position`` (0 when confirmed)."""
    attended: bool
    rating: Rating | None
    """The visitor's own rating, when they gave one."""
    household_registrations: tuple[Registration, ...] = ()
    """The active seats the visitor holds for members of their household."""

    @property
    def can_rate(self) -> bool:
        """Checked in, the activity over for less than 14 days, not rated yet."""
        activity = self.activity
        now = timezone.now()
        return (
            self.attended
            and self.rating is None
            and not activity.is_cancelled
            and activity.ends_at <= now <= activity.ends_at + RATING_WINDOW
        )


def registration_waitlist_position(*, registration_id: int) -> int:
    """Where a waitlisted registration stands (1 = next to get a seat)."""
    return (
        Registration.objects.filter(pk=registration_id)
        .with_waitlist_position()
        .values_list("waitlist_position", flat=True)
        .get()
    )


# Built once per process and filtered per request: building these annotations (the
# subqueries' references resolved and copied) costs more than running the query.
# Never evaluated themselves; every use is a filtered clone.


@functools.cache
def _activity_page_queryset() -> QuerySet[Activity]:
    return (
        Activity.objects.with_related()
        .with_seats()
        .with_rating_summary()
        .with_attendance()
        .select_related("grid", "team__alliance")
    )


@functools.cache
def _own_registrations_queryset() -> QuerySet[Registration]:
    return (
        Registration.objects.exclude(status=Registration.Status.CANCELLED)
        .select_related("member")
        .with_waitlist_position()
    )


def activity_get(*, pk: int, user) -> Activity | None:
    """The activity a visitor may see: drafts only for community staff."""
    activity = _activity_page_queryset().filter(pk=pk).first()
    if activity is None:
        return None
    if activity.status == Activity.Status.DRAFT and not is_community_staff(user):
        return None
    return activity


def activity_page_get(*, pk: int, user) -> ActivityPage | None:
    """The activity page: the activity, its published record and, for a resident
    who is logged in, their registration and rating. A fixed number of queries
    whatever the number of registrations, ratings and photos."""
    activity = activity_get(pk=pk, user=user)
    if activity is None:
        return None
    record = None
    if activity.starts_at <= timezone.now():  # a record is written once it started
        record = (
            ActivityRecord.objects.published()
            .filter(activity_id=activity.pk)
            .prefetch_related("photos")
            .first()
        )
    registration, attended, rating, household = None, False, None, ()
    if user.is_authenticated:
        mine = list(
            _own_registrations_queryset().filter(
                activity_id=activity.pk, user_id=user.pk
            )
        )
        household = tuple(row for row in mine if row.member_id is not None)
        mine = [row for row in mine if row.member_id is None]
        registration = mine[0] if mine else None
        attended = registration is not None and registration.is_checked_in
        if activity.is_past:
            rating = Rating.objects.filter(
                activity_id=activity.pk, user_id=user.pk
            ).first()
    for row in (registration, *household):
        if row is None:
            continue
        row.activity = activity  # already loaded, with its annotations
        if row.status != Registration.Status.WAITLISTED:
            row.waitlist_position = 0
    return ActivityPage(
        activity=activity,
        record=record,
        registration=registration,
        attended=attended,
        rating=rating,
        household_registrations=household,
    )


# --- highlights (纪实) ---------------------------------------------------------------


# What the highlights page shows of a record and its activity.
RECORD_LIST_FIELDS = (
    "summary",
    "published_at",
    "activity__title",
    "activity__status",
    "activity__starts_at",
    "activity__ends_at",
    "activity__venue_id",
    "activity__space_id",
    "activity__location",
)


@functools.cache
def _record_list_queryset() -> QuerySet[ActivityRecord]:
    # Built once per process (see ``_activity_page_queryset``).
    return (
        ActivityRecord.objects.published()
        .filter(activity__status=Activity.Status.PUBLISHED)
        .select_related("activity")
        .only(*RECORD_LIST_FIELDS)
        .prefetch_related(
            Prefetch(
                "photos",
                queryset=RecordPhoto.objects.only(
                    "image", "caption", "position", "record_id"
                ),
            )
        )
        .with_attendance()
        .order_by("-published_at", "-id")
    )


def record_list_published() -> QuerySet[ActivityRecord]:
    """Published records, newest first, with their activity, photos and
    attendance; page it, and the photos come in one more query. The activity's
    venue and space are not joined: ``record_list_page`` sets them from the
    cached short lists."""
    return _record_list_queryset().all()


def record_list_page(*, page: object = 1) -> Page:
    """One page of ``record_list_published`` (the highlights page's)."""
    result = paginate(record_list_published(), page=page, per_page=RECORDS_PER_PAGE)
    result.object_list = list(result.object_list)
    activity_places_attach([record.activity for record in result.object_list])
    return result


# --- the door QR ---------------------------------------------------------------------


@dataclass(frozen=True)
class DoorPage:
    """What the door QR's page offers the person who scanned it."""

    activity: Activity
    registration: Registration | None
    shifts: list[VolunteerShift]

    @property
    def shift(self) -> VolunteerShift | None:
        """The shift the next scan starts or ends (``None``: none left)."""
        return next((s for s in self.shifts if s.checked_out_at is None), None)


def door_page_get(*, activity_id: int, user) -> DoorPage | None:
    activity = (
        Activity.objects.select_related("venue", "space", "team")
        .filter(pk=activity_id)
        .exclude(status=Activity.Status.DRAFT)
        .first()
    )
    if activity is None:
        return None
    registration = None
    if user.is_authenticated:
        registration = (
            Registration.objects.active()
            .filter(activity_id=activity.pk, user_id=user.pk)
            .first()
        )
    return DoorPage(
        activity=activity,
        registration=registration,
        shifts=door_shifts(activity_id=activity.pk, user=user),
    )
