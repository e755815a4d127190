"""Grid work's rules that hold whoever asks: the issue reports' status pipeline, the
admin's read-only status, refusals by kind (another grid's entry: 404), and photo files
going with their rows."""

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from community_portal.errors import Refusal, ServiceError
from community_portal.status import BAD_TRANSITION
from grids import services
from grids.errors import Code
from grids.models import (
    IssueCategory,
    IssuePhoto,
    IssueReport,
    SortingCheck,
    VisitLog,
    VisitLogPhoto,
    VisitTopic,
)
from tests.admin.site import post_change
from tests.factories import jpeg_upload as jpeg

from .factories import IssueReportFactory, SortingCheckFactory, VisitLogFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

SHANGHAI = ZoneInfo("Asia/Shanghai")


# --- The status pipeline ----------------------------------------------------------------


def test_the_pipeline_lists_exactly_the_moves_the_services_make():
    S = IssueReport.Status
    assert IssueReport.PIPELINE.transitions == {
        S.OPEN: {S.ASSIGNED, S.RESOLVED},
        S.ASSIGNED: {S.ASSIGNED, S.RESOLVED},
        S.RESOLVED: set(),
    }


def test_a_resolved_issue_cannot_be_assigned_or_resolved_again(
    staff_user, grid_worker, building
):
    report = IssueReportFactory(building=building, author=grid_worker)
    services.issue_report_assign(
        report_id=report.pk, assignee=staff_user, by_user=staff_user
    )
    # Handing it on to someone else is a move the pipeline allows.
    services.issue_report_assign(
        report_id=report.pk, assignee=grid_worker, by_user=staff_user
    )
    services.issue_report_resolve(
        report_id=report.pk, by_user=staff_user, resolution="好了"
    )
    for move in (
        lambda: services.issue_report_assign(
            report_id=report.pk, assignee=staff_user, by_user=staff_user
        ),
        lambda: services.issue_report_resolve(
            report_id=report.pk, by_user=staff_user, resolution="又好了"
        ),
    ):
        with pytest.raises(ServiceError) as error:
            move()
        assert error.value.code == BAD_TRANSITION
    report.refresh_from_db()
    assert report.status == IssueReport.Status.RESOLVED
    assert report.assignee == grid_worker
    assert report.resolution == "好了"


def test_only_staff_assign_and_it_is_not_allowed_not_invalid(
    grid_worker, building, staff_user
):
    report = IssueReportFactory(building=building, author=grid_worker)
    with pytest.raises(ServiceError) as error:
        services.issue_report_assign(
            report_id=report.pk, assignee=grid_worker, by_user=grid_worker
        )
    assert error.value.code == Code.STAFF_NOT_ALLOWED
    assert error.value.kind == Refusal.NOT_ALLOWED


def test_another_grids_entry_is_not_found_for_the_service_too(
    grid_worker_2, grid_worker, building
):
    log = VisitLogFactory(building=building, author=grid_worker)
    refusal = services.entry_edit_refusal(user=grid_worker_2, entry=log)
    assert refusal.code == Code.ENTRY_NOT_FOUND
    assert refusal.kind == Refusal.NOT_FOUND


# --- Services take the entry's id, lock it and check the row as it is now ----------------


def _update_args(name, building, worker=None):
    if name == "visit_log_update":
        return {
            "building": building,
            "visited_on": timezone.localdate(),
            "topic": VisitTopic.objects.get_or_create(name="养老关爱")[0],
            "notes": "走访",
        }
    if name == "issue_report_update":
        return {
            "building": building,
            "category": IssueCategory.objects.get_or_create(name="安全隐患")[0],
            "urgency": "normal",
            "description": "楼道堆物",
        }
    if name == "issue_report_assign":
        return {"assignee": worker}
    if name == "issue_report_resolve":
        return {"resolution": "好了"}
    return {
        "building": building,
        "checked_on": timezone.localdate(),
        "households_checked": 10,
        "households_correct": 5,
        "households_aware": 5,
    }


@pytest.mark.parametrize(
    "name, factory, id_arg, code",
    [
        ("visit_log_update", VisitLogFactory, "log_id", Code.VISIT_LOG_NOT_FOUND),
        (
            "issue_report_update",
            IssueReportFactory,
            "report_id",
            Code.ISSUE_REPORT_NOT_FOUND,
        ),
        (
            "issue_report_assign",
            IssueReportFactory,
            "report_id",
            Code.ISSUE_REPORT_NOT_FOUND,
        ),
        (
            "issue_report_resolve",
            IssueReportFactory,
            "report_id",
            Code.ISSUE_REPORT_NOT_FOUND,
        ),
        (
            "sorting_check_update",
            SortingCheckFactory,
            "check_id",
            Code.SORTING_CHECK_NOT_FOUND,
        ),
    ],
)
def test_an_entry_that_no_longer_exists_is_not_found(
    name, factory, id_arg, code, staff_user, grid_worker, building
):
    entry = factory(building=building, author=grid_worker)
    gone = entry.pk
    entry.delete()
    args = _update_args(name, building, grid_worker)
    with pytest.raises(ServiceError) as error:
        getattr(services, name)(**{id_arg: gone}, by_user=staff_user, **args)
    assert error.value.code == code
    assert error.value.kind == Refusal.NOT_FOUND
    assert not factory._meta.model.objects.exists()


