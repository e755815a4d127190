"""The 台账 (quarterly ledgers) staff hand in: the period and scope they cover, and
the Excel workbook of a period's work (activities, volunteer hours, grid work,
matters, service requests). The rows come from each app's ledger selectors; this
module only lays them out. The Word document of the records is in
``ledgers_docx``, the background path in ``ledgers_tasks``."""

import datetime
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from activities import ledger_selectors as activity_ledger
from community_portal.csv_export import FORMULA_STARTS
from community_portal.errors import ServiceError
from community_portal.periods import (
    GRID,
    TEAM,
    VENUE,
    parse_period,
    parse_scope,
    scope_missing_message,
)
from grids import ledger_selectors as grid_ledger
from grids.models import Grid
from venues.models import Venue
from venues.selectors import ledger as matter_ledger
from volunteers.models import Team
from volunteers.selectors import ledger as volunteer_ledger

# Smaller ledgers are made in the request; bigger ones by a background task.
LEDGER_STREAM_MAX_ROWS = 2000
LEDGER_STREAM_MAX_RECORDS = 30

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class LedgerInputError(ValueError):
    """A period or scope that cannot be read; ``message`` says why (for a 400)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Period:
    key: str  # as in the address: 2026-Q4, 2026-11, 2026
    start: datetime.date
    end: datetime.date  # included
    label: str


@dataclass(frozen=True)
class Scope:
    key: str  # as in the address: grid:3, team:2, venue:1, "" for everything
    kind: str
    pk: int | None
    label: str

    def filters(self) -> dict[str, int | None]:
        """The selectors' keyword arguments for this scope."""
        return {
            f"{kind}_id": (self.pk if self.kind == kind else None)
            for kind in ("grid", "team", "venue")
        }


def _parse_period(text: str | None) -> Period:
    """``2026-Q4`` (a quarter), ``2026-11`` (a month) or ``2026`` (a year); none:
    the current quarter — read as the figures page reads it
    (``community_portal.periods``). Anything else raises ``LedgerInputError``."""
    try:
        period = parse_period(text)
    except ServiceError as error:
        raise LedgerInputError(error.message) from error
    return Period(period.key, period.start, period.end, str(period.label))


def _parse_scope(text: str | None) -> Scope:
    """``grid:<id>``, ``team:<id>``, ``venue:<id>`` (one that exists) or nothing
    (the whole community) — read as the figures page reads it
    (``community_portal.periods``). Anything else raises ``LedgerInputError``."""
    try:
        parsed = parse_scope(text)
    except ServiceError as error:
        raise LedgerInputError(error.message) from error
    if parsed is None:
        return Scope("", "", None, _("The whole community"))
    kind, pk = parsed
    model = {GRID: Grid, TEAM: Team, VENUE: Venue}[kind]
    found = model.objects.filter(pk=pk).first()
    if found is None:
        raise LedgerInputError(scope_missing_message())
    return Scope(f"{kind}:{pk}", kind, pk, str(found))


def ledger_input(*, period: str | None, scope: str | None) -> tuple[Period, Scope]:
    return _parse_period(period), _parse_scope(scope)


# --- the Excel workbook --------------------------------------------------------------

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
_NARROW, _MEDIUM, _WIDE, _TEXT = 10, 16, 24, 48


@dataclass(frozen=True)
class Sheet:
    title: Callable[[], str]
    header: list
    widths: list[int]
    rows: Callable[..., Iterable[tuple]]


