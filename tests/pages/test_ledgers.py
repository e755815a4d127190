"""The 台账 ledgers (``/staff/report/ledger.xlsx`` and ``ledger.docx``): the files'
content opened with openpyxl and python-docx, the background path, who may
download, bad input, and a fixed number of queries."""

import datetime
import io
import zipfile

import pytest
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from activities.models import ActivityRecord, RecordPhoto
from community_portal.pages import ledgers
from community_portal.pages.models import LedgerExport
from community_portal.periods import scope_missing_message
from tests.activities.factories import RegistrationFactory
from tests.factories import (
    ActivityFactory,
    BuildingFactory,
    GridFactory,
    StaffUserFactory,
    jpeg_upload,
)
from tests.grids.factories import (
    IssueReportFactory,
    SortingCheckFactory,
    VisitLogFactory,
)
from tests.venues.factories import MatterFactory
from tests.volunteers.factories import HoursEntryFactory, ServiceRequestFactory

pytestmark = pytest.mark.django_db

XLSX = reverse("ledger_xlsx")
DOCX = reverse("ledger_docx")
ZONE = timezone.get_default_timezone()
IN_Q3 = datetime.datetime(2026, 8, 15, 9, 0, tzinfo=ZONE)
SHEETS = [
    "活动",
    "志愿服务时长",
    "网格走访",
    "事件上报",
    "垃圾分类检查",
    "说事",
    "服务点单",
]


def quarter_work(*, title="重阳敬老活动", photos=0, grid=None):
    """One row of every sheet in 2026-Q3 (and one activity in Q4, left out)."""
    grid = grid or GridFactory(number=1)
    building = BuildingFactory(grid=grid, number=1)
    activity = ActivityFactory(
        title=title, starts_at=IN_Q3, ends_at=IN_Q3 + datetime.timedelta(hours=2)
    )
    activity.grid = grid
    activity.save(update_fields=["grid"])
    RegistrationFactory(activity=activity, checked_in_at=IN_Q3)
    RegistrationFactory(activity=activity)
    ActivityFactory(
        title="第四季度的活动", starts_at=IN_Q3 + datetime.timedelta(days=60)
    )
    record = ActivityRecord.objects.create(
        activity=activity,
        summary='=HYPERLINK("x") 活动纪实',
        is_published=True,
        published_at=IN_Q3,
    )
    for position in range(photos):
        RecordPhoto.objects.create(
            record=record, image=jpeg_upload(f"p{position}.jpg"), position=position
        )
    HoursEntryFactory(activity=activity, served_on=IN_Q3.date())
    VisitLogFactory(building=building, visited_on=IN_Q3.date(), notes="+走访记录")
    SortingCheckFactory(building=building, checked_on=IN_Q3.date())
    report = IssueReportFactory(building=building)
    matter = MatterFactory(building=building)
    service = ServiceRequestFactory()
    for model, row in (
        (type(report), report),
        (type(matter), matter),
        (type(service), service),
    ):
        model.objects.filter(pk=row.pk).update(created_at=IN_Q3)
    return activity


def open_workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"] == ledgers.XLSX_TYPE
    return load_workbook(io.BytesIO(response.content))


def test_the_workbook_has_a_formatted_sheet_per_kind_of_work(client, staff_user):
    quarter_work()
    client.force_login(staff_user)
    book = open_workbook(client.get(XLSX, {"period": "2026-Q3"}))
    assert book.sheetnames == SHEETS
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref.startswith("A1:")
        assert sheet.max_row == 2, sheet.title  # the header and one row
        assert all(cell.font.bold for cell in sheet[1])
        assert sheet.column_dimensions["A"].width > 8
    activities = book["活动"]
    assert [cell.value for cell in activities[1]][:3] == ["活动", "类别", "开始时间"]
    row = [cell.value for cell in activities[2]]
    assert row[0] == "重阳敬老活动"
    assert row[2] == datetime.datetime(2026, 8, 15, 9, 0)  # a date, in local time
    assert activities["C2"].is_date and activities["C2"].number_format == (
        ledgers.DATETIME_FORMAT
    )
    assert row[10] == 1  # attended
    visits = book["网格走访"]
    assert visits["A2"].value == datetime.datetime(2026, 8, 15)
    assert visits["A2"].is_date
    assert visits["A2"].number_format == ledgers.DATE_FORMAT
    # A value that looks like a formula is defused, as in the CSV exports.
    assert visits["G2"].value == "'+走访记录"
    assert visits["G2"].data_type == "s"


