"""Reads of the 悦珍阁 gallery and the 悦丰馆 exhibitions: the gallery of approved
works (filtered by studio, grid and kind, a page at a time), a work's page, an
exhibition's page, a resident's own works, and what the venue pages show.

Every list reads a fixed number of queries: the page of works with their author,
studio and grid joined, and their photos in one prefetch. Studios are project
teams, reached through the work's relation, never imported."""

from dataclasses import dataclass

from django.core.paginator import Page
from django.db.models import Prefetch

from community_portal.pagination import paginate
from community_portal.permissions import is_community_staff
from grids.models import Grid

from ..models import Exhibition, ExhibitionWork, Space, Work, WorkPhoto

WORKS_PER_PAGE = 24
MY_WORKS_PER_PAGE = 20
SPACE_RECENT_WORKS = 6


@dataclass(frozen=True)
class GalleryFilters:
    studio: int | None
    grid: int | None
    kind: str


@dataclass(frozen=True)
class Gallery:
    page: Page
    filters: GalleryFilters
    studios: list
    grids: list[Grid]
    kinds: list[tuple[str, str]]
    exhibitions: list[Exhibition]


def _number(value) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _works():
    return Work.objects.with_related().prefetch_related(
        Prefetch("photos", queryset=WorkPhoto.objects.order_by("position", "id"))
    )


def _studios() -> list:
    teams = Work._meta.get_field("studio").related_model._default_manager
    return list(teams.filter(strand="talent_studio", is_active=True).order_by("name"))


def gallery(
    *, studio: object = None, grid: object = None, kind: str = "", page: object = 1
) -> Gallery:
    """Approved works, featured first then the newest, narrowed by studio (a team
    id), grid (its number) and kind; a page at a time."""
    filters = GalleryFilters(
        studio=_number(studio),
        grid=_number(grid),
        kind=kind if kind in Work.Kind.values else "",
    )
    works = _works().approved()
    if filters.studio is not None:
        works = works.filter(studio_id=filters.studio)
    if filters.grid is not None:
        works = works.filter(grid__number=filters.grid)
    if filters.kind:
        works = works.filter(kind=filters.kind)
    return Gallery(
        page=paginate(
            works.order_by("-is_featured", "-created_at", "-id"),
            page=page,
            per_page=WORKS_PER_PAGE,
        ),
        filters=filters,
        studios=_studios(),
        grids=list(Grid.objects.order_by("number")),
        kinds=list(Work.Kind.choices),
        exhibitions=list(
            Exhibition.objects.published()
            .select_related("space")
            .order_by("-starts_on", "-id")[:3]
        ),
    )


def work_get(*, pk: int, user) -> Work | None:
    """A work ``user`` may see: approved ones for all, others for the author and
    staff."""
    work = _works().filter(pk=pk).first()
    if work is None:
        return None
    if work.status != Work.Status.APPROVED and not (
        work.author_id == user.pk or is_community_staff(user)
    ):
        return None
    return work


def works_mine(*, user, page: object = 1) -> Page:
    return paginate(
        _works().filter(author=user).order_by("-created_at", "-id"),
        page=page,
        per_page=MY_WORKS_PER_PAGE,
    )


@dataclass(frozen=True)
class ExhibitionPage:
    exhibition: Exhibition
    works: list[Work]


def exhibition_page(*, pk: int, user) -> ExhibitionPage | None:
    """A published exhibition (any, for staff) with its approved works in order."""
    rows = Exhibition.objects.select_related("space__venue", "opening_activity").filter(
        pk=pk
    )
    if not is_community_staff(user):
        rows = rows.published()
    exhibition = rows.first()
    if exhibition is None:
        return None
    entries = (
        ExhibitionWork.objects.filter(
            exhibition=exhibition, work__status=Work.Status.APPROVED
        )
        .select_related("work__author", "work__studio", "work__grid")
        .prefetch_related(
            Prefetch(
                "work__photos", queryset=WorkPhoto.objects.order_by("position", "id")
            )
        )
        .order_by("position", "id")
    )
    return ExhibitionPage(
        exhibition=exhibition, works=[entry.work for entry in entries]
    )


def spaces_gallery_attach(spaces: list[Space]) -> None:
    """For a venue's page: set ``recent_works`` on the spaces that show the
    gallery (悦珍阁) and ``current_exhibition`` on those holding one (悦丰馆).
    Two queries at most (and the photos' prefetch), whatever the number."""
    for space in spaces:
        space.recent_works = []
        space.current_exhibition = None
    if not spaces:
        return
    if any(space.shows_gallery for space in spaces):
        recent = list(
            _works()
            .approved()
            .order_by("-is_featured", "-created_at", "-id")[:SPACE_RECENT_WORKS]
        )
        for space in spaces:
            if space.shows_gallery:
                space.recent_works = recent
    by_space = {space.pk: space for space in spaces}
    for exhibition in (
        Exhibition.objects.current()
        .filter(space_id__in=list(by_space))
        .order_by("starts_on", "id")
    ):
        space = by_space[exhibition.space_id]
        if space.current_exhibition is None:
            space.current_exhibition = exhibition


__all__ = [
    "MY_WORKS_PER_PAGE",
    "SPACE_RECENT_WORKS",
    "WORKS_PER_PAGE",
    "ExhibitionPage",
    "Gallery",
    "GalleryFilters",
    "exhibition_page",
    "gallery",
    "spaces_gallery_attach",
    "work_get",
    "works_mine",
]
