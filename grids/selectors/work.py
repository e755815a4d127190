"""Grid work: the grid worker's home and entries."""

import datetime
from dataclasses import dataclass

from django.core.paginator import Page
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from community_portal.accounts.models import User
from community_portal.pagination import paginate_counting_along
from community_portal.permissions import Role, is_community_staff
from grids.models import (
    Building,
    Grid,
    IssuePhoto,
    IssueReport,
    SortingCheck,
    VisitLog,
    VisitLogPhoto,
)

# --- Grid work --------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkHome:
    grids: list[Grid]
    visit_logs: list[VisitLog]
    issue_reports: list[IssueReport]
    sorting_checks: list[SortingCheck]
    my_open_reports: Page
    is_staff: bool


RECENT_REPORT_LIMIT = 10


def work_buildings(*, user: User) -> QuerySet[Building]:
    """The buildings ``user`` may record in: their grids' (staff: all)."""
    buildings = Building.objects.select_related("grid").order_by("number")
    if is_community_staff(user):
        return buildings
    return buildings.filter(grid__workers=user)


def work_home(*, user: User, page: str | int = 1) -> WorkHome:
    """A grid worker's phone home: their grids, what they recorded today and the
    issue reports they are waiting on (a page of them, newest first)."""
    today_start = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(), datetime.time.min)
    )
    mine_today = {"author": user, "created_at__gte": today_start}
    grids = list(
        user.worker_grids.prefetch_related(
            Prefetch("buildings", queryset=Building.objects.order_by("number"))
        ).order_by("number")
    )
    return WorkHome(
        grids=grids,
        visit_logs=list(
            VisitLog.objects.filter(**mine_today)
            .select_related("building", "topic")
            .annotate(photo_count=Count("photos"))
            .order_by("-created_at")
        ),
        issue_reports=list(
            IssueReport.objects.filter(**mine_today)
            .select_related("building", "category")
            .order_by("-created_at")
        ),
        sorting_checks=list(
            SortingCheck.objects.filter(**mine_today)
            .select_related("building")
            .order_by("-created_at")
        ),
        my_open_reports=paginate_counting_along(
            IssueReport.objects.filter(author=user)
            .exclude(created_at__gte=today_start)
            .filter(
                ~Q(status=IssueReport.Status.RESOLVED)
                | Q(resolved_at__gte=timezone.now() - datetime.timedelta(days=7))
            )
            .select_related("building", "category")
            .order_by("-created_at", "-id"),
            page=page,
            per_page=RECENT_REPORT_LIMIT,
        ),
        is_staff=is_community_staff(user),
    )


def visit_log_get(*, pk: int, user: User) -> VisitLog | None:
    """A visit log ``user`` may see (None: not theirs to see, answer 404)."""
    return (
        VisitLog.objects.in_grids_of(user)
        .with_related()
        .select_related("topic")
        .prefetch_related("photos")
        .filter(pk=pk)
        .first()
    )


def issue_report_get(*, pk: int, user: User) -> IssueReport | None:
    return (
        IssueReport.objects.in_grids_of(user)
        .with_related()
        .select_related("category", "assignee")
        .prefetch_related("photos")
        .filter(pk=pk)
        .first()
    )


def visit_log_photo_get(*, pk: int, user: User) -> VisitLogPhoto | None:
    """A visit log's photo for those who may see the log (``visit_log_get``)."""
    return (
        VisitLogPhoto.objects.filter(pk=pk, log__in=VisitLog.objects.in_grids_of(user))
        .only("pk", "image")
        .first()
    )


def issue_photo_get(*, pk: int, user: User) -> IssuePhoto | None:
    """An issue report's photo for those who may see the report."""
    return (
        IssuePhoto.objects.filter(
            pk=pk, report__in=IssueReport.objects.in_grids_of(user)
        )
        .only("pk", "image")
        .first()
    )


def sorting_check_get(*, pk: int, user: User) -> SortingCheck | None:
    return SortingCheck.objects.in_grids_of(user).with_related().filter(pk=pk).first()


def issue_assignees() -> QuerySet[User]:
    """Whom staff can hand an issue to: community staff and grid workers."""
    return (
        User.objects.filter(
            groups__name__in=[Role.STAFF, Role.GRID_WORKER], is_active=True
        )
        .distinct()
        .order_by("name")
    )
