"""Ledgers made in the background (django-tasks, queue ``exports``): the export's
row is written first, the task fills in its progress and, when done, its file in
the private storage."""

import logging

from django.core.files.base import ContentFile
from django_tasks import task

from .ledgers import LedgerInputError, ledger_filename, ledger_input, ledger_workbook
from .ledgers_docx import ledger_document
from .models import LedgerExport

logger = logging.getLogger(__name__)


def ledger_export_start(*, owner, kind: str, period: str, scope: str) -> LedgerExport:
    """Record the export ``owner`` asked for and hand it to the background task."""
    export = LedgerExport.objects.create(
        owner=owner, kind=kind, period=period, scope=scope
    )
    make_ledger.enqueue(export.pk)
    return export


def _progress(export_id: int):
    def report(percent: int) -> None:
        # The last step (saving the file) sets 100 with the status.
        LedgerExport.objects.filter(pk=export_id).update(progress=min(percent, 99))

    return report


@task(queue_name="exports")
def make_ledger(export_id: int) -> str:
    export = LedgerExport.objects.filter(pk=export_id).first()
    if export is None or export.status == LedgerExport.Status.DONE:
        return "skipped"
    LedgerExport.objects.filter(pk=export_id).update(
        status=LedgerExport.Status.RUNNING, progress=0
    )
    try:
        period, scope = ledger_input(period=export.period, scope=export.scope)
        build = (
            ledger_workbook
            if export.kind == LedgerExport.Kind.XLSX
            else ledger_document
        )
        content = build(period=period, scope=scope, progress=_progress(export_id))
        name = ledger_filename(period=period, scope=scope, extension=export.kind)
    except LedgerInputError as error:
        LedgerExport.objects.filter(pk=export_id).update(
            status=LedgerExport.Status.FAILED, error=error.message[:200]
        )
        return LedgerExport.Status.FAILED
    except Exception:
        logger.exception("Ledger export %s failed", export_id)
        LedgerExport.objects.filter(pk=export_id).update(
            status=LedgerExport.Status.FAILED
        )
        raise
    export.file.save(name, ContentFile(content), save=False)
    LedgerExport.objects.filter(pk=export_id).update(
        file=export.file.name, status=LedgerExport.Status.DONE, progress=100
    )
    return LedgerExport.Status.DONE
