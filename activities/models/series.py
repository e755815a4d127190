"""Recurring activities: the series their occurrences are copied from, and the
audiences and campaigns an activity is tagged with."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

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


class ActivitySeries(TimeStampedModel):
    """A recurring activity (the quarterly 悦寿宴, a weekly 健康课堂): the template
    its occurrences are copied from. ``activities.services.series_generate``
    creates the occurrences; each one is an ordinary activity afterwards."""

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("Weekly")
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")

    title = models.CharField(_("Title"), max_length=120)
    frequency = models.CharField(
        _("Frequency"), max_length=20, choices=Frequency.choices
    )
    starts_on = models.DateField(
        _("First date"),
        help_text=_("Monthly and quarterly dates fall on the same day of the month."),
    )
    ends_on = models.DateField(_("Last date"))
    start_time = models.TimeField(_("Start time"))
    duration = models.DurationField(_("Duration"), default=datetime.timedelta(hours=2))
    strand = models.CharField(_("Strand"), max_length=30, choices=Strand.choices)
    venue = models.ForeignKey(
        "venues.Venue",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activity_series",
        verbose_name=_("Venue"),
    )
    space = models.ForeignKey(
        "venues.Space",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activity_series",
        verbose_name=_("Space"),
    )
    location = models.CharField(_("Location details"), max_length=200, blank=True)
    team = models.ForeignKey(
        "volunteers.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activity_series",
        verbose_name=_("Organising team"),
    )
    alliance = models.ForeignKey(
        "venues.Alliance",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activity_series",
        verbose_name=_("Partner unit"),
    )
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
    min_age = models.PositiveSmallIntegerField(_("Minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("Maximum age"), null=True, blank=True)
    max_companions = models.PositiveSmallIntegerField(
        _("Companions allowed"), default=0
    )
    cancellation_cutoff_hours = models.PositiveSmallIntegerField(
        _("Cancellation cut-off (hours)"), default=2
    )
    registration_opens_days = models.PositiveSmallIntegerField(
        _("Registration opens (days before)"),
        null=True,
        blank=True,
        help_text=_("Leave empty to open registration as soon as it is published."),
    )
    registration_closes_hours = models.PositiveSmallIntegerField(
        _("Registration closes (hours before)"),
        null=True,
        blank=True,
        help_text=_("Leave empty to keep registration open until the start."),
    )
    checkin_opens_minutes = models.PositiveSmallIntegerField(
        _("Check-in opens (minutes before the start)"), default=60
    )
    summary = models.CharField(_("Summary"), max_length=200)
    description = models.TextField(_("Details"), blank=True)

    class Meta:
        verbose_name = _("Activity series")
        verbose_name_plural = _("Activity series")
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="activity_series_ends_after_start",
                violation_error_message=_(
                    "The last date must not be before the first date."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(duration__gt=datetime.timedelta(0)),
                name="activity_series_duration_positive",
                violation_error_message=_("The duration must be positive."),
            ),
            models.CheckConstraint(
                condition=models.Q(frequency__in=["weekly", "monthly", "quarterly"]),
                name="activity_series_frequency_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if self.space_id and self.venue_id and self.space.venue_id != self.venue_id:
            errors["space"] = _("The chosen space does not belong to the chosen venue.")
        if (
            self.min_age is not None
            and self.max_age is not None
            and self.max_age < self.min_age
        ):
            errors["max_age"] = _("The maximum age must not be below the minimum age.")
        opens, closes = self.registration_opens_days, self.registration_closes_hours
        if opens is not None and closes is not None and closes >= opens * 24:
            errors["registration_closes_hours"] = _(
                "Registration must close after it opens."
            )
        if errors:
            raise ValidationError(errors)


class SeriesSkippedDate(models.Model):
    """A date a series does not take place on (the day after 春节, a holiday):
    ``series_generate`` creates no occurrence for it."""

    series = models.ForeignKey(
        ActivitySeries,
        on_delete=models.CASCADE,
        related_name="skipped_dates",
        verbose_name=_("Series"),
    )
    date = models.DateField(_("Date"))

    class Meta:
        verbose_name = _("Skipped date")
        verbose_name_plural = _("Skipped dates")
        ordering = ["date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "date"],
                name="series_skipped_date_once",
                violation_error_message=_("This date is already skipped."),
            )
        ]

    def __str__(self) -> str:
        return str(self.date)
