"""Reads for the culture-venue and partner-alliance pages, and for the talk corridor's
board of matters."""

import datetime
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Prefetch, Q, QuerySet

from activities.models import Activity
from activities.selectors import activity_list_coming
from community_portal.permissions import is_community_staff
from venues.models import (
    Alliance,
    Matter,
    MatterEvent,
    MatterSecond,
    Merchant,
    Programme,
    Space,
    Venue,
)
from volunteers.models import Team


@dataclass(frozen=True)
class VenuePage:
    venue: Venue
    activities: list[Activity]


@dataclass(frozen=True)
class AlliancePage:
    alliance: Alliance
    activities: list[Activity]


def venue_list() -> QuerySet[Venue]:
    """The culture venues in their order, each with its spaces."""
    return Venue.objects.prefetch_related(
        Prefetch("spaces", queryset=Space.objects.order_by("position", "id"))
    )


def venue_page(*, slug: str) -> VenuePage | None:
    """A venue with its spaces (and their photos) and its coming activities."""
    venue = (
        Venue.objects.prefetch_related(
            Prefetch(
                "spaces",
                queryset=Space.objects.order_by("position", "id").prefetch_related(
                    "photos"
                ),
            )
        )
        .filter(slug=slug)
        .first()
    )
    if venue is None:
        return None
    activities = activity_list_coming(where=Q(venue=venue) | Q(space__venue=venue))
    return VenuePage(venue=venue, activities=activities)


def alliance_list() -> QuerySet[Alliance]:
    """The partner alliances with their programmes and active teams."""
    return Alliance.objects.prefetch_related(
        "programmes",
        Prefetch("teams", queryset=Team.objects.active()),
    )


def alliance_page(*, slug: str) -> AlliancePage | None:
    """An alliance with programmes, open merchants and their pledges, teams, and
    the activities it or its teams put on."""
    alliance = (
        Alliance.objects.prefetch_related(
            Prefetch("programmes", queryset=Programme.objects.order_by("position")),
            Prefetch(
                "merchants",
                queryset=Merchant.objects.filter(is_active=True)
                .order_by("name")
                .prefetch_related("pledges"),
            ),
            Prefetch("teams", queryset=Team.objects.active()),
        )
        .filter(slug=slug)
        .first()
    )
    if alliance is None:
        return None
    activities = activity_list_coming(
        where=Q(alliance=alliance) | Q(team__alliance=alliance)
    )
    return AlliancePage(alliance=alliance, activities=activities)


# --- The talk corridor (说事长廊) --------------------------------------------------------

MATTERS_PER_PAGE = 20
MATTER_ORDERS = {
    "newest": ["-created_at", "-id"],
    "seconded": ["-seconds_count", "-created_at"],
}
MATTER_FILTERS = {
    "all": Q(),
    "open": ~Q(status=Matter.Status.RESOLVED),
    "resolved": Q(status=Matter.Status.RESOLVED),
}


@dataclass(frozen=True)
class MatterStats:
    total: int
    resolved: int
    within_7_days: int
    within_30_days: int


@dataclass(frozen=True)
class MatterBoard:
    page: Page
    stats: MatterStats
    order: str
    status: str
    seconded_ids: set[int]
    is_staff: bool


def matter_stats() -> MatterStats:
    """How many visible matters there are, how many are resolved, and how many of
    those within 7 and within 30 days of being raised (one aggregate query)."""
    resolved = Q(status=Matter.Status.RESOLVED)
    row = Matter.objects.visible().aggregate(
        total=Count("id"),
        resolved=Count("id", filter=resolved),
        within_7=Count(
            "id",
            filter=resolved
            & Q(resolved_at__lte=F("created_at") + datetime.timedelta(days=7)),
        ),
        within_30=Count(
            "id",
            filter=resolved
            & Q(resolved_at__lte=F("created_at") + datetime.timedelta(days=30)),
        ),
    )
    return MatterStats(
        total=row["total"],
        resolved=row["resolved"],
        within_7_days=row["within_7"],
        within_30_days=row["within_30"],
    )


def matter_board(
    *, user, order: str = "newest", status: str = "all", page: str | int = 1
) -> MatterBoard:
    """The public board: visible matters newest or most seconded first, all, open or
    resolved, a page at a time, with the resolution figures and which of the page's
    matters ``user`` has seconded."""
    order = order if order in MATTER_ORDERS else "newest"
    status = status if status in MATTER_FILTERS else "all"
    matters = (
        Matter.objects.visible()
        .filter(MATTER_FILTERS[status])
        .with_related()
        .prefetch_related("photos")
        .order_by(*MATTER_ORDERS[order])
    )
    board_page = Paginator(matters, MATTERS_PER_PAGE).get_page(page)
    seconded = set()
    if user.is_authenticated and board_page.object_list:
        seconded = set(
            MatterSecond.objects.filter(
                user=user, matter__in=[matter.pk for matter in board_page]
            ).values_list("matter_id", flat=True)
        )
    return MatterBoard(
        page=board_page,
        stats=matter_stats(),
        order=order,
        status=status,
        seconded_ids=seconded,
        is_staff=is_community_staff(user),
    )


@dataclass(frozen=True)
class MatterPage:
    matter: Matter
    events: list[MatterEvent]
    has_seconded: bool
    is_staff: bool


def matter_get(*, pk: int, user) -> Matter | None:
    """A matter ``user`` may see: hidden ones only for staff and their author."""
    matter = Matter.objects.with_related().filter(pk=pk).first()
    if matter is None:
        return None
    if matter.is_hidden and not (
        is_community_staff(user) or matter.author_id == user.pk
    ):
        return None
    return matter


def matter_page(*, pk: int, user) -> MatterPage | None:
    matter = (
        Matter.objects.with_related().prefetch_related("photos").filter(pk=pk).first()
    )
    if matter is None:
        return None
    is_staff = is_community_staff(user)
    if matter.is_hidden and not (is_staff or matter.author_id == user.pk):
        return None
    events = MatterEvent.objects.filter(matter=matter).select_related("by_user")
    if not is_staff and matter.author_id != user.pk:
        # The public timeline: why a matter was hidden is for its author and staff.
        events = events.exclude(
            kind__in=[MatterEvent.Kind.HIDDEN, MatterEvent.Kind.SHOWN]
        )
    return MatterPage(
        matter=matter,
        events=list(events),
        has_seconded=user.is_authenticated
        and MatterSecond.objects.filter(matter=matter, user=user).exists(),
        is_staff=is_staff,
    )
