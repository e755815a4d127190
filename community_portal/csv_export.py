"""CSV downloads for staff: streamed, opened by Excel in Chinese, formula-safe."""

import csv
from collections.abc import Iterable

from django.http import StreamingHttpResponse
from django.utils import timezone

# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    """A file-like object whose write() hands the line back, for streaming."""

    def write(self, value):
        return value


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def safe_cell(value) -> str:
    """A cell's text, defused against formula injection (for other formats too)."""
    return _cell(value)


def csv_download(
    filename: str, header: list[str], rows: Iterable
) -> StreamingHttpResponse:
    """Stream ``rows`` as a CSV attachment: UTF-8 with a byte-order mark (so Excel
    keeps the Chinese), every cell defused against formula injection."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow([_cell(value) for value in header])
        for row in rows:
            yield writer.writerow([_cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def local_minute(value) -> str:
    """A datetime as local 'YYYY-MM-DD HH:MM' ('' for none), for CSV cells."""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def days_between(start, end) -> str:
    """Days from ``start`` to ``end`` with one decimal ('' while not ended), for
    the resolution-time columns."""
    if not start or not end:
        return ""
    return f"{(end - start).total_seconds() / 86400:.1f}"
