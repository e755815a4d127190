"""Certificates of volunteer service (志愿服务记录证明), issued from verified hours
after 《志愿服务记录与证明出具办法》: the volunteer's identity, the hours and the
period they cover, the issuing organisation, the date and a serial number that
anyone can check on the public verification page."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from community_portal.models import TimeStampedModel

SERIAL_PREFIX = "YGY"


class ServiceCertificateQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related("volunteer__user", "issued_by")


class ServiceCertificate(TimeStampedModel):
    # ``YGY-2026-000123``: set in the transaction that creates the row (from its id).
    serial = models.CharField(
        _("Serial number"), max_length=20, unique=True, null=True, blank=True
    )
    volunteer = models.ForeignKey(
        "Volunteer",
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("Volunteer"),
    )
    # What the certificate says, kept as issued: later edits do not change it.
    holder_name = models.CharField(_("Name on the certificate"), max_length=50)
    hours = models.DecimalField(_("Hours"), max_digits=7, decimal_places=1)
    entries = models.PositiveIntegerField(_("Services"), default=0)
    period_start = models.DateField(_("From"))
    period_end = models.DateField(_("To"))
    issuer = models.CharField(_("Issued by (organisation)"), max_length=100)
    issued_on = models.DateField(_("Issued on"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Issued by (person)"),
    )

    objects = ServiceCertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("Certificate of volunteer service")
        verbose_name_plural = _("Certificates of volunteer service")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gte=0), name="certificate_hours_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(period_start__lte=models.F("period_end")),
                name="certificate_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.serial or ""

    def get_absolute_url(self) -> str:
        return reverse("volunteers:certificate_detail", args=[self.serial])

    @property
    def verify_path(self) -> str:
        return reverse("volunteers:certificate_verify_serial", args=[self.serial])