def test_a_scope_narrows_the_workbook(client, staff_user):
    activity = quarter_work()
    client.force_login(staff_user)
    other_grid = GridFactory(number=2)
    book = open_workbook(
        client.get(XLSX, {"period": "2026-Q3", "scope": f"grid:{other_grid.pk}"})
    )
    assert all(sheet.max_row == 1 for sheet in book.worksheets)
    book = open_workbook(
        client.get(XLSX, {"period": "2026-Q3", "scope": f"team:{activity.team_id}"})
    )
    assert book["活动"].max_row == 2
    assert book["网格走访"].max_row == 1  # grid work is no team's


@pytest.mark.parametrize(
    "query",
    [
        {"period": "2026-Q5"},
        {"period": "2026-13"},
        {"period": "26"},
        {"period": "1999"},
        {"period": "2026-Q3", "scope": "grid:999999"},
        {"period": "2026-Q3", "scope": "street:1"},
        {"period": "2026-Q3", "scope": "grid:abc"},
        {"period": "2026-Q3", "scope": "team:0"},
        {"period": "2026-Q3", "scope": "grid:" + "9" * 40},
        {"period": "2026-Q3", "scope": "grid:\uff11"},  # a full-width digit
    ],
)
@pytest.mark.parametrize("url", [XLSX, DOCX])
def test_bad_input_is_a_clear_400(client, staff_user, url, query):
    client.force_login(staff_user)
    response = client.get(url, query)
    assert response.status_code == 400
    assert "alert-danger" in response.content.decode()
    if "scope" in query:
        assert scope_missing_message() in response.content.decode()


def test_period_parsing():
    quarter = ledgers._parse_period("2026-Q4")
    assert (quarter.start, quarter.end) == (
        datetime.date(2026, 10, 1),
        datetime.date(2026, 12, 31),
    )
    month = ledgers._parse_period("2026-02")
    assert (month.start, month.end) == (
        datetime.date(2026, 2, 1),
        datetime.date(2026, 2, 28),
    )
    year = ledgers._parse_period("2026")
    assert (year.start, year.end) == (
        datetime.date(2026, 1, 1),
        datetime.date(2026, 12, 31),
    )
    assert ledgers._parse_period("").key.count("-Q") == 1


@pytest.mark.parametrize("text", ["street:1", "grid:abc", "grid:0", "venue:999999"])
def test_a_bad_scope_says_so_as_the_figures_page_does(text):
    with pytest.raises(ledgers.LedgerInputError) as raised:
        ledgers._parse_scope(text)
    assert raised.value.message == scope_missing_message()


def test_scope_parsing():
    grid = GridFactory(number=4)
    scope = ledgers._parse_scope(f" grid:{grid.pk} ")
    assert (scope.key, scope.kind, scope.pk, scope.label) == (
        f"grid:{grid.pk}",
        "grid",
        grid.pk,
        str(grid),
    )
    assert scope.filters() == {"grid_id": grid.pk, "team_id": None, "venue_id": None}
    for whole in ("", None, "community"):
        assert ledgers._parse_scope(whole).pk is None


def test_only_staff_get_ledgers(client, resident):
    client.force_login(resident)
    assert client.get(XLSX, {"period": "2026-Q3"}).status_code == 403
    assert client.get(DOCX, {"period": "2026-Q3"}).status_code == 403


