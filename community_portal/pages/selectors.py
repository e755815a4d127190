"""Reads for the pages that compose several apps: each section through its own app's
selector, and a resident's registrations for "my activities"."""

import datetime
import functools
from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Page
from django.db.models import OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from activities.models import Activity, Audience, Registration
from activities.month_cache import places_version
from activities.selectors import (
    activity_list_coming,
    activity_list_next_two_weeks,
    activity_places_attach,
    activity_seats_attach,
)
from community_portal.accounts.models import User
from community_portal.notices.models import Notice
from community_portal.pagination import paginate_counting_along
from grids.models import Building
from venues.models import Matter
from venues.selectors import alliance_list, bookable_spaces, venue_list
from volunteers.models import HoursEntry, PointsEntry, ServiceRequest, Volunteer
from volunteers.selectors import team_list_by_strand

# The past activities come a page at a time, latest first.
PAST_PER_PAGE = 20


def home_overview(*, with_seats: bool = True) -> dict:
    """The plan at a glance: each section's own selector, one query or two apiece,
    read only when the template's cached plan (keyed on ``places_version``, which
    every write to them changes) has to be drawn afresh; the coming activities
    with their seats unless ``with_seats`` is false."""
    return {
        "venues": venue_list(),
        "alliances": alliance_list(),
        "strand_groups": SimpleLazyObject(team_list_by_strand),
        "activities": activity_list_next_two_weeks(with_seats=with_seats),
        "bookable_spaces": SimpleLazyObject(bookable_spaces),
        "places_version": places_version(),
    }


def home_page(*, user: User) -> dict:
    """Everything the home page shows this visitor (``for_me`` when signed in):
    the seats of both its activity lists in one query."""
    context = home_overview(with_seats=False)
    lists = [context["activities"]]
    if user.is_authenticated:
        context["for_me"] = home_for_me(user=user, with_seats=False)
        lists.append(context["for_me"].this_week)
    activity_seats_attach(*lists)
    return context


# A signed-in resident's home: how much of each it shows before "more".
HOME_FOR_ME_LIMIT = 6
HOME_NOTICES_LIMIT = 3
# From this age on, the activities for the elderly are "for me" too.
ELDERLY_FROM_AGE = 60


@dataclass
class HomeForMe:
    next_registration: Registration | None
    """My soonest confirmed seat in an activity that has not ended."""
    notices: list[Notice]
    """My latest unread notices (the header shows how many in all)."""
    this_week: list[Activity]
    """This week's coming activities for my audience and my grid."""
    grid_id: int | None


def my_audiences(*, user: User) -> list[str]:
    """The audiences whose activities are for this resident: everyone's, and the
    elderly's from ``ELDERLY_FROM_AGE`` on (by the birth year, when known)."""
    audiences = [Audience.EVERYONE]
    if user.birth_year and timezone.localdate().year - user.birth_year >= (
        ELDERLY_FROM_AGE
    ):
        audiences.append(Audience.ELDERLY)
    return audiences


@functools.cache
def _my_confirmed_coming() -> QuerySet[Registration]:
    return (
        _my_seats()
        .filter(status=Registration.Status.CONFIRMED)
        .order_by("activity__starts_at", "id")
    )


def _next_registration(*, user: User) -> Registration | None:
    # All of the user's coming seats (a handful, as "我的" lists them), not the
    # first one (LIMIT 1): with a limit PostgreSQL walks every coming activity in
    # start order looking for one of the user's, 30 times slower than reading the
    # user's seats along their index and sorting them.
    coming = list(
        _my_confirmed_coming().filter(user_id=user.pk, activity__ends_at__gte=Now())
    )
    if not coming:
        return None
    activity_places_attach([coming[0].activity])
    return coming[0]


def home_for_me(*, user: User, with_seats: bool = True) -> HomeForMe:
    """What a signed-in resident's home starts from, a fixed number of queries:
    the next activity, unread notices, and this week's activities for them
    (their audience; in their own grid or in no grid at all)."""
    next_registration = _next_registration(user=user)
    grid_id = (
        Building.objects.filter(pk=user.building_id)
        .values_list("grid_id", flat=True)
        .first()
        if user.building_id
        else None
    )
    today = timezone.localdate()
    sunday_night = datetime.datetime.combine(
        today + datetime.timedelta(days=7 - today.weekday()),
        datetime.time.min,
        tzinfo=timezone.get_current_timezone(),
    )
    where = Q(starts_at__lt=sunday_night, audience__in=my_audiences(user=user))
    where &= Q(grid__isnull=True) | Q(grid_id=grid_id)
    return HomeForMe(
        next_registration=next_registration,
        notices=list(
            Notice.objects.for_user(user)
            .unread()
            .only("title", "url", "read_at", "created_at")[:HOME_NOTICES_LIMIT]
        ),
        this_week=activity_list_coming(
            where=where, limit=HOME_FOR_ME_LIMIT, with_seats=with_seats
        ),
        grid_id=grid_id,
    )


