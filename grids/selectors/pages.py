"""The culture-grid pages: a grid with its buildings, content, workers and coming
activities (reached through the relation)."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from community_portal import versioned_cache
from community_portal.accounts.models import User
from grids.models import (
    Building,
    CivilityPoster,
    ConventionArticle,
    Grid,
    GridContent,
)


@dataclass(frozen=True)
class ContentGroup:
    kind: str
    label: str
    items: list[GridContent] = field(default_factory=list)


@dataclass(frozen=True)
class GridPage:
    grid: Grid
    content_groups: list[ContentGroup]
    convention: list[ConventionArticle]
    posters: list[CivilityPoster]
    activities: list
    # The winners of selections (评选) from this grid, through the relation.
    winners: list = field(default_factory=list)


# How many coming activities a grid's page shows (a section of cards, not a list: the
# activity list has the rest).
SECTION_ACTIVITY_LIMIT = 6
# How many winners of selections a grid's page shows (the selection pages have all).
SECTION_WINNER_LIMIT = 6


def grid_list() -> QuerySet[Grid]:
    """The nine grids in number order, each with its buildings."""
    return Grid.objects.prefetch_related(
        Prefetch("buildings", queryset=Building.objects.order_by("number"))
    )


# A grid's page without its activities and winners (the grid, its buildings and
# workers, its published content, the convention, the posters) is kept in the shared
# cache under this name's version, which every write to those rows changes, a
# worker added or removed, a user's name or phone changed (``GridsConfig.ready``).
GRID_PAGE_CACHE = "grids:page"


@dataclass(frozen=True)
class _GridPageRows:
    grid: Grid
    content_groups: list[ContentGroup]
    convention: list[ConventionArticle]
    posters: list[CivilityPoster]


def _grid_page_rows(number: int) -> _GridPageRows | None:
    grid = (
        Grid.objects.prefetch_related(
            Prefetch("buildings", queryset=Building.objects.order_by("number")),
            # The grid page shows its workers with tap-to-call.
            Prefetch(
                "workers",
                queryset=User.objects.filter(is_active=True)
                .only("name", "username", "phone")
                .order_by("name", "pk"),
            ),
        )
        .filter(number=number)
        .first()
    )
    if grid is None:
        return None
    contents = GridContent.objects.filter(grid=grid, is_published=True).order_by(
        "position", "id"
    )
    groups = {
        kind: ContentGroup(kind=kind, label=label)
        for kind, label in GridContent.Kind.choices
    }
    for item in contents:
        groups[item.kind].items.append(item)
    posters = CivilityPoster.objects.filter(
        Q(grid=grid) | Q(grid__isnull=True), is_published=True
    ).order_by("position", "id")
    return _GridPageRows(
        grid=grid,
        content_groups=[group for group in groups.values() if group.items],
        convention=list(ConventionArticle.objects.all()),
        posters=list(posters),
    )


def grid_page(*, number: int) -> GridPage | None:
    """A grid with its buildings, published stairwell content grouped by kind, the
    civility convention, the posters (its own and the shared ones) and its activities."""
    rows = versioned_cache.cached(
        GRID_PAGE_CACHE, f"rows:{number}", lambda: _grid_page_rows(number)
    )
    if rows is None:
        return None
    grid = rows.grid
    return GridPage(
        grid=grid,
        content_groups=rows.content_groups,
        convention=rows.convention,
        posters=rows.posters,
        activities=grid.activities.coming_card_list(
            limit=SECTION_ACTIVITY_LIMIT, cache_as=f"grid:{grid.pk}"
        ),
        winners=_winners(grid),
    )


# The winners a grid's page shows are kept in the shared cache under this name's
# version, per day (the day decides which results are public): the venues app (a
# higher layer, which owns selections) bumps it on every write to a selection, a
# nomination or a vote.
GRID_WINNERS_CACHE = "grids:winners"


def _winners(grid: Grid) -> list:
    day = timezone.localdate()
    return versioned_cache.cached(
        GRID_WINNERS_CACHE,
        f"{grid.pk}:{day.isoformat()}",
        lambda: list(
            grid.selection_nominations.winners_shown(day=day)[:SECTION_WINNER_LIMIT]
        ),
    )
