"""Volunteers: a resident's application to the alliance and, once approved, the
volunteer profile (the lock row of their points and hours)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from community_portal.masking import mask_id_number, mask_name
from community_portal.models import TimeStampedModel
from community_portal.status import StatusPipeline

from ..identity import NATIONAL_NAMES, IdType


class Weekday(models.TextChoices):
    MONDAY = "mon", _("Monday")
    TUESDAY = "tue", _("Tuesday")
    WEDNESDAY = "wed", _("Wednesday")
    THURSDAY = "thu", _("Thursday")
    FRIDAY = "fri", _("Friday")
    SATURDAY = "sat", _("Saturday")
    SUNDAY = "sun", _("Sunday")


class DayPart(models.TextChoices):
    MORNING = "am", _("Morning")
    AFTERNOON = "pm", _("Afternoon")
    EVENING = "eve", _("Evening")


def availability_choices() -> list[tuple[str, str]]:
    """Every weekday and time of day, as ``mon-am`` codes."""
    return [
        (f"{day}-{part}", f"{day_label} {part_label}")
        for day, day_label in Weekday.choices
        for part, part_label in DayPart.choices
    ]


AVAILABILITY_CODES = frozenset(code for code, _label in availability_choices())


class VolunteerQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Volunteer.Status.APPROVED)

    def pending(self):
        return self.filter(status=Volunteer.Status.PENDING)

    def with_related(self):
        return self.select_related("user", "decided_by")


class Volunteer(TimeStampedModel):
    """A resident's application to the volunteer alliance and, once approved, their
    volunteer profile. The row is also the lock of the volunteer's points and hours:
    every write that spends points or adds hours locks it first."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    # A declined applicant may apply again: back to waiting.
    PIPELINE = StatusPipeline(
        {
            Status.PENDING: {Status.APPROVED, Status.DECLINED},
            Status.DECLINED: {Status.PENDING},
        }
    )

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="volunteer",
        verbose_name=_("Resident"),
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    number = models.CharField(
        _("Volunteer number"), max_length=20, unique=True, null=True, blank=True
    )
    skills = models.TextField(_("Skills"), max_length=500, blank=True)
    availability = models.JSONField(
        _("Availability"),
        default=list,
        blank=True,
        help_text=_("Weekdays and times of day, such as mon-am."),
    )
    interested_teams = models.ManyToManyField(
        "Team",
        blank=True,
        related_name="interested_volunteers",
        verbose_name=_("Teams of interest"),
    )
    decided_at = models.DateTimeField(_("Decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Decided by"),
    )
    decline_reason = models.CharField(
        _("Reason for declining"), max_length=200, blank=True
    )

    # Real-name registration (实名注册), as the national volunteer system needs it.
    # Shown in full only to the volunteer and to staff; masked everywhere else;
    # never written to a log (see docs/national_volunteer_export.md).
    legal_name = models.CharField(_("Legal name"), max_length=50, blank=True)
    id_type = models.CharField(
        _("Identity document type"),
        max_length=20,
        choices=IdType.choices,
        blank=True,
    )
    id_number = models.CharField(
        _("Identity document number"), max_length=20, blank=True
    )

    objects = VolunteerQuerySet.as_manager()

    class Meta:
        verbose_name = _("Volunteer")
        verbose_name_plural = _("Volunteers")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "approved", "declined"]),
                name="volunteer_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="approved") | models.Q(number__isnull=False),
                name="volunteer_approved_has_number",
            ),
            # A number always comes with its type.
            models.CheckConstraint(
                condition=models.Q(id_number="") | ~models.Q(id_type=""),
                name="volunteer_id_number_has_type",
            ),
            # One volunteer per document, as the national system has it.
            models.UniqueConstraint(
                fields=["id_type", "id_number"],
                condition=~models.Q(id_number=""),
                name="volunteer_id_number_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.number})" if self.number else str(self.user)

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def has_identity(self) -> bool:
        return bool(self.legal_name and self.id_type and self.id_number)

    @property
    def real_name(self) -> str:
        """The legal name, or the account's name while none is on file."""
        return self.legal_name or self.user.name

    @property
    def masked_name(self) -> str:
        return mask_name(self.real_name)

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def id_type_national(self) -> str:
        """The document type as the national system names it (居民身份证…)."""
        return NATIONAL_NAMES.get(self.id_type, "")
