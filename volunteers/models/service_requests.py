"""Service requests residents order (点单→派单→接单→评单) and their photos."""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community_portal.models import PrivatePhoto, TimeStampedModel
from community_portal.status import StatusPipeline


class ServiceCategory(models.Model):
    """What residents can order (助老, 便民维修…); staff add more in the admin."""

    name = models.CharField(_("Name"), max_length=50, unique=True)
    description = models.CharField(_("Description"), max_length=200, blank=True)
    is_active = models.BooleanField(_("Can be ordered"), default=True)
    position = models.PositiveSmallIntegerField(_("Position"), default=0)

    class Meta:
        verbose_name = _("Service category")
        verbose_name_plural = _("Service categories")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class ServiceRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=ServiceRequest.OPEN_STATUSES)

    def with_related(self):
        return self.select_related(
            "category", "requester", "team", "accepted_by", "ordered_by"
        )

    def with_overdue(self, *, now=None):
        """Annotate ``is_overdue``: still open when the wanted time has passed, or
        not dispatched a day after it was ordered."""
        now = now or timezone.now()
        return self.annotate(
            is_overdue=models.Case(
                models.When(
                    models.Q(status__in=ServiceRequest.OPEN_STATUSES)
                    & (
                        models.Q(wanted_at__lt=now)
                        | models.Q(
                            status=ServiceRequest.Status.ORDERED,
                            created_at__lt=now - ServiceRequest.DISPATCH_WITHIN,
                        )
                    ),
                    then=models.Value(True),
                ),
                default=models.Value(False),
                output_field=models.BooleanField(),
            )
        )


class ServiceRequest(TimeStampedModel):
    """A service a resident orders (点单); staff dispatch it to a team (派单); a team
    member accepts it (接单) and marks it done; the resident rates it (评单)."""

    DISPATCH_WITHIN = datetime.timedelta(days=1)

    class Status(models.TextChoices):
        ORDERED = "ordered", _("Ordered")
        DISPATCHED = "dispatched", _("Dispatched to a team")
        ACCEPTED = "accepted", _("Accepted by a volunteer")
        DONE = "done", _("Done")
        RATED = "rated", _("Rated")
        CANCELLED = "cancelled", _("Cancelled")

    OPEN_STATUSES = (Status.ORDERED, Status.DISPATCHED, Status.ACCEPTED)
    # A dispatched request may be sent to another team until somebody accepts it.
    PIPELINE = StatusPipeline(
        {
            Status.ORDERED: {Status.DISPATCHED, Status.CANCELLED},
            Status.DISPATCHED: {Status.DISPATCHED, Status.ACCEPTED, Status.CANCELLED},
            Status.ACCEPTED: {Status.DONE},
            Status.DONE: {Status.RATED},
        }
    )

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="service_requests",
        verbose_name=_("Requester"),
    )
    ordered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Ordered by"),
        help_text=_("Staff who ordered it on the resident's behalf."),
    )
    category = models.ForeignKey(
        ServiceCategory,
        on_delete=models.PROTECT,
        related_name="requests",
        verbose_name=_("Service"),
    )
    description = models.TextField(_("What is needed"), max_length=1000)
    wanted_at = models.DateTimeField(_("When"))
    place = models.CharField(_("Where"), max_length=200)
    contact_phone = models.CharField(_("Contact phone"), max_length=16, blank=True)
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.ORDERED
    )
    team = models.ForeignKey(
        "Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_requests",
        verbose_name=_("Team"),
    )
    dispatched_at = models.DateTimeField(_("Dispatched at"), null=True, blank=True)
    dispatched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Dispatched by"),
    )
    accepted_at = models.DateTimeField(_("Accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="accepted_service_requests",
        verbose_name=_("Accepted by"),
    )
    done_at = models.DateTimeField(_("Done at"), null=True, blank=True)
    done_note = models.TextField(_("What was done"), max_length=1000, blank=True)
    rated_at = models.DateTimeField(_("Rated at"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("Rating"), null=True, blank=True)
    rating_comment = models.CharField(_("Comment"), max_length=500, blank=True)
    cancelled_at = models.DateTimeField(_("Cancelled at"), null=True, blank=True)

    objects = ServiceRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("Service request")
        verbose_name_plural = _("Service requests")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["requester", "created_at"]),
            models.Index(fields=["team", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True)
                | models.Q(rating__gte=1, rating__lte=5),
                name="service_request_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["ordered", "cancelled"])
                | models.Q(team__isnull=False, dispatched_at__isnull=False),
                name="service_request_dispatched_has_team",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["accepted", "done", "rated"])
                | models.Q(accepted_at__isnull=False),
                name="service_request_accepted_has_time",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["done", "rated"])
                | models.Q(done_at__isnull=False),
                name="service_request_done_has_time",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="rated")
                | models.Q(rated_at__isnull=False, rating__isnull=False),
                name="service_request_rated_has_rating",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category} – {self.place}"

    def get_absolute_url(self) -> str:
        return reverse("volunteers:service_detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class ServiceRequestPhoto(PrivatePhoto):
    OWNER_FIELD = "request"
    PRIVATE_KIND = "service"
    UPLOAD_DIR = "services"

    request = models.ForeignKey(
        ServiceRequest,
        on_delete=models.CASCADE,
        related_name="photos",
        verbose_name=_("Service request"),
    )

    class Meta(PrivatePhoto.Meta):
        verbose_name = _("Service photo")
        verbose_name_plural = _("Service photos")
