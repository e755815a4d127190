"""Hours volunteers served, and the rate at which verified hours earn points."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from community_portal.models import TimeStampedModel
from community_portal.status import StatusPipeline


class HoursEntryQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(status=HoursEntry.Status.VERIFIED)

    def pending(self):
        return self.filter(status=HoursEntry.Status.PENDING)

    def counting(self):
        """Entries that count towards the 24-hour day: everything not rejected."""
        return self.exclude(status=HoursEntry.Status.REJECTED)

    def with_related(self):
        return self.select_related(
            "volunteer__user",
            "activity",
            "service_request__category",
            "team",
            "entered_by",
            "verified_by",
        )


class HoursEntry(TimeStampedModel):
    """Hours a volunteer served at an activity (from the shift's check-in and
    check-out, or entered by the team leader) or on a service request they finished
    (点单). They count (and earn points) only once community staff verify them."""

    MAX_HOURS_PER_DAY = 24

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for verification")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")

    PIPELINE = StatusPipeline({Status.PENDING: {Status.VERIFIED, Status.REJECTED}})

    class Source(models.TextChoices):
        CHECK_OUT = "check_out", _("Check-in and check-out")
        LEADER = "leader", _("Entered by the team leader")
        SERVICE_REQUEST = "service_request", _("A service request done")

    volunteer = models.ForeignKey(
        "Volunteer",
        on_delete=models.PROTECT,
        related_name="hours_entries",
        verbose_name=_("Volunteer"),
    )
    activity = models.ForeignKey(
        "activities.Activity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="volunteer_hours",
        verbose_name=_("Activity"),
    )
    # Or the service request (点单) the volunteer finished: exactly one of the two.
    service_request = models.ForeignKey(
        "ServiceRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hours_entries",
        verbose_name=_("Service request"),
    )
    # The organising team at entry time, kept here so the team leaderboard needs
    # no join through the activities.
    team = models.ForeignKey(
        "Team",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hours_entries",
        verbose_name=_("Team"),
    )
    served_on = models.DateField(_("Date served"))
    hours = models.DecimalField(_("Hours"), max_digits=4, decimal_places=1)
    source = models.CharField(_("Source"), max_length=20, choices=Source.choices)
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    note = models.CharField(_("Note"), max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Entered by"),
    )
    verified_at = models.DateTimeField(_("Verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Verified by"),
    )
    reject_reason = models.CharField(
        _("Reason for rejecting"), max_length=200, blank=True
    )

    objects = HoursEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("Service hours")
        verbose_name_plural = _("Service hours")
        ordering = ["-served_on", "-id"]
        indexes = [
            # The leaderboards: verified hours per volunteer / team, by date.
            models.Index(
                fields=["status", "served_on", "volunteer", "hours"],
                name="hours_board_volunteer_idx",
            ),
            models.Index(
                fields=["status", "served_on", "team", "hours"],
                name="hours_board_team_idx",
            ),
            models.Index(fields=["volunteer", "served_on"]),
            # The admin's list: every entry, latest service first.
            models.Index(fields=["-served_on", "-id"], name="hours_entry_newest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gt=0, hours__lte=24),
                name="hours_entry_hours_0_to_24",
                violation_error_message=_("Hours must be more than 0 and at most 24."),
            ),
            models.UniqueConstraint(
                fields=["volunteer", "activity"],
                condition=~models.Q(status="rejected"),
                name="hours_entry_one_per_activity",
                violation_error_message=_(
                    "Hours for this activity have already been entered."
                ),
            ),
            models.UniqueConstraint(
                fields=["volunteer", "service_request"],
                condition=~models.Q(status="rejected"),
                name="hours_entry_one_per_request",
                violation_error_message=_(
                    "Hours for this service request have already been entered."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(activity__isnull=False, service_request__isnull=True)
                | models.Q(activity__isnull=True, service_request__isnull=False),
                name="hours_entry_activity_or_request",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="verified")
                | models.Q(verified_at__isnull=False),
                name="hours_entry_verified_has_time",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.volunteer} – {self.activity or self.service_request} – {self.hours}"
        )

    def served_for(self) -> str:
        """The activity's title or the service request (select_related both)."""
        if self.activity_id:
            return self.activity.title
        return str(self.service_request)


class PointsRate(models.Model):
    """How many points one verified hour earns, from a date on. Staff add a new row
    to change the rate; hours verified earlier keep the points they earned."""

    valid_from = models.DateField(_("Valid from"), unique=True)
    points_per_hour = models.PositiveSmallIntegerField(_("Points per hour"))

    class Meta:
        verbose_name = _("Points rate")
        verbose_name_plural = _("Points rates")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(points_per_hour__gte=1),
                name="points_rate_positive",
                violation_error_message=_("An hour must earn at least one point."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.valid_from}: {self.points_per_hour}"
