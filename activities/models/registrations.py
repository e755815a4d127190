"""Registrations (sign-ups) and the waitlist: one person, one activity, a status
that moves only through ``Registration.PIPELINE`` in ``activities.services``."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from community_portal.models import TimeStampedModel
from community_portal.status import StatusPipeline


def attendance_of(activity_ref: str):
    """The people checked in at the activity named by the outer ``activity_ref``
    (companions included), as an expression; 0 when nobody came."""
    attended = Registration.objects.filter(
        activity=models.OuterRef(activity_ref), checked_in_at__isnull=False
    )
    return Coalesce(
        models.Subquery(
            attended.order_by()
            .values("activity")
            .annotate(total=models.Sum(models.F("companions") + 1))
            .values("total")[:1]
        ),
        0,
    )


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        """Confirmed and waitlisted: everything that is not cancelled."""
        return self.exclude(status=Registration.Status.CANCELLED)

    def confirmed(self):
        return self.filter(status=Registration.Status.CONFIRMED)

    def waitlisted(self):
        """The waitlist in the order it is promoted: first come, first served."""
        return self.filter(status=Registration.Status.WAITLISTED).order_by(
            "waitlisted_at", "id"
        )

    def checked_in(self):
        return self.filter(checked_in_at__isnull=False)

    def with_waitlist_position(self):
        """Annotate ``waitlist_position``: 1 + the waitlisted registrations of the same
        activity ahead of this one, in promotion order (``waitlisted_at``, then id)."""
        ahead = (
            Registration.objects.filter(
                activity=models.OuterRef("activity"),
                status=Registration.Status.WAITLISTED,
            )
            .filter(
                models.Q(waitlisted_at__lt=models.OuterRef("waitlisted_at"))
                | models.Q(
                    waitlisted_at=models.OuterRef("waitlisted_at"),
                    id__lt=models.OuterRef("id"),
                )
            )
            .order_by()
            .values("activity")
            .annotate(count=models.Count("pk"))
            .values("count")[:1]
        )
        return self.annotate(
            waitlist_position=Coalesce(
                models.Subquery(ahead, output_field=models.IntegerField()), 0
            )
            + 1
        )

    def with_related(self):
        return self.select_related("activity", "user", "member", "checked_in_by")

    def seat_count(self) -> int:
        """Seats these registrations take (each one plus its companions), counted
        in one aggregate query."""
        return self.aggregate(
            seats=Coalesce(models.Sum(models.F("companions") + 1), 0)
        )["seats"]


class Registration(TimeStampedModel):
    """One person's sign-up for one activity, with the companions they bring.

    Rows are never deleted: a cancellation is a status, so ledgers keep it and
    the person can sign up again (a new row). Status changes go through
    ``activities.services``, which locks the activity row first.
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waitlist")
        CANCELLED = "cancelled", _("Cancelled")

    # Waitlisted people are promoted (or walk in); anyone may be cancelled; a
    # cancelled row stays cancelled: signing up again is a new row.
    PIPELINE = StatusPipeline(
        {
            Status.WAITLISTED: {Status.CONFIRMED, Status.CANCELLED},
            Status.CONFIRMED: {Status.CANCELLED},
            Status.CANCELLED: set(),
        }
    )

    activity = models.ForeignKey(
        "activities.Activity",
        # Registrations are the attendance record: cancel an activity, not delete it.
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("Activity"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("Resident"),
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.CONFIRMED
    )
    companions = models.PositiveSmallIntegerField(_("Companions"), default=0)
    confirmed_at = models.DateTimeField(_("Confirmed at"), null=True, blank=True)
    waitlisted_at = models.DateTimeField(
        _("Joined the waitlist at"), null=True, blank=True
    )
    cancelled_at = models.DateTimeField(_("Cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Cancelled by"),
    )
    checked_in_at = models.DateTimeField(_("Checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Checked in by"),
    )
    is_walk_in = models.BooleanField(
        _("Walk-in"),
        default=False,
        help_text=_("Added on the spot by staff, without signing up beforehand."),
    )
    reminder_sent_at = models.DateTimeField(
        _("Reminder sent at"), null=True, blank=True
    )
    # A household member signed up by ``user`` (an adult of the household): the
    # seat and the check-in code are the member's; ``user`` manages the seat.
    member = models.ForeignKey(
        "accounts.HouseholdMember",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("Household member"),
    )
    # The registrations signed up together (a household): on the waitlist they
    # stay together and are promoted all at once, never split.
    party = models.UUIDField(_("Party"), null=True, blank=True, db_index=True)
    eligibility_overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Eligibility exception by"),
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Registration")
        verbose_name_plural = _("Registrations")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["activity", "status", "created_at"]),
            models.Index(fields=["activity", "status", "waitlisted_at"]),
            # The admin's changelist: newest first, a page at a time.
            models.Index(fields=["-created_at", "-id"], name="registration_newest"),
            # The seats and the period's figures of a set of activities, read from
            # the index alone (no visit to the rows).
            models.Index(
                fields=["activity", "status"],
                include=["companions", "checked_in_at", "user", "member"],
                name="registration_seats",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "user"],
                condition=~models.Q(status="cancelled") & models.Q(member__isnull=True),
                name="registration_one_active_per_user",
                violation_error_message=_(
                    "This person is already registered for this activity."
                ),
            ),
            models.UniqueConstraint(
                fields=["activity", "member"],
                condition=~models.Q(status="cancelled")
                & models.Q(member__isnull=False),
                name="registration_one_active_per_member",
                violation_error_message=_(
                    "This person is already registered for this activity."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(companions__gte=0),
                name="registration_companions_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["confirmed", "waitlisted", "cancelled"]),
                name="registration_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="waitlisted")
                | models.Q(waitlisted_at__isnull=False),
                name="registration_waitlisted_has_time",
            ),
            models.CheckConstraint(
                condition=models.Q(checked_in_at__isnull=True)
                | models.Q(status="confirmed"),
                name="registration_checked_in_is_confirmed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_name} – {self.activity}"

    @property
    def person_name(self) -> str:
        """Whose seat it is: the household member's name, else the account's."""
        return self.member.name if self.member_id else str(self.user)

    @property
    def masked_person_name(self) -> str:
        """``person_name`` masked (王*), for the door page's screen."""
        return self.member.masked_name if self.member_id else self.user.masked_name

    @property
    def seats(self) -> int:
        """Seats taken: the person and their companions."""
        return 1 + self.companions

    @property
    def is_checked_in(self) -> bool:
        return self.checked_in_at is not None
