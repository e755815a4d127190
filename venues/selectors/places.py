"""Reads for the culture-venue and partner-alliance pages, and for the talk corridor's
board of matters and the staff's list of open matters.

Activities and teams belong to higher layers: they are reached through their
relations (``venue.activities``, ``alliance.teams``) and the querysets' own methods
(``coming_card_list()``, ``active()``), never imported."""

import datetime
from dataclasses import dataclass

from django.core.paginator import Page
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from community_portal import versioned_cache
from community_portal.pagination import paginate
from community_portal.permissions import is_community_staff
from grids.deadlines import overdue_expression
from grids.models import Grid
from grids.selectors import GridBacklog, grid_backlog
from venues.deadlines import matter_overdue_q
from venues.models import (
    Alliance,
    Matter,
    MatterEvent,
    MatterPhoto,
    MatterSecond,
    Merchant,
    Programme,
    Space,
    Venue,
)

from .gallery import spaces_gallery_attach

# How many coming activities a venue's or an alliance's page shows (a section of
# cards, not a list: the activity list has the rest).
SECTION_ACTIVITY_LIMIT = 6


@dataclass(frozen=True)
class VenuePage:
    venue: Venue
    activities: list


@dataclass(frozen=True)
class AlliancePage:
    alliance: Alliance
    activities: list


def _coming_activities(related, where: Q, *, cache_as: str) -> list:
    """The coming activity cards matching ``where``, soonest first. ``related`` is
    a related manager of the activities (``venue.activities``); its model's own
    manager is used so that ``where`` may reach further (a space of the venue).
    ``cache_as`` names the page (``coming_card_list``)."""
    manager = related.model._default_manager
    return manager.filter(where).coming_card_list(
        limit=SECTION_ACTIVITY_LIMIT, cache_as=cache_as
    )


def _active_teams():
    """Prefetch of an alliance's active teams, through the relation."""
    teams = Alliance._meta.get_field("teams").related_model
    return Prefetch("teams", queryset=teams._default_manager.active())


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
    spaces_gallery_attach(list(venue.spaces.all()))
    activities = _coming_activities(
        venue.activities,
        Q(venue=venue) | Q(space__venue=venue),
        cache_as=f"venue:{venue.pk}",
    )
    return VenuePage(venue=venue, activities=activities)


def alliance_list() -> QuerySet[Alliance]:
    """The partner alliances with their programmes and active teams."""
    return Alliance.objects.prefetch_related(
        "programmes",
        _active_teams(),
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
            _active_teams(),
        )
        .filter(slug=slug)
        .first()
    )
    if alliance is None:
        return None
    activities = _coming_activities(
        alliance.activities,
        Q(alliance=alliance) | Q(team__alliance=alliance),
        cache_as=f"alliance:{alliance.pk}",
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


# The board's resolution figures are kept in the shared cache under this name's
# version, which every saved or deleted matter changes (``VenuesConfig.ready``). The
# one ``update()`` on matters (seconding's ``F()`` counter) changes no figure.
MATTER_STATS_CACHE = "venues:matter-stats"


def _matter_stats() -> MatterStats:
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


def matter_stats() -> MatterStats:
    """How many visible matters there are, how many are resolved, and how many of
    those within 7 and within 30 days of being raised (one aggregate query, kept
    until a matter is written)."""
    return versioned_cache.cached(MATTER_STATS_CACHE, "figures", _matter_stats)


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
    stats = matter_stats()
    # The figures count the same visible matters: no COUNT query for the pages.
    count = {
        "all": stats.total,
        "open": stats.total - stats.resolved,
        "resolved": stats.resolved,
    }[status]
    board_page = paginate(matters, page=page, per_page=MATTERS_PER_PAGE, count=count)
    seconded = set()
    if user.is_authenticated and board_page.object_list:
        seconded = set(
            MatterSecond.objects.filter(
                user=user, matter__in=[matter.pk for matter in board_page]
            ).values_list("matter_id", flat=True)
        )
    return MatterBoard(
        page=board_page,
        stats=stats,
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
    return matter if matter is not None and _may_see_matter(matter, user) else None


def _may_see_matter(matter: Matter, user) -> bool:
    return (
        not matter.is_hidden
        or is_community_staff(user)
        or (matter.author_id == user.pk)
    )


def matter_photo_get(*, pk: int, user) -> MatterPhoto | None:
    """A matter's photo for those who may see the matter (``matter_get``): anyone,
    unless staff hid it; then only staff and its author."""
    photo = MatterPhoto.objects.filter(pk=pk).select_related("matter").first()
    return photo if photo is not None and _may_see_matter(photo.matter, user) else None


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


# --- The staff's list of open matters ---------------------------------------------------

STAFF_MATTERS_PER_PAGE = 50


@dataclass(frozen=True)
class MatterStaffOverview:
    page: Page
    backlog: list[GridBacklog]
    grid: Grid | None
    grids: list[Grid]


def matter_staff_overview(
    *, grid_number: int | None = None, page: str | int = 1
) -> MatterStaffOverview:
    """Open visible matters, oldest first, overdue ones marked, a page at a time; and
    per grid how many are open and overdue. ``grid_number`` narrows the list."""
    now = timezone.now()
    grids = list(Grid.objects.order_by("number"))
    grid = next((g for g in grids if g.number == grid_number), None)
    open_matters = Matter.objects.visible().exclude(status=Matter.Status.RESOLVED)
    matters = (
        open_matters.select_related("building__grid", "author")
        .annotate(is_overdue=overdue_expression(matter_overdue_q(now=now)))
        .order_by("created_at", "id")
    )
    if grid is not None:
        matters = matters.filter(building__grid=grid)
    backlog = grid_backlog(
        open_matters,
        grid_field="building__grid",
        overdue=matter_overdue_q(now=now),
        grids=grids,
    )
    return MatterStaffOverview(
        page=paginate(matters, page=page, per_page=STAFF_MATTERS_PER_PAGE),
        backlog=backlog,
        grid=grid,
        grids=grids,
    )


# --- The staff workbench's queue (``/staff/``) -------------------------------------------


def matters_open(*, now: datetime.datetime | None = None) -> QuerySet[Matter]:
    """Visible matters not resolved: oldest first, overdue ones marked."""
    return (
        Matter.objects.visible()
        .exclude(status=Matter.Status.RESOLVED)
        .select_related("building__grid")
        .annotate(is_overdue=overdue_expression(matter_overdue_q(now=now)))
        .order_by("created_at", "id")
    )


def matters_overdue(*, now: datetime.datetime | None = None) -> QuerySet[Matter]:
    return Matter.objects.visible().filter(matter_overdue_q(now=now))