@dataclass(frozen=True)
class MyRegistrations:
    upcoming: list[Registration]
    """Confirmed seats in activities that have not ended, soonest first."""
    waitlisted: list[Registration]
    """Waitlist places in activities that have not ended, each with
    ``waitlist_position`` (1 = next to be promoted)."""
    past: Page
    """Confirmed seats in activities that have ended, latest first: one page of
    them (``past.paginator.count`` is the total)."""


# Built once per process and filtered per request: building the joins and the
# waitlist position's subquery costs more than running them. Never evaluated
# themselves; every use is a filtered clone.
@functools.cache
def _my_seats() -> QuerySet[Registration]:
    # The venue and space are not joined (two more joins cost the planner more than
    # the whole query): ``activity_places_attach`` sets them from the cached lists.
    return Registration.objects.select_related("activity", "member").order_by()


@functools.cache
def _my_coming() -> QuerySet[Registration]:
    # Confirmed and waitlisted seats in one query (the position means something
    # for the waitlisted only).
    return (
        _my_seats()
        .filter(
            status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED]
        )
        .with_waitlist_position()
        .order_by("activity__starts_at", "id")
    )


# What a past seat's row shows (``registration_heading`` and its state).
PAST_FIELDS = (
    "status",
    "checked_in_at",
    "activity",
    "member",
    "member__name",
    "activity__title",
    "activity__status",
    "activity__starts_at",
    "activity__ends_at",
    "activity__location",
    "activity__venue",
    "activity__space",
)


@functools.cache
def _my_past() -> QuerySet[Registration]:
    return (
        _my_seats()
        .filter(status=Registration.Status.CONFIRMED)
        .only(*PAST_FIELDS)
        .order_by("-activity__starts_at", "-id")
    )


def my_registrations(*, user: User, past_page: object = 1) -> MyRegistrations:
    """The user's own registrations in three groups, in a fixed number of queries
    whatever their number (the activity joined in, its place from the cached
    lists)."""
    coming = list(_my_coming().filter(user=user, activity__ends_at__gte=Now()))
    confirmed = Registration.Status.CONFIRMED
    past = paginate_counting_along(
        _my_past().filter(user=user, activity__ends_at__lt=Now()),
        page=past_page,
        per_page=PAST_PER_PAGE,
    )
    past.object_list = list(past.object_list)
    activity_places_attach([seat.activity for seat in coming + past.object_list])
    return MyRegistrations(
        upcoming=[seat for seat in coming if seat.status == confirmed],
        waitlisted=[seat for seat in coming if seat.status != confirmed],
        past=past,
    )


# How many of each kind "我的" shows; each section links to its full list.
MY_LATEST = 5


@dataclass
class MyOverview:
    matters: list[Matter]
    service_requests: list[ServiceRequest]
    # The unread count is the header's (``notices`` context processor): one query.
    notices: list[Notice]
    volunteer: Volunteer | None
    hours_total: Decimal
    points_balance: int


# Built once per process, filtered per request (as ``_my_seats``).
@functools.cache
def _volunteer_with_sums() -> QuerySet[Volunteer]:
    """Volunteers with their verified hours and their points balance: one query."""
    return Volunteer.objects.annotate(
        hours_sum=Subquery(
            HoursEntry.objects.filter(volunteer_id=OuterRef("pk"))
            .verified()
            .order_by()
            .values("volunteer_id")
            .annotate(total=Sum("hours"))
            .values("total")[:1]
        ),
        points_sum=Subquery(
            PointsEntry.objects.filter(volunteer_id=OuterRef("pk"))
            .order_by()
            .values("volunteer_id")
            .annotate(total=Sum("amount"))
            .values("total")[:1]
        ),
    ).order_by("pk")


@functools.cache
def _my_service_requests() -> QuerySet[ServiceRequest]:
    return ServiceRequest.objects.select_related("category").order_by(
        "-created_at", "-pk"
    )


def my_overview(*, user: User) -> MyOverview:
    """The rest of "我的" beside the activities: my latest matters, service
    requests and notices, and my hours and points when I volunteer; a fixed number
    of queries whatever their number."""
    volunteer = _volunteer_with_sums().filter(user_id=user.pk).first()
    hours_total, balance = Decimal(0), 0
    if volunteer is not None:
        hours_total = volunteer.hours_sum or Decimal(0)
        balance = volunteer.points_sum or 0
    return MyOverview(
        matters=list(
            Matter.objects.filter(author_id=user.pk)
            .only("title", "status", "created_at")
            .order_by("-created_at", "-pk")[:MY_LATEST]
        ),
        service_requests=list(
            _my_service_requests().filter(requester_id=user.pk)[:MY_LATEST]
        ),
        notices=list(
            Notice.objects.for_user(user).only("title", "url", "read_at", "created_at")[
                :MY_LATEST
            ]
        ),
        volunteer=volunteer,
        hours_total=hours_total,
        points_balance=balance,
    )
