"""The ledger downloads (``/staff/report/ledger.xlsx``, ``ledger.docx``): small ones
answered at once, big ones made in the background with a page that shows their
progress and, when ready, the download link."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from community_portal.permissions import is_community_staff, staff_required
from community_portal.private_media import private_file_response

from .ledgers import (
    DOCX_TYPE,
    LEDGER_STREAM_MAX_RECORDS,
    LEDGER_STREAM_MAX_ROWS,
    XLSX_TYPE,
    LedgerInputError,
    ledger_filename,
    ledger_input,
    ledger_record_count,
    ledger_row_count,
    ledger_workbook,
)
from .ledgers_docx import ledger_document
from .ledgers_tasks import ledger_export_start
from .models import LedgerExport


def _ledger(request, kind: str):
    try:
        period, scope = ledger_input(
            period=request.GET.get("period"), scope=request.GET.get("scope")
        )
    except LedgerInputError as error:
        return render(
            request, "pages/ledger_error.html", {"message": error.message}, status=400
        )
    if kind == LedgerExport.Kind.XLSX:
        big = ledger_row_count(period=period, scope=scope) >= LEDGER_STREAM_MAX_ROWS
    else:
        big = (
            ledger_record_count(period=period, scope=scope) >= LEDGER_STREAM_MAX_RECORDS
        )
    if big:
        export = ledger_export_start(
            owner=request.user, kind=kind, period=period.key, scope=scope.key
        )
        return redirect("ledger_export", pk=export.pk)
    if kind == LedgerExport.Kind.XLSX:
        content, content_type = ledger_workbook(period=period, scope=scope), XLSX_TYPE
    else:
        content, content_type = ledger_document(period=period, scope=scope), DOCX_TYPE
    response = HttpResponse(content, content_type=content_type)
    filename = ledger_filename(period=period, scope=scope, extension=kind)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@staff_required
@require_GET
def ledger_xlsx(request):
    return _ledger(request, LedgerExport.Kind.XLSX)


@staff_required
@require_GET
def ledger_docx(request):
    return _ledger(request, LedgerExport.Kind.DOCX)


def _own_export(request, pk: int) -> LedgerExport:
    """The export, to its owner and to community staff; 404 to anyone else."""
    export = LedgerExport.objects.filter(pk=pk).first()
    if export is None or not (
        export.owner_id == request.user.pk or is_community_staff(request.user)
    ):
        raise Http404
    return export


@staff_required
@require_GET
def ledger_export(request, pk: int):
    export = _own_export(request, pk)
    return render(
        request,
        "pages/ledger_export.html",
        {
            "export": export,
            "waiting": export.status
            in {LedgerExport.Status.PENDING, LedgerExport.Status.RUNNING},
        },
    )


@staff_required
@require_GET
def ledger_export_download(request, pk: int):
    export = _own_export(request, pk)
    if export.status != LedgerExport.Status.DONE or not export.file:
        raise Http404
    response = private_file_response(export.file.storage, export.file.name)
    response["Content-Disposition"] = (
        f'attachment; filename="{export.file.name.rsplit("/", 1)[-1]}"'
    )
    return response