def test_the_document_has_a_cover_a_toc_and_up_to_four_photos(
    client, staff_user, media_root
):
    quarter_work(photos=5)
    client.force_login(staff_user)
    response = client.get(DOCX, {"period": "2026-Q3"})
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert "活动纪实" in texts  # the cover's title
    assert "2026年第3季度" in texts
    assert "全社区" in texts
    xml = document.element.xml
    assert 'TOC \\o "1-2"' in xml
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert "重阳敬老活动" in headings
    assert any("报名：2" in text and "签到：1" in text for text in texts)
    assert any("活动纪实" in text and text.startswith("=") for text in texts)
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        media = [name for name in archive.namelist() if name.startswith("word/media/")]
    assert len(document.inline_shapes) == 4
    assert 1 <= len(media) <= 4


def test_a_big_ledger_runs_in_the_background_for_its_owner(
    client, staff_user, resident, private_media_root, monkeypatch
):
    monkeypatch.setattr(ledgers, "LEDGER_STREAM_MAX_ROWS", 1)
    monkeypatch.setattr(
        "community_portal.pages.ledgers_views.LEDGER_STREAM_MAX_ROWS", 1
    )
    quarter_work()
    client.force_login(staff_user)
    response = client.get(XLSX, {"period": "2026-Q3"})
    export = LedgerExport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("ledger_export", kwargs={"pk": export.pk})
    # The ImmediateBackend of the tests has run the task already.
    assert (export.status, export.progress, export.owner) == ("done", 100, staff_user)
    assert (private_media_root / export.file.name).exists()
    page = client.get(response["Location"]).content.decode()
    download = reverse("ledger_export_download", kwargs={"pk": export.pk})
    assert download in page
    assert 'http-equiv="refresh"' not in page
    file = client.get(download)
    assert file.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(file.streaming_content)))
    assert book.sheetnames == SHEETS
    # Nobody else sees it: a resident gets no page, and someone else's export
    # is not found.
    client.force_login(resident)
    assert client.get(download).status_code == 403
    other = StaffUserFactory(username="other-staff")
    stranger_export = LedgerExport.objects.create(
        owner=other, kind="xlsx", period="2026-Q3"
    )
    client.force_login(staff_user)
    assert (
        client.get(
            reverse("ledger_export", kwargs={"pk": stranger_export.pk})
        ).status_code
        == 200
    )  # staff see every export
    assert (
        client.get(
            reverse("ledger_export_download", kwargs={"pk": stranger_export.pk})
        ).status_code
        == 404
    )  # not made yet


def test_a_waiting_export_refreshes_itself(client, staff_user):
    export = LedgerExport.objects.create(
        owner=staff_user, kind="docx", period="2026-Q3", progress=40
    )
    client.force_login(staff_user)
    page = client.get(reverse("ledger_export", kwargs={"pk": export.pk}))
    content = page.content.decode()
    assert 'http-equiv="refresh" content="3"' in content
    assert 'value="40"' in content


def test_the_workbook_runs_a_fixed_number_of_queries(
    client, staff_user, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    grid = GridFactory(number=1)
    quarter_work(grid=grid)
    client.force_login(staff_user)
    with CaptureQueriesContext(connection) as small:
        client.get(XLSX, {"period": "2026-Q3"})
    for number in range(3):
        quarter_work(title=f"活动{number}", grid=grid)
    assert ActivityRecord.objects.aggregate(total=Count("pk"))["total"] == 4
    with django_assert_num_queries(len(small)):
        client.get(XLSX, {"period": "2026-Q3"})


def test_the_document_runs_a_fixed_number_of_queries(
    client, staff_user, media_root, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    grid = GridFactory(number=1)
    quarter_work(grid=grid, photos=1)
    client.force_login(staff_user)
    with CaptureQueriesContext(connection) as small:
        assert client.get(DOCX, {"period": "2026-Q3"}).status_code == 200
    for number in range(3):
        quarter_work(title=f"活动{number}", grid=grid, photos=2)
    with django_assert_num_queries(len(small)):
        response = client.get(DOCX, {"period": "2026-Q3"})
    assert len(Document(io.BytesIO(response.content)).inline_shapes) == 7
