"""What an activity asks of volunteers (roles) and the volunteers signed up for
them (shifts, with the check-in and check-out)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from community_portal.models import TimeStampedModel
from community_portal.status import StatusPipeline


class VolunteerRoleQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related("activity__team", "activity__venue")

    def with_taken(self):
        """Annotate ``taken``: the volunteers signed up (not cancelled)."""
        return self.annotate(
            taken=models.Count(
                "shifts",
                filter=~models.Q(shifts__status=VolunteerShift.Status.CANCELLED),
            )
        )


class VolunteerRole(TimeStampedModel):
    """What an activity asks of volunteers: a role (签到引导, 秩序维护…) and how many."""

    activity = models.ForeignKey(
        "activities.Activity",
        on_delete=models.CASCADE,
        related_name="volunteer_roles",
        verbose_name=_("Activity"),
    )
    name = models.CharField(_("Role"), max_length=50)
    description = models.CharField(_("What to do"), max_length=200, blank=True)
    needed = models.PositiveSmallIntegerField(_("Volunteers needed"), default=1)

    objects = VolunteerRoleQuerySet.as_manager()

    class Meta:
        verbose_name = _("Volunteer role")
        verbose_name_plural = _("Volunteer roles")
        ordering = ["activity", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "name"],
                name="volunteer_role_unique_name_per_activity",
                violation_error_message=_("This activity already has this role."),
            ),
            models.CheckConstraint(
                condition=models.Q(needed__gte=1),
                name="volunteer_role_needs_someone",
                violation_error_message=_("At least one volunteer is needed."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity} – {self.name}"


class VolunteerShiftQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=VolunteerShift.Status.CANCELLED)

    def with_related(self):
        return self.select_related("role__activity", "volunteer__user")


class VolunteerShift(TimeStampedModel):
    """A volunteer signed up for a role at an activity (apart from the residents who
    attend it), with the check-in and check-out the hours are counted from."""

    class Status(models.TextChoices):
        SIGNED_UP = "signed_up", _("Signed up")
        CANCELLED = "cancelled", _("Cancelled")

    PIPELINE = StatusPipeline({Status.SIGNED_UP: {Status.CANCELLED}})

    role = models.ForeignKey(
        VolunteerRole,
        on_delete=models.PROTECT,
        related_name="shifts",
        verbose_name=_("Role"),
    )
    volunteer = models.ForeignKey(
        "Volunteer",
        on_delete=models.PROTECT,
        related_name="shifts",
        verbose_name=_("Volunteer"),
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.SIGNED_UP
    )
    checked_in_at = models.DateTimeField(_("Checked in at"), null=True, blank=True)
    checked_out_at = models.DateTimeField(_("Checked out at"), null=True, blank=True)

    objects = VolunteerShiftQuerySet.as_manager()

    class Meta:
        verbose_name = _("Volunteer shift")
        verbose_name_plural = _("Volunteer shifts")
        ordering = ["role", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["role", "volunteer"],
                condition=~models.Q(status="cancelled"),
                name="volunteer_shift_one_active",
                violation_error_message=_("You have already signed up for this role."),
            ),
            models.CheckConstraint(
                condition=models.Q(checked_out_at__isnull=True)
                | models.Q(
                    checked_in_at__isnull=False,
                    checked_out_at__gt=models.F("checked_in_at"),
                ),
                name="volunteer_shift_out_after_in",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} – {self.role}"
