"""The hours export in the column layout of the national volunteer system's batch
import (全国志愿服务信息系统, chinavolunteer.mca.gov.cn). The columns, and where they
come from, are documented in docs/national_volunteer_export.md.

The headers are the system's own Chinese column names, whatever the page language:
the import matches them, so they are not translated.
"""

import datetime
import io
from collections.abc import Iterable, Iterator

from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from community_portal.csv_export import csv_download, safe_cell

from .models import HoursEntry

HEADER = [
    "姓名",
    "证件类型",
    "证件号码",
    "服务日期",
    "服务时长（小时）",
    "服务项目名称",
    "服务内容",
    "所属队伍",
    "本站志愿者编号",
    "本站记录编号",
]
COLUMN_WIDTHS = [10, 24, 22, 12, 16, 30, 30, 18, 16, 14]


def national_row(entry: HoursEntry) -> list:
    volunteer = entry.volunteer
    if entry.activity_id:
        project, content = entry.activity.title, entry.note
    else:
        project = str(entry.service_request.category)
        content = entry.note or str(entry.service_request)
    return [
        volunteer.real_name,
        volunteer.id_type_national,
        volunteer.id_number,
        entry.served_on.isoformat(),
        f"{entry.hours:.1f}",
        project,
        content,
        entry.team.name if entry.team_id else "",
        volunteer.number or "",
        f"H{entry.pk}",
    ]


def _filename(start: datetime.date, end: datetime.date, extension: str) -> str:
    return f"national-volunteer-hours-{start:%Y%m%d}-{end:%Y%m%d}.{extension}"


def national_csv(
    entries: Iterable[HoursEntry], *, start: datetime.date, end: datetime.date
) -> StreamingHttpResponse:
    return csv_download(
        _filename(start, end, "csv"), HEADER, map(national_row, entries)
    )


def _xlsx_rows(entries: Iterable[HoursEntry]) -> Iterator[list]:
    for entry in entries:
        row = [safe_cell(value) for value in national_row(entry)]
        row[3] = entry.served_on  # a date cell
        row[4] = float(entry.hours)  # a number cell
        yield row


def national_xlsx(
    entries: Iterable[HoursEntry], *, start: datetime.date, end: datetime.date
) -> HttpResponse:
    """The same rows as an Excel workbook: text cells (ID numbers stay text, never
    1.2E+17), dates as dates, hours as numbers, the header frozen."""
    book = Workbook(write_only=False)
    sheet = book.active
    sheet.title = "服务时长"
    sheet.append(HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in _xlsx_rows(entries):
        sheet.append(row)
        line = sheet.max_row
        sheet.cell(line, 3).number_format = "@"
        sheet.cell(line, 4).number_format = "yyyy-mm-dd"
        sheet.cell(line, 5).number_format = "0.0"
    for index, width in enumerate(COLUMN_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        ),
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{_filename(start, end, "xlsx")}"'
    )
    return response
