"""Grid work writes: every rule of grids.services, tested against the database."""

import datetime
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from community_portal.errors import ServiceError
from grids import services
from grids.models import (
    IssueCategory,
    IssuePhoto,
    IssueReport,
    SortingCheck,
    VisitLog,
    VisitLogPhoto,
    VisitTopic,
)
from tests.factories import BuildingFactory, GridFactory, UserFactory, jpeg_upload

from .factories import SortingCheckFactory, VisitLogFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


@pytest.fixture
def building(grid_worker):
    return BuildingFactory(number=3, grid=GridFactory(number=1))


@pytest.fixture
def other_building(db):
    return BuildingFactory(number=8, grid=GridFactory(number=2))


def visit(**overrides):
    data = {
        "visited_on": timezone.localdate(),
        "topic": VisitTopic.objects.get(name="养老关爱"),
        "notes": "走访独居老人。",
        "unit": "2-301",
        "submission_key": uuid.uuid4(),
    }
    data.update(overrides)
    return services.visit_log_create(**data)


def check(**overrides):
    data = {
        "checked_on": timezone.localdate(),
        "households_checked": 20,
        "households_correct": 15,
        "households_aware": 18,
        "submission_key": uuid.uuid4(),
    }
    data.update(overrides)
    return services.sorting_check_create(**data)


def test_default_topics_and_categories_are_seeded():
    assert list(VisitTopic.objects.values_list("name", flat=True)) == [
        "养老关爱",
        "家庭矛盾",
        "安全",
        "环境",
        "意见建议",
        "其他",
    ]
    assert list(IssueCategory.objects.values_list("name", flat=True)) == [
        "安全隐患",
        "环境卫生",
        "矛盾纠纷",
        "垃圾分类",
        "设施损坏",
        "其他",
    ]


def test_a_visit_log_is_saved_in_the_buildings_grid_with_photos(grid_worker, building):
    log, created = visit(
        author=grid_worker, building=building, photos=[jpeg_upload(), jpeg_upload()]
    )
    assert created
    assert log.grid.number == 1
    assert log.photos.count() == 2
    assert [photo.position for photo in log.photos.all()] == [0, 1]


def test_the_same_submission_key_saves_once(grid_worker, building):
    key = uuid.uuid4()
    first, created = visit(author=grid_worker, building=building, submission_key=key)
    again, created_again = visit(
        author=grid_worker, building=building, submission_key=key, notes="又一次"
    )
    assert created and not created_again
    assert again == first
    assert VisitLog.objects.count() == 1

    report, _ = services.issue_report_create(
        author=grid_worker,
        building=building,
        category=IssueCategory.objects.first(),
        urgency="normal",
        description="楼道堆物",
        submission_key=key,
    )
    assert IssueReport.objects.count() == 1
    again, created = services.issue_report_create(
        author=grid_worker,
        building=building,
        category=IssueCategory.objects.first(),
        urgency="normal",
        description="楼道堆物",
        submission_key=key,
    )
    assert again == report and not created

    first_check, _ = check(author=grid_worker, building=building, submission_key=key)
    second_check, created = check(
        author=grid_worker, building=building, submission_key=key
    )
    assert second_check == first_check and not created
    assert SortingCheck.objects.count() == 1


def test_someone_elses_submission_key_is_refused(grid_worker, building, grid_worker_2):
    key = uuid.uuid4()
    visit(author=grid_worker, building=building, submission_key=key)
    with pytest.raises(ServiceError):
        visit(
            author=grid_worker_2,
            building=BuildingFactory(number=9, grid=GridFactory(number=2)),
            submission_key=key,
        )
    assert VisitLog.objects.count() == 1


def test_a_building_outside_the_workers_grids_is_refused(grid_worker, other_building):
    with pytest.raises(ServiceError) as error:
        visit(author=grid_worker, building=other_building)
    assert error.value.field == "building"
    with pytest.raises(ServiceError):
        check(author=grid_worker, building=other_building)
    with pytest.raises(ServiceError):
        services.issue_report_create(
            author=grid_worker,
            building=other_building,
            category=IssueCategory.objects.first(),
            urgency="urgent",
            description="x",
            submission_key=uuid.uuid4(),
        )
    assert not VisitLog.objects.exists()
    assert not SortingCheck.objects.exists()
    assert not IssueReport.objects.exists()


