"""The pages' one table: the ledger (台账) exports that run in the background."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from community_portal.models import TimeStampedModel
from community_portal.private_media import private_storage


class LedgerExport(TimeStampedModel):
    """A ledger a staff member asked for, made by a background task; its file lives
    in the private storage and is sent only to its owner and community staff."""

    class Kind(models.TextChoices):
        XLSX = "xlsx", _("Excel workbook")
        DOCX = "docx", _("Word document")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Being made")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="ledger_exports",
        verbose_name=_("Asked for by"),
    )
    kind = models.CharField(_("Kind"), max_length=4, choices=Kind.choices)
    period = models.CharField(_("Period"), max_length=10)
    scope = models.CharField(_("Scope"), max_length=30, blank=True)
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("Progress (%)"), default=0)
    file = models.FileField(
        _("File"), upload_to="ledgers/", storage=private_storage, blank=True
    )
    error = models.CharField(_("Error"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Ledger export")
        verbose_name_plural = _("Ledger exports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100),
                name="ledger_export_progress_at_most_100",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period} {self.scope}".strip()
