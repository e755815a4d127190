"""The staff's grid-work pages: handling issue reports, the overview of open issue
reports, the CSV exports."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from grids import selectors
from grids.models import IssueReport
from tests.factories import GridFactory

from .factories import IssueReportFactory, SortingCheckFactory, VisitLogFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


# --- Staff --------------------------------------------------------------------------------


def test_staff_assign_and_resolve_and_the_reporter_sees_the_status(
    staff_client, client, staff_user, grid_worker, building
):
    report = IssueReportFactory(building=building, author=grid_worker)
    staff_client.post(
        reverse("grids:issue_assign", args=[report.pk]), {"assignee": staff_user.pk}
    )
    report.refresh_from_db()
    assert report.status == IssueReport.Status.ASSIGNED
    response = staff_client.post(
        reverse("grids:issue_resolve", args=[report.pk]), {"resolution": ""}
    )
    assert response.status_code == 200
    assert response.context["resolve_form"].errors
    staff_client.post(
        reverse("grids:issue_resolve", args=[report.pk]),
        {"resolution": "物业已清理楼道。"},
    )
    report.refresh_from_db()
    assert report.status == IssueReport.Status.RESOLVED

    client.force_login(grid_worker)
    content = client.get(report.get_absolute_url()).content.decode()
    assert "物业已清理楼道。" in content
    assert "status-resolved" in content


def test_the_overview_marks_overdue_issues(staff_client, grid_worker, building):
    fresh = IssueReportFactory(building=building, author=grid_worker, urgency="normal")
    late = IssueReportFactory(building=building, author=grid_worker, urgency="urgent")
    IssueReport.objects.filter(pk=late.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )

    response = staff_client.get(reverse("grids:staff_overview"))
    overview = response.context["overview"]
    overdue = {report.pk: report.is_overdue for report in overview.issues}
    assert overdue == {fresh.pk: False, late.pk: True}
    assert overview.issues.paginator.count == 2
    grid_one = overview.backlog[0]
    assert (grid_one.open, grid_one.overdue) == (2, 1)
    assert "badge-overdue" in response.content.decode()

    GridFactory(number=2)
    only_two = staff_client.get(reverse("grids:staff_overview") + "?grid=2")
    assert not only_two.context["overview"].issues
    assert (
        staff_client.get(reverse("grids:staff_overview") + "?grid=x").status_code == 200
    )


def test_csv_export_of_visit_logs_for_a_date_range(staff_client, grid_worker, building):
    today = timezone.localdate()
    VisitLogFactory(building=building, author=grid_worker, notes="=HYPERLINK(1)")
    VisitLogFactory(
        building=building,
        author=grid_worker,
        visited_on=today - datetime.timedelta(days=40),
        notes="上个月",
    )
    start = (today - datetime.timedelta(days=7)).isoformat()
    response = staff_client.get(
        reverse("grids:export_visits"), {"start": start, "end": today.isoformat()}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert (
        f'filename="visit-logs_{start}_{today.isoformat()}.csv"'
        in (response["Content-Disposition"])
    )
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(rows) == 2
    assert rows[1][6] == "'=HYPERLINK(1)"  # a formula is defused
    assert len(set(rows[0])) == len(rows[0])  # no two columns named alike
    assert "上个月" not in body.decode()


def test_csv_export_of_sorting_checks(staff_client, grid_worker, building):
    SortingCheckFactory(building=building, author=grid_worker)
    today = timezone.localdate().isoformat()
    response = staff_client.get(
        reverse("grids:export_checks"), {"start": today, "end": today}
    )
    rows = list(
        csv.reader(
            io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))
        )
    )
    assert rows[1][4:7] == ["20", "15", "18"]
    assert len(set(rows[0])) == len(rows[0])


@pytest.mark.parametrize(
    "params",
    [{}, {"start": "x", "end": "y"}, {"start": "2026-03-01", "end": "2026-01-01"}],
)
def test_a_bad_export_range_is_refused_not_a_500(staff_client, params):
    response = staff_client.get(reverse("grids:export_checks"), params)
    assert response.status_code in (200, 400)
    assert response["Content-Type"].startswith("text/html")


def test_the_overview_pages_its_issues_with_their_total(
    staff_client, grid_worker, building
):
    per_page = selectors.STAFF_ISSUES_PER_PAGE
    for _ in range(per_page + 2):
        IssueReportFactory(building=building, author=grid_worker)
    IssueReportFactory(
        building=building, author=grid_worker, status=IssueReport.Status.RESOLVED
    )
    first = staff_client.get(reverse("grids:staff_overview"))
    issues = first.context["overview"].issues
    assert len(issues) == per_page
    assert issues.paginator.count == per_page + 2
    assert f"{per_page + 2}" in first.content.decode()
    second = staff_client.get(reverse("grids:staff_overview"), {"page": "2"})
    assert len(second.context["overview"].issues) == 2


def test_the_overview_query_count_does_not_grow(
    staff_client, grid_worker, building, assert_same_queries
):
    def build(count):
        for index in range(count):
            report = IssueReportFactory(
                building=building, author=grid_worker, assignee=grid_worker
            )
            IssueReport.objects.filter(pk=report.pk).update(
                created_at=timezone.now() - datetime.timedelta(days=index)
            )

    build(3)
    assert_same_queries(
        staff_client, reverse("grids:staff_overview"), lambda: build(30)
    )