def test_staff_record_in_any_grid(staff_user, other_building):
    log, _ = visit(author=staff_user, building=other_building)
    assert log.grid.number == 2


def test_residents_cannot_record(resident, other_building):
    with pytest.raises(ServiceError):
        visit(author=resident, building=other_building)
    assert not VisitLog.objects.exists()


def test_a_date_in_the_future_is_refused(grid_worker, building):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ServiceError) as error:
        visit(author=grid_worker, building=building, visited_on=tomorrow)
    assert error.value.field == "visited_on"
    with pytest.raises(ServiceError) as error:
        check(author=grid_worker, building=building, checked_on=tomorrow)
    assert error.value.field == "checked_on"
    assert not VisitLog.objects.exists()
    assert not SortingCheck.objects.exists()


@pytest.mark.parametrize(
    ("counts", "field"),
    [
        ({"households_checked": 10, "households_correct": 11}, "households_correct"),
        ({"households_checked": 10, "households_aware": 12}, "households_aware"),
        (
            {
                "households_checked": 0,
                "households_correct": 0,
                "households_aware": 0,
            },
            "households_checked",
        ),
    ],
)
def test_sorting_counts_must_add_up(grid_worker, building, counts, field):
    data = {"households_correct": 5, "households_aware": 5, **counts}
    with pytest.raises(ServiceError) as error:
        check(author=grid_worker, building=building, **data)
    assert error.value.field == field
    assert not SortingCheck.objects.exists()


def test_the_database_refuses_counts_that_do_not_add_up_too(grid_worker, building):
    with pytest.raises(IntegrityError), transaction.atomic():
        SortingCheckFactory(
            building=building,
            author=grid_worker,
            households_checked=5,
            households_correct=6,
        )


def test_bad_photos_are_refused_and_nothing_is_saved(grid_worker, building):
    fake = SimpleUploadedFile("not-a-photo.jpg", b"plain text", "image/jpeg")
    with pytest.raises(ServiceError) as error:
        visit(author=grid_worker, building=building, photos=[jpeg_upload(), fake])
    assert error.value.field == "photos"
    assert "not-a-photo.jpg" in error.value.message
    with pytest.raises(ServiceError):
        visit(
            author=grid_worker,
            building=building,
            photos=[jpeg_upload() for _ in range(7)],
        )
    assert not VisitLog.objects.exists()
    assert not VisitLogPhoto.objects.exists()


def test_a_worker_edits_their_own_entry_within_24_hours(grid_worker, building):
    log, _ = visit(author=grid_worker, building=building, photos=[jpeg_upload()])
    services.visit_log_update(
        log_id=log.pk,
        by_user=grid_worker,
        building=building,
        visited_on=log.visited_on,
        topic=log.topic,
        notes="更正后的记录",
        unit="2-302",
        photos=[jpeg_upload()],
    )
    log.refresh_from_db()
    assert log.notes == "更正后的记录"
    assert log.photos.count() == 2

    VisitLog.objects.filter(pk=log.pk).update(
        written_at=timezone.now() - datetime.timedelta(hours=25)
    )
    log.refresh_from_db()
    assert not services.can_edit_entry(user=grid_worker, entry=log)
    with pytest.raises(ServiceError):
        services.visit_log_update(
            log_id=log.pk,
            by_user=grid_worker,
            building=building,
            visited_on=log.visited_on,
            topic=log.topic,
            notes="太晚了",
        )
    log.refresh_from_db()
    assert log.notes == "更正后的记录"


def test_staff_edit_any_entry_any_time(staff_user, grid_worker, building):
    log = VisitLogFactory(building=building, author=grid_worker)
    VisitLog.objects.filter(pk=log.pk).update(
        written_at=timezone.now() - datetime.timedelta(days=30)
    )
    log.refresh_from_db()
    assert services.can_edit_entry(user=staff_user, entry=log)


