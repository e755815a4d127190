"""The grid worker's phone pages (the staff's pages: test_staff_views.py)."""

import datetime
import gzip
import io
import re
import uuid

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override as translation_en
from PIL import Image

from grids.models import IssueCategory, IssueReport, SortingCheck, VisitLog, VisitTopic
from tests.factories import BuildingFactory, UserFactory
from tests.factories import jpeg_upload as jpeg
from tests.test_images import GPS_IFD, jpeg_with_gps_and_orientation

from .factories import IssueReportFactory, SortingCheckFactory, VisitLogFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def visit_data(building, /, **overrides):
    data = {
        "submission_key": str(uuid.uuid4()),
        "building": building.pk,
        "visited_on": timezone.localdate().isoformat(),
        "unit": "2-301",
        "topic": VisitTopic.objects.get(name="养老关爱").pk,
        "notes": "走访独居老人李阿姨，身体状况良好。",
    }
    data.update(overrides)
    return data


def check_data(building, /, **overrides):
    data = {
        "submission_key": str(uuid.uuid4()),
        "building": building.pk,
        "checked_on": timezone.localdate().isoformat(),
        "households_checked": "20",
        "households_correct": "15",
        "households_aware": "18",
        "notes": "",
    }
    data.update(overrides)
    return data


# --- Who gets in ------------------------------------------------------------------------


def test_work_pages_need_a_grid_worker_or_staff(client, resident):
    url = reverse("grids:work_home")
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("login") in response.url
    client.force_login(resident)
    assert client.get(url).status_code == 403
    assert client.get(reverse("grids:visit_create")).status_code == 403
    assert client.get(reverse("grids:staff_overview")).status_code == 403


def test_a_grid_worker_is_not_staff(worker_client):
    assert worker_client.get(reverse("grids:staff_overview")).status_code == 403
    url = reverse("grids:export_visits") + "?start=2026-01-01&end=2026-01-31"
    assert worker_client.get(url).status_code == 403


def test_home_shows_the_grids_todays_entries_and_three_actions(
    worker_client, grid_worker, building
):
    VisitLogFactory(building=building, author=grid_worker, notes="今天的走访")
    IssueReportFactory(building=building, author=grid_worker)
    SortingCheckFactory(building=building, author=grid_worker)
    response = worker_client.get(reverse("grids:work_home"))
    content = response.content.decode()
    assert response.status_code == 200
    for name in ("visit_create", "issue_create", "check_create"):
        assert reverse(f"grids:{name}") in content
    assert "2-301" in content
    assert "安全隐患" in content
    assert len(response.context["home"].visit_logs) == 1


def test_home_query_count_does_not_grow(
    worker_client, grid_worker, building, assert_same_queries
):
    def build(count):
        for _ in range(count):
            log = VisitLogFactory(building=building, author=grid_worker)
            log.photos.create(image=jpeg())
            IssueReportFactory(building=building, author=grid_worker)
            SortingCheckFactory(building=building, author=grid_worker)
            old = IssueReportFactory(building=building, author=grid_worker)
            IssueReport.objects.filter(pk=old.pk).update(
                created_at=timezone.now() - datetime.timedelta(days=3)
            )
            BuildingFactory(grid=building.grid)

    build(2)
    assert_same_queries(worker_client, reverse("grids:work_home"), lambda: build(20))


def test_home_pages_the_earlier_reports(worker_client, grid_worker, building):
    for _ in range(12):
        old = IssueReportFactory(building=building, author=grid_worker)
        IssueReport.objects.filter(pk=old.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=3)
        )
    home = worker_client.get(reverse("grids:work_home")).context["home"]
    assert len(home.my_open_reports) == 10
    assert home.my_open_reports.paginator.count == 12
    second = worker_client.get(reverse("grids:work_home"), {"page": "2"})
    assert len(second.context["home"].my_open_reports) == 2


# --- Recording ----------------------------------------------------------------------------


def test_a_visit_log_is_saved_and_shown(worker_client, grid_worker, building):
    response = worker_client.post(
        reverse("grids:visit_create"),
        visit_data(building, photos=[jpeg("a.jpg"), jpeg("b.jpg")]),
    )
    log = VisitLog.objects.get()
    assert response.status_code == 302
    assert response.url == log.get_absolute_url()
    assert log.author == grid_worker
    assert log.photos.count() == 2
    page = worker_client.get(response.url)
    assert "走访独居老人李阿姨" in page.content.decode()


def test_the_upload_script_is_told_where_to_go(worker_client, building):
    response = worker_client.post(
        reverse("grids:visit_create"),
        visit_data(building),
        headers={"X-Requested-With": "XMLHttpRequest"},
    )
    assert response.status_code == 204
    assert response["X-Location"] == VisitLog.objects.get().get_absolute_url()


