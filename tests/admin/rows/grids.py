"""Row builders of the grids' admin (grids, buildings, content, grid work)."""

from community_portal.permissions import Role
from grids.models import (
    Building,
    CivilityPoster,
    ConventionArticle,
    Grid,
    GridContent,
    IssueCategory,
    IssueReport,
    SortingCheck,
    VisitLog,
    VisitTopic,
)
from tests.admin.site import upload
from tests.factories import (
    BuildingFactory,
    GridContentFactory,
    GridFactory,
    UserFactory,
)


def build_grids(n):
    # There are only nine grids: the "large" list is the full nine.
    taken = set(Grid.objects.values_list("number", flat=True))
    free = [number for number in range(1, 10) if number not in taken][: min(n, 9)]
    grids = [GridFactory(number=number, cover=upload()) for number in free]
    for grid in grids:
        BuildingFactory(grid=grid)
        GridContentFactory(grid=grid)
        grid.workers.add(UserFactory(roles=[Role.GRID_WORKER]))
    return grids


def build_buildings(n):
    grids = [GridFactory(number=number) for number in (1, 2, 3)]
    start = (
        Building.objects.order_by("-number").values_list("number", flat=True).first()
        or 0
    ) + 1
    return [
        Building.objects.create(number=start + i, grid=grids[i % 3], households=20)
        for i in range(n)
    ]


def build_grid_contents(n):
    return [GridContentFactory(grid=GridFactory(number=i % 9 + 1)) for i in range(n)]


def build_convention_articles(n):
    start = ConventionArticle.objects.count() + 1
    return [
        ConventionArticle.objects.create(number=start + i, text="邻里和睦，守望相助。")
        for i in range(n)
    ]


def build_posters(n):
    return [
        CivilityPoster.objects.create(
            title=f"文明宣传画{i}",
            image=upload(),
            grid=GridFactory(number=i % 9 + 1) if i % 2 else None,
        )
        for i in range(n)
    ]


def grid_work_building():
    grid = GridFactory(number=1)
    return BuildingFactory(grid=grid)


def build_visit_topics(n):
    start = VisitTopic.objects.count()
    return [VisitTopic.objects.create(name=f"走访主题{start + i}") for i in range(n)]


def build_issue_categories(n):
    start = IssueCategory.objects.count()
    return [IssueCategory.objects.create(name=f"事件类别{start + i}") for i in range(n)]


def build_visit_logs(n):
    from tests.grids.factories import VisitLogFactory

    building = grid_work_building()
    logs = VisitLogFactory.create_batch(n, building=building)
    for log in logs:
        log.photos.create(image=upload())
    return logs


def build_issue_reports(n):
    from tests.grids.factories import IssueReportFactory

    building = grid_work_building()
    return [
        IssueReportFactory(building=building, assignee=UserFactory()) for _ in range(n)
    ]


def build_sorting_checks(n):
    from tests.grids.factories import SortingCheckFactory

    return SortingCheckFactory.create_batch(n, building=grid_work_building())


ROW_BUILDERS = {
    Grid: build_grids,
    Building: build_buildings,
    GridContent: build_grid_contents,
    ConventionArticle: build_convention_articles,
    CivilityPoster: build_posters,
    VisitTopic: build_visit_topics,
    IssueCategory: build_issue_categories,
    VisitLog: build_visit_logs,
    IssueReport: build_issue_reports,
    SortingCheck: build_sorting_checks,
}