def test_another_workers_entry_cannot_be_edited(grid_worker, building):
    colleague = UserFactory(username="colleague")
    building.grid.workers.add(colleague)
    log = VisitLogFactory(building=building, author=grid_worker)
    assert services.entry_edit_refusal(user=colleague, entry=log)
    with pytest.raises(ServiceError):
        services.visit_log_update(
            log_id=log.pk,
            by_user=colleague,
            building=building,
            visited_on=log.visited_on,
            topic=log.topic,
            notes="别人改的",
        )
    log.refresh_from_db()
    assert log.notes != "别人改的"


def test_another_grids_entry_cannot_be_edited(
    grid_worker, grid_worker_2, other_building
):
    check_ = SortingCheckFactory(building=other_building, author=grid_worker_2)
    with pytest.raises(ServiceError):
        services.sorting_check_update(
            check_id=check_.pk,
            by_user=grid_worker,
            building=other_building,
            checked_on=check_.checked_on,
            households_checked=10,
            households_correct=1,
            households_aware=1,
        )
    check_.refresh_from_db()
    assert check_.households_checked == 20


def test_staff_assign_and_resolve_an_issue_and_the_reporter_sees_it(
    grid_worker, staff_user, building
):
    report, _ = services.issue_report_create(
        author=grid_worker,
        building=building,
        category=IssueCategory.objects.first(),
        urgency="urgent",
        description="电线裸露",
        photos=[jpeg_upload()],
        submission_key=uuid.uuid4(),
    )
    assert report.status == IssueReport.Status.OPEN
    assert IssuePhoto.objects.count() == 1

    with pytest.raises(ServiceError):
        services.issue_report_assign(
            report_id=report.pk, assignee=grid_worker, by_user=grid_worker
        )
    services.issue_report_assign(
        report_id=report.pk, assignee=staff_user, by_user=staff_user
    )
    report.refresh_from_db()
    assert report.status == IssueReport.Status.ASSIGNED
    assert report.assignee == staff_user

    with pytest.raises(ServiceError) as error:
        services.issue_report_resolve(
            report_id=report.pk, by_user=staff_user, resolution=" "
        )
    assert error.value.field == "resolution"
    services.issue_report_resolve(
        report_id=report.pk, by_user=staff_user, resolution="已联系物业修复。"
    )
    report.refresh_from_db()
    assert report.status == IssueReport.Status.RESOLVED
    assert report.resolved_at is not None
    # Resolved: the reporter can no longer change it.
    assert not services.can_edit_entry(user=grid_worker, entry=report)
    with pytest.raises(ServiceError):
        services.issue_report_resolve(
            report_id=report.pk, by_user=staff_user, resolution="x"
        )


def test_an_entry_from_the_outbox_keeps_when_it_was_written(grid_worker, building):
    """Written offline 20 hours ago, arrived now: 4 hours of editing are left."""
    written = timezone.now() - datetime.timedelta(hours=20)
    log, created = visit(author=grid_worker, building=building, written_at=written)
    assert created
    assert log.written_at == written
    assert log.created_at > written
    assert services.can_edit_entry(user=grid_worker, entry=log)
    later = timezone.now() + datetime.timedelta(hours=5)
    refusal = services.entry_edit_refusal(user=grid_worker, entry=log, now=later)
    assert refusal is not None
    assert refusal.code == "edit_window_over"


def test_a_written_time_in_the_future_counts_as_now(grid_worker, building):
    log, _ = visit(
        author=grid_worker,
        building=building,
        written_at=timezone.now() + datetime.timedelta(days=3),
    )
    assert log.written_at <= timezone.now()


def test_an_entry_saved_online_was_written_when_it_arrived(grid_worker, building):
    log, _ = visit(author=grid_worker, building=building)
    assert abs(log.written_at - log.created_at) < datetime.timedelta(seconds=5)