@time_machine.travel(datetime(2026, 5, 12, 10, 0, tzinfo=SHANGHAI), tick=False)
def test_the_own_grid_and_24_hour_rules_are_checked_on_the_locked_row(
    grid_worker, building, other_building
):
    log = VisitLogFactory(building=building, author=grid_worker)
    args = _update_args("visit_log_update", building)
    # Staff moved it to another grid after the worker opened the edit page.
    VisitLog.objects.filter(pk=log.pk).update(
        grid=other_building.grid, building=other_building
    )
    assert services.entry_edit_refusal(user=grid_worker, entry=log) is None  # stale
    with pytest.raises(ServiceError) as error:
        services.visit_log_update(log_id=log.pk, by_user=grid_worker, **args)
    assert error.value.code == Code.ENTRY_NOT_FOUND
    assert error.value.kind == Refusal.NOT_FOUND

    check = SortingCheckFactory(building=building, author=grid_worker)
    SortingCheck.objects.filter(pk=check.pk).update(
        written_at=timezone.now() - timedelta(hours=24, minutes=1)
    )
    assert services.entry_edit_refusal(user=grid_worker, entry=check) is None  # stale
    with pytest.raises(ServiceError) as error:
        services.sorting_check_update(
            check_id=check.pk,
            by_user=grid_worker,
            **_update_args("sorting_check_update", building),
        )
    assert error.value.code == Code.EDIT_WINDOW_OVER
    log.refresh_from_db()
    check.refresh_from_db()
    assert (log.notes, check.households_checked) == (
        "走访独居老人，身体状况良好。",
        20,
    )


# --- The admin: status read-only, changed by the action through the service -------------


def test_an_admin_save_cannot_change_the_status(admin_client, grid_worker, building):
    report = IssueReportFactory(building=building, author=grid_worker)
    response = post_change(
        admin_client, report, {"description": "改过的描述", "status": "resolved"}
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    report.refresh_from_db()
    assert report.description == "改过的描述"
    assert report.status == IssueReport.Status.OPEN
    assert report.resolved_at is None


def test_the_admin_action_assigns_through_the_service(
    admin_client, admin_user, grid_worker, building
):
    report = IssueReportFactory(building=building, author=grid_worker)
    admin_client.post(
        reverse("admin:grids_issuereport_changelist"),
        {"action": "assign_to_me", "_selected_action": [report.pk]},
    )
    report.refresh_from_db()
    assert report.status == IssueReport.Status.ASSIGNED
    assert report.assignee == admin_user
    assert report.assigned_at is not None


# --- Photos: the shared base, their files go with their rows ------------------------------


def test_photos_keep_their_order_across_updates(grid_worker, building):
    report, _ = services.issue_report_create(
        author=grid_worker,
        building=building,
        category=IssueCategory.objects.first(),
        urgency="normal",
        description="楼道堆物",
        photos=[jpeg("a.jpg"), jpeg("b.jpg")],
        submission_key=uuid.uuid4(),
    )
    services.issue_report_update(
        report_id=report.pk,
        by_user=grid_worker,
        building=building,
        category=report.category,
        urgency="normal",
        description="楼道堆物",
        photos=[jpeg("c.jpg")],
    )
    assert list(report.photos.values_list("position", flat=True)) == [0, 1, 2]
    with pytest.raises(ServiceError) as error:
        services.issue_report_update(
            report_id=report.pk,
            by_user=grid_worker,
            building=building,
            category=report.category,
            urgency="normal",
            description="楼道堆物",
            photos=[jpeg() for _ in range(4)],
        )
    assert error.value.field == "photos"
    assert report.photos.count() == 3


def test_photo_files_go_with_their_row_and_with_their_entry(
    grid_worker, building, django_capture_on_commit_callbacks
):
    log, _ = services.visit_log_create(
        author=grid_worker,
        building=building,
        visited_on=timezone.localdate(),
        topic=VisitTopic.objects.first(),
        notes="走访",
        photos=[jpeg("a.jpg"), jpeg("b.jpg")],
        submission_key=uuid.uuid4(),
    )
    first, second = log.photos.all()
    storage = first.image.storage
    assert first.image.name.startswith("grids/visits/")
    assert storage.exists(first.image.name)
    with django_capture_on_commit_callbacks(execute=True):
        first.delete()
    assert not storage.exists(first.image.name)
    assert storage.exists(second.image.name)

    report = IssueReportFactory(building=building, author=grid_worker)
    photo = IssuePhoto.objects.create(report=report, image=jpeg("c.jpg"))
    assert photo.image.name.startswith("grids/issues/")
    assert storage.exists(photo.image.name)
    with django_capture_on_commit_callbacks(execute=True):
        report.delete()
    assert not storage.exists(photo.image.name)
    assert not IssuePhoto.objects.exists()
    assert VisitLogPhoto.objects.count() == 1
