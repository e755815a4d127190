"""Bookings of a space: a resident's (or a team's) slot, or a staff block.

A booking holds its time while it is pending or confirmed (``ACTIVE``). No double
booking: the booking service locks the space row, re-reads what overlaps and
counts it against the space's ``booking_capacity``; on PostgreSQL the bookings of
a space booked whole (``exclusive``) are also kept apart by an exclusion
constraint on their time range (btree_gist, migration 0006), whoever writes."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from community_portal.models import TimeStampedModel
from community_portal.status import StatusPipeline, reason_required


class BookingQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=SpaceBooking.ACTIVE)

    def overlapping(self, starts_at, ends_at):
        return self.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)

    def with_related(self):
        return self.select_related("space__venue", "user")


class SpaceBooking(TimeStampedModel):
    class Kind(models.TextChoices):
        BOOKING = "booking", _("Booking")
        BLOCK = "block", _("Blocked by staff")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        CONFIRMED = "confirmed", _("Confirmed")
        REFUSED = "refused", _("Refused")
        CANCELLED = "cancelled", _("Cancelled")

    PIPELINE = StatusPipeline(
        {
            Status.PENDING: {Status.CONFIRMED, Status.REFUSED, Status.CANCELLED},
            Status.CONFIRMED: {Status.CANCELLED},
            Status.REFUSED: set(),
            Status.CANCELLED: set(),
        }
    )
    ACTIVE = (Status.PENDING, Status.CONFIRMED)

    space = models.ForeignKey(
        "venues.Space",
        on_delete=models.PROTECT,
        related_name="bookings",
        verbose_name=_("Space"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="space_bookings",
        verbose_name=_("Booked by"),
    )
    kind = models.CharField(
        _("Kind"), max_length=10, choices=Kind.choices, default=Kind.BOOKING
    )
    starts_at = models.DateTimeField(_("Starts at"))
    ends_at = models.DateTimeField(_("Ends at"))
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    # Copied from the space when the booking is made: the exclusion constraint
    # covers the bookings of spaces booked whole, and every staff block.
    exclusive = models.BooleanField(_("Takes the whole space"), default=True)
    note = models.CharField(_("Purpose"), max_length=200, blank=True)
    series = models.UUIDField(_("Weekly series"), null=True, blank=True, default=None)
    refusal_reason = models.CharField(
        _("Reason for refusal"), max_length=200, blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Decided by"),
    )
    decided_at = models.DateTimeField(_("Decided at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("Cancelled at"), null=True, blank=True)
    cancellation_reason = models.CharField(
        _("Why it was cancelled"), max_length=200, blank=True
    )

    objects = BookingQuerySet.as_manager()

    class Meta:
        verbose_name = _("Space booking")
        verbose_name_plural = _("Space bookings")
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["space", "starts_at"]),
            models.Index(fields=["user", "-starts_at"]),
            models.Index(fields=["status", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_at__lt=models.F("ends_at")),
                name="booking_starts_before_it_ends",
                violation_error_message=_("A booking must start before it ends."),
            ),
            reason_required(
                name="booking_refused_with_a_reason",
                value="refused",
                reason_field="refusal_reason",
                message=_("Give a reason for refusing a booking."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.space} · {self.starts_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("venues:booking_mine")

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @staticmethod
    def new_series() -> uuid.UUID:
        return uuid.uuid4()