def _sheets() -> list[Sheet]:
    """The workbook's sheets, in order (titles translated when called)."""
    return [
        Sheet(
            lambda: _("Activities"),
            activity_ledger.ACTIVITY_LEDGER_HEADER,
            [_WIDE, _MEDIUM, 17, 17, _MEDIUM, _MEDIUM] + [_NARROW] * 8,
            activity_ledger.activity_ledger_rows,
        ),
        Sheet(
            lambda: _("Volunteer hours"),
            volunteer_ledger.HOURS_LEDGER_HEADER,
            [_MEDIUM, _NARROW, _WIDE, _WIDE, _MEDIUM, 12, 8, _MEDIUM, _WIDE, 17],
            volunteer_ledger.hours_ledger_rows,
        ),
        Sheet(
            lambda: _("Grid visits"),
            grid_ledger.VISIT_LEDGER_HEADER,
            [12, 8, _NARROW, 8, _NARROW, _MEDIUM, _TEXT, _NARROW],
            grid_ledger.visit_ledger_rows,
        ),
        Sheet(
            lambda: _("Issue reports"),
            grid_ledger.ISSUE_LEDGER_HEADER,
            [17, 8, 8, _MEDIUM, _NARROW, _MEDIUM, _NARROW, 17, 17, _NARROW]
            + [_TEXT, _TEXT],
            grid_ledger.issue_ledger_rows,
        ),
        Sheet(
            lambda: _("Sorting checks"),
            grid_ledger.CHECK_LEDGER_HEADER,
            [12, 8, 8, _MEDIUM, _MEDIUM, _MEDIUM, _TEXT, _NARROW],
            grid_ledger.check_ledger_rows,
        ),
        Sheet(
            lambda: _("Matters"),
            matter_ledger.MATTER_LEDGER_HEADER,
            [17, _WIDE, _MEDIUM, 8, _MEDIUM, _NARROW, 17, 17, _NARROW, 8],
            matter_ledger.matter_ledger_rows,
        ),
        Sheet(
            lambda: _("Service requests"),
            volunteer_ledger.SERVICE_LEDGER_HEADER,
            [17, _MEDIUM, _WIDE, _MEDIUM, _MEDIUM, 17, 17, 17, _NARROW, 8, _TEXT],
            volunteer_ledger.service_ledger_rows,
        ),
    ]


def ledger_row_count(*, period: Period, scope: Scope) -> int:
    """How many rows the workbook will have (a handful of COUNT queries)."""
    kwargs = {"start": period.start, "end": period.end, **scope.filters()}
    return (
        activity_ledger.activity_ledger_count(**kwargs)
        + volunteer_ledger.hours_ledger_count(**kwargs)
        + volunteer_ledger.service_ledger_count(**kwargs)
        + grid_ledger.grid_ledger_count(**kwargs)
        + matter_ledger.matter_ledger_count(**kwargs)
    )


def ledger_record_count(*, period: Period, scope: Scope) -> int:
    kwargs = {"start": period.start, "end": period.end, **scope.filters()}
    return activity_ledger.record_ledger_count(**kwargs)


def safe_cell_text(value: str) -> str:
    """Text a spreadsheet will not run as a formula (the CSV exports' rule)."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _cell(sheet, value):
    """A value as a cell: dates as real dates with a number format, aware times in
    local time, yes/no in words, text defused against formulas."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, datetime.date):
        # openpyxl gives a date its DATE_FORMAT itself (no cell object needed).
        return value
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, (int, float, Decimal)) or value is None:
        return value
    return safe_cell_text(str(value))


def ledger_workbook(
    *, period: Period, scope: Scope, progress: Callable[[int], None] | None = None
) -> bytes:
    """The Excel workbook of ``period`` in ``scope``: one sheet per kind of work,
    a bold frozen header with a filter, set widths, dates as dates. Written in
    openpyxl's write-only mode (rows streamed, never all in memory as cells);
    ``progress`` hears the percentage done after each sheet."""
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    kwargs = {"start": period.start, "end": period.end, **scope.filters()}
    sheets = _sheets()
    for done, spec in enumerate(sheets, start=1):
        sheet = book.create_sheet(spec.title())
        sheet.freeze_panes = "A2"
        for column, width in enumerate(spec.widths, start=1):
            sheet.column_dimensions[get_column_letter(column)].width = width
        header = []
        for title in spec.header:
            cell = WriteOnlyCell(sheet, value=str(title))
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        count = 0
        for row in spec.rows(**kwargs):
            sheet.append([_cell(sheet, value) for value in row])
            count += 1
        last = get_column_letter(len(spec.header))
        sheet.auto_filter.ref = f"A1:{last}{count + 1}"
        if progress is not None:
            progress(done * 100 // len(sheets))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def ledger_filename(*, period: Period, scope: Scope, extension: str) -> str:
    suffix = f"_{scope.key.replace(':', '-')}" if scope.key else ""
    return f"ledger_{period.key}{suffix}.{extension}"