def test_a_double_tapped_submit_saves_once(worker_client, building):
    data = visit_data(building)
    first = worker_client.post(reverse("grids:visit_create"), data)
    second = worker_client.post(reverse("grids:visit_create"), data)
    assert VisitLog.objects.count() == 1
    assert first.url == second.url == VisitLog.objects.get().get_absolute_url()

    data = check_data(building)
    worker_client.post(reverse("grids:check_create"), data)
    worker_client.post(reverse("grids:check_create"), data)
    assert SortingCheck.objects.count() == 1


def test_the_form_carries_a_fresh_submission_key(worker_client, building):
    keys = set()
    for _ in range(2):
        content = worker_client.get(reverse("grids:visit_create")).content.decode()
        keys.add(re.search(r'name="submission_key" value="([0-9a-f-]+)"', content)[1])
    assert len(keys) == 2


def test_a_photo_with_gps_is_stored_without_it(worker_client, building):
    photo = SimpleUploadedFile(
        "IMG_0001.jpg", jpeg_with_gps_and_orientation(), "image/jpeg"
    )
    assert Image.open(io.BytesIO(photo.read())).getexif().get_ifd(GPS_IFD)
    photo.seek(0)
    response = worker_client.post(
        reverse("grids:visit_create"), visit_data(building, photos=[photo])
    )
    assert response.status_code == 302
    stored = VisitLog.objects.get().photos.get().image
    with Image.open(stored.path) as image:
        exif = image.getexif()
        assert not exif.get_ifd(GPS_IFD)
        assert not dict(exif)
        assert max(image.size) <= settings.IMAGE_MAX_SIDE
        assert image.size[1] > image.size[0]  # turned upright from Orientation 6


def thirty_mb_jpeg() -> SimpleUploadedFile:
    data = jpeg().read()
    return SimpleUploadedFile(
        "huge.jpg", data + b"\0" * (30 * 1024 * 1024 - len(data)), "image/jpeg"
    )


