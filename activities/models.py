"""Activities: what the venues, alliances and teams put on for residents."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Now
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community_portal.images import ProcessedImageField
from community_portal.models import TimeStampedModel
from volunteers.models import Strand


class Campaign(models.Model):
    """One of the subdistrict's central-work campaigns (中心工作), used as a tag."""

    name = models.CharField(_("Name"), max_length=50, unique=True)
    slug = models.SlugField(_("Slug"), max_length=50, unique=True)
    position = models.PositiveSmallIntegerField(_("Position"), default=0)

    class Meta:
        verbose_name = _("Central-work campaign")
        verbose_name_plural = _("Central-work campaigns")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    ELDERLY = "elderly", _("Elderly")
    CHILDREN = "children", _("Children")
    PARENT_CHILD = "parent_child", _("Parents and children")
    WOMEN = "women", _("Women")
    MEN = "men", _("Men")


class ActivityQuerySet(models.QuerySet):
    def published(self):
        return self.filter(
            status__in=[Activity.Status.PUBLISHED, Activity.Status.CANCELLED]
        )

    def upcoming(self):
        return self.filter(ends_at__gte=Now()).order_by("starts_at", "id")

    def past(self):
        return self.filter(ends_at__lt=Now()).order_by("-starts_at", "-id")

    def with_related(self):
        return self.select_related(
            "venue", "space", "team", "alliance"
        ).prefetch_related("campaigns")


class Activity(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("Title"), max_length=120)
    strand = models.CharField(_("Strand"), max_length=30, choices=Strand.choices)
    campaigns = models.ManyToManyField(
        Campaign,
        blank=True,
        related_name="activities",
        verbose_name=_("Central-work campaigns"),
    )
    venue = models.ForeignKey(
        "venues.Venue",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("Venue"),
    )
    space = models.ForeignKey(
        "venues.Space",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("Space"),
    )
    location = models.CharField(
        _("Location details"),
        max_length=200,
        blank=True,
        help_text=_("For example: Yuewei Road in grid 9"),
    )
    team = models.ForeignKey(
        "volunteers.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("Organising team"),
    )
    alliance = models.ForeignKey(
        "venues.Alliance",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("Partner unit"),
    )
    grid = models.ForeignKey(
        "grids.Grid",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("Grid"),
        help_text=_("Fill in when the activity takes place in a grid."),
    )
    starts_at = models.DateTimeField(_("Starts at"))
    ends_at = models.DateTimeField(_("Ends at"))
    audience = models.CharField(
        _("Audience"),
        max_length=20,
        choices=Audience.choices,
        default=Audience.EVERYONE,
    )
    capacity = models.PositiveIntegerField(
        _("Seats"),
        null=True,
        blank=True,
        help_text=_("Leave empty for unlimited seats."),
    )
    summary = models.CharField(_("Summary"), max_length=200)
    description = models.TextField(_("Details"), blank=True)
    cover = ProcessedImageField(_("Cover image"), upload_to="activities/", blank=True)
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("Activity")
        verbose_name_plural = _("Activities")
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["status", "starts_at"]),
            models.Index(fields=["status", "ends_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="activity_ends_after_start",
                violation_error_message=_("The end must be after the start."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activities:detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The end must be after the start.")
        if self.space_id and self.venue_id and self.space.venue_id != self.venue_id:
            errors["space"] = _("The chosen space does not belong to the chosen venue.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()