@pytest.mark.parametrize(
    ("kind", "overrides", "field", "message"),
    [
        (
            "visit",
            {"visited_on": "FUTURE"},
            "visited_on",
            "The date cannot be in the future.",
        ),
        (
            "visit",
            {"building": "OTHER"},
            "building",
            "Choose a building in your own grids.",
        ),
        ("visit", {"photos": "HUGE"}, "photos", "The image is too large"),
        ("visit", {"photos": "TEXT"}, "photos", "not a recognisable image"),
        ("visit", {"photos": "SEVEN"}, "photos", "At most 6 photos"),
        (
            "check",
            {"households_correct": "21"},
            "households_correct",
            "Households sorting correctly cannot be more than households checked.",
        ),
        (
            "check",
            {"households_aware": "25"},
            "households_aware",
            "Households aware of the rules cannot be more than households checked.",
        ),
        (
            "check",
            {"checked_on": "FUTURE"},
            "checked_on",
            "The date cannot be in the future.",
        ),
        ("check", {"households_checked": "abc"}, "households_checked", ""),
        ("check", {"building": "not-a-number"}, "building", ""),
    ],
)
def test_bad_input_is_refused_on_its_field_keeping_the_input(
    worker_client, building, other_building, kind, overrides, field, message
):
    replace = {
        "FUTURE": (timezone.localdate() + datetime.timedelta(days=1)).isoformat(),
        "OTHER": other_building.pk,
        "HUGE": [thirty_mb_jpeg()],
        "TEXT": [SimpleUploadedFile("note.jpg", b"just some text", "image/jpeg")],
        "SEVEN": [jpeg(f"p{i}.jpg") for i in range(7)],
    }
    overrides = {key: replace.get(value, value) for key, value in overrides.items()}
    make = visit_data if kind == "visit" else check_data
    data = make(building, notes="<script>alert(1)</script>楼道记录", **overrides)
    with translation_en("en"):  # the /en/ page: messages compare with their msgids
        url = reverse("grids:visit_create" if kind == "visit" else "grids:check_create")
    response = worker_client.post(url, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    if message:
        assert any(message in error for error in form.errors[field]), form.errors
    content = response.content.decode()
    # Everything typed comes back, escaped.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;楼道记录" in content
    assert "<script>alert(1)</script>" not in content
    if "photos" in overrides:
        # The chosen photos are named so that they can be chosen again.
        assert overrides["photos"][0].name in content
    assert not VisitLog.objects.exists()
    assert not SortingCheck.objects.exists()


def test_an_issue_report_is_saved_with_its_photos(worker_client, building):
    response = worker_client.post(
        reverse("grids:issue_create"),
        {
            "submission_key": str(uuid.uuid4()),
            "building": building.pk,
            "category": IssueCategory.objects.get(name="设施损坏").pk,
            "urgency": "urgent",
            "description": "3幢电梯按钮失灵。",
            "photos": [jpeg()],
        },
    )
    report = IssueReport.objects.get()
    assert response.status_code == 302
    assert report.photos.count() == 1
    assert report.status == IssueReport.Status.OPEN


# --- Seeing and editing -------------------------------------------------------------------


def test_another_grids_entries_answer_404(worker_client, grid_worker_2, other_building):
    log = VisitLogFactory(building=other_building, author=grid_worker_2)
    report = IssueReportFactory(building=other_building, author=grid_worker_2)
    check = SortingCheckFactory(building=other_building, author=grid_worker_2)
    for entry, kind in ((log, "visit"), (report, "issue"), (check, "check")):
        assert worker_client.get(entry.get_absolute_url()).status_code == 404
        edit = reverse(f"grids:{kind}_edit", args=[entry.pk])
        assert worker_client.get(edit).status_code == 404
        assert worker_client.post(edit, {}).status_code == 404


def test_staff_see_every_grids_entries(staff_client, grid_worker_2, other_building):
    log = VisitLogFactory(building=other_building, author=grid_worker_2)
    assert staff_client.get(log.get_absolute_url()).status_code == 200


def test_a_worker_edits_their_entry_within_24_hours(
    worker_client, grid_worker, building
):
    log = VisitLogFactory(building=building, author=grid_worker)
    url = reverse("grids:visit_edit", args=[log.pk])
    page = worker_client.get(url)
    assert page.status_code == 200
    assert "2-301" in page.content.decode()
    response = worker_client.post(url, visit_data(building, notes="补充：已联系家属。"))
    assert response.status_code == 302
    log.refresh_from_db()
    assert log.notes == "补充：已联系家属。"

    VisitLog.objects.filter(pk=log.pk).update(
        written_at=timezone.now() - datetime.timedelta(hours=25)
    )
    response = worker_client.post(
        url, visit_data(building, notes="太晚了"), follow=True
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == log.get_absolute_url()
    log.refresh_from_db()
    assert log.notes == "补充：已联系家属。"
    assert response.context["messages"]


def test_a_colleagues_entry_in_the_same_grid_is_seen_but_not_edited(
    worker_client, building
):
    colleague = UserFactory(username="colleague")
    building.grid.workers.add(colleague)
    log = VisitLogFactory(building=building, author=colleague, notes="同事的记录")
    assert worker_client.get(log.get_absolute_url()).status_code == 200
    response = worker_client.post(
        reverse("grids:visit_edit", args=[log.pk]),
        visit_data(building, notes="改别人的"),
    )
    assert response.status_code == 302
    log.refresh_from_db()
    assert log.notes == "同事的记录"


def test_notes_are_escaped_on_the_entry_page(worker_client, grid_worker, building):
    log = VisitLogFactory(
        building=building, author=grid_worker, notes="<script>alert('x')</script>"
    )
    content = worker_client.get(log.get_absolute_url()).content.decode()
    assert "<script>alert('x')</script>" not in content
    assert "&lt;script&gt;" in content


# --- Weak signal: page weight ---------------------------------------------------------------


def test_the_visit_log_form_weighs_under_100_kb_gzipped(worker_client, building):
    response = worker_client.get(reverse("grids:visit_create"))
    html = response.content
    total = len(gzip.compress(html))
    assets = re.findall(rb'(?:href|src)="/static/([^"]+\.(?:css|js))"', html)
    assert any(name.endswith(b"upload-form.js") for name in assets)
    for name in assets:
        path = finders.find(name.decode())
        assert path, name
        with open(path, "rb") as file:
            total += len(gzip.compress(file.read()))
    assert total < 100 * 1024, total


def test_the_outbox_sends_when_the_visit_was_written(worker_client, building):
    """static/js/outbox.js posts an ISO time with a Z, as the browser writes it."""
    written = timezone.now() - datetime.timedelta(hours=3)
    stamp = written.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    data = visit_data(building, written_at=stamp)
    response = worker_client.post(reverse("grids:visit_create"), data)
    assert response.status_code == 302
    log = VisitLog.objects.get(submission_key=data["submission_key"])
    assert abs(log.written_at - written) < datetime.timedelta(seconds=1)
    # Sent again (the outbox did not hear the answer): saved once.
    worker_client.post(reverse("grids:visit_create"), data)
    assert VisitLog.objects.filter(submission_key=data["submission_key"]).count() == 1
