"""Activities, their status pipeline, seats and registration window, and the
named querysets the pages (and the lower apps, through their relations) use."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce, Now
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community_portal import versioned_cache
from community_portal.images import ProcessedImageField
from community_portal.models import TimeStampedModel
from community_portal.status import StatusPipeline
from volunteers.models import Strand

from ..month_cache import CALENDAR, places_version
from .ratings import Rating
from .registrations import attendance_of
from .series import ActivitySeries, Audience, Campaign

EARLIEST_NOT_ENDED_KEY = "earliest-start-not-ended"
SEAT_COUNTERS = ("seats_taken", "waitlist_count")
_earliest_memo: dict[str, datetime.datetime | None] = {}


def earliest_start_not_ended() -> datetime.datetime | None:
    """The earliest start among the activities (any status) that had not ended
    when it was read; ``None`` when none had.

    Kept in the shared cache under the calendar's version, which every write to
    an activity changes, and in the process for that version. Never wrong with
    time: as activities end, the earliest start of those left can only grow, so
    an older value is a lower bound still, only a looser one."""
    version = versioned_cache.version(CALENDAR)
    if version in _earliest_memo:
        return _earliest_memo[version]
    earliest = versioned_cache.cached(
        CALENDAR,
        EARLIEST_NOT_ENDED_KEY,
        lambda: Activity.objects.filter(ends_at__gte=Now()).aggregate(
            earliest=models.Min("starts_at")
        )["earliest"],
    )
    _earliest_memo.clear()
    _earliest_memo[version] = earliest
    return earliest


def refresh_seats(activities: list) -> list:
    """Read the seat counters (``seats_taken``, ``waitlist_count``) of
    ``activities`` afresh: for rows kept in a cache, whose counters may have
    changed since. One query by primary key for them all; returns the list."""
    if not activities:
        return activities
    counters = {
        pk: (taken, waiting)
        for pk, taken, waiting in Activity.objects.filter(
            pk__in={activity.pk for activity in activities}
        )
        .order_by()
        .values_list("pk", *SEAT_COUNTERS)
    }
    for activity in activities:
        activity.seats_taken, activity.waitlist_count = counters.get(
            activity.pk, (0, 0)
        )
    return activities


class ActivityQuerySet(models.QuerySet):
    def published(self):
        return self.filter(
            status__in=[Activity.Status.PUBLISHED, Activity.Status.CANCELLED]
        )

    def not_ended(self):
        """Activities that have not ended (by the database's clock).

        Besides ``ends_at >= now`` the start is bounded below by the earliest start
        of an activity that had not ended when the bound was read
        (``earliest_start_not_ended``): a list in order of start then reads its
        index from about now instead of through every past activity first."""
        queryset = self.filter(ends_at__gte=Now())
        earliest = earliest_start_not_ended()
        if earliest is not None:
            queryset = queryset.filter(starts_at__gte=earliest)
        return queryset

    def upcoming(self):
        return self.not_ended().order_by("starts_at", "id")

    def past(self):
        return self.filter(ends_at__lt=Now()).order_by("-starts_at", "-id")

    def with_related(self):
        return self.select_related(
            "venue", "space", "team", "alliance"
        ).prefetch_related("campaigns")

    def with_attendance(self):
        """Annotate ``attendance``: the people checked in, companions included
        (attendance is never stored; check-ins are the record of it)."""
        return self.annotate(attendance=attendance_of("pk"))

    def with_rating_summary(self):
        """Annotate ``rating_average`` (``None`` without ratings) and
        ``rating_count``."""
        ratings = (
            Rating.objects.filter(activity=models.OuterRef("pk"))
            .order_by()
            .values("activity")
        )
        return self.annotate(
            rating_average=models.Subquery(
                ratings.annotate(
                    average=models.Avg("score", output_field=models.FloatField())
                ).values("average")[:1],
                output_field=models.FloatField(),
            ),
            rating_count=Coalesce(
                models.Subquery(
                    ratings.annotate(total=models.Count("pk")).values("total")[:1]
                ),
                0,
            ),
        )

    # The lists other apps show through their relations (``team.activities``,
    # ``venue.activities`` …): the lower layers never import this app, they call
    # these methods on the related manager.
    def coming_cards(self):
        """Published (and cancelled) activities that have not ended, soonest
        first, with the venue and space an activity card names, and their seat
        counters."""
        return (
            self.published()
            .select_related("venue", "space")
            .not_ended()
            .order_by("starts_at", "id")
        )

    def coming_card_list(self, *, limit: int, cache_as: str = "") -> list:
        """The first ``limit`` of ``coming_cards()``: one query whatever the
        limit.

        With ``cache_as`` (a key naming everything this queryset's filter depends
        on: ``"grid:3"``), the cards without their seats are kept in the shared
        cache under the calendar's version (every write to an activity changes it)
        and the places' (the venue and space a card names), until the soonest of
        them ends; their seat counters are still read afresh (``refresh_seats``):
        one query on a hit."""
        if not cache_as:
            return list(self.coming_cards()[:limit])
        key = f"coming:{cache_as}:{limit}:{places_version()}"
        for _attempt in range(2):
            cards, until = versioned_cache.cached(
                CALENDAR, key, lambda: _coming_with_expiry(self, limit)
            )
            if until is None or until >= timezone.now():
                return refresh_seats(cards)
            # The soonest card has ended since it was cached: read them afresh.
            versioned_cache.forget(CALENDAR, key)
        return list(self.coming_cards()[:limit])

    def recent_cards(self):
        """Published activities that have ended, latest first (none cancelled),
        with the venue and space an activity card names (a past card shows no
        seats)."""
        return (
            self.filter(status=Activity.Status.PUBLISHED)
            .past()
            .select_related("venue", "space")
        )


def _coming_with_expiry(
    activities, limit: int
) -> tuple[list, datetime.datetime | None]:
    # The cards and when the first of them ends (it leaves the list then; a card
    # that ends later cannot leave earlier). Without cards, only a write (a new
    # activity, one published) can change the answer.
    cards = list(activities.coming_cards()[:limit])
    return cards, min((card.ends_at for card in cards), default=None)


class Activity(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    # Published by ``activity_publish``, called off by ``activity_cancel``; a
    # cancelled activity stays cancelled (residents were told).
    PIPELINE = StatusPipeline(
        {
            Status.DRAFT: {Status.PUBLISHED, Status.CANCELLED},
            Status.PUBLISHED: {Status.CANCELLED},
            Status.CANCELLED: set(),
        }
    )

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
    # Counters of the registrations, kept by ``models.seats`` in the transaction
    # of every write to a registration (never written by a save of the activity).
    seats_taken = models.PositiveIntegerField(
        _("Seats taken"),
        default=0,
        editable=False,
        help_text=_("Confirmed registrations, companions included."),
    )
    waitlist_count = models.PositiveIntegerField(
        _("On the waitlist"), default=0, editable=False
    )
    summary = models.CharField(_("Summary"), max_length=200)
    description = models.TextField(_("Details"), blank=True)
    cover = ProcessedImageField(_("Cover image"), upload_to="activities/", blank=True)
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    registration_opens_at = models.DateTimeField(
        _("Registration opens at"),
        null=True,
        blank=True,
        help_text=_("Leave empty to open registration as soon as it is published."),
    )
    registration_closes_at = models.DateTimeField(
        _("Registration closes at"),
        null=True,
        blank=True,
        help_text=_("Leave empty to keep registration open until the start."),
    )
    cancellation_cutoff_hours = models.PositiveSmallIntegerField(
        _("Cancellation cut-off (hours)"),
        default=2,
        help_text=_("Residents may cancel until this many hours before the start."),
    )
    max_companions = models.PositiveSmallIntegerField(
        _("Companions allowed"),
        default=0,
        help_text=_(
            "How many companions (for example a child) one resident may bring; "
            "each companion takes a seat."
        ),
    )
    min_age = models.PositiveSmallIntegerField(
        _("Minimum age"),
        null=True,
        blank=True,
        help_text=_(
            "Checked against the birth year when a resident has entered it; "
            "staff may make an exception."
        ),
    )
    max_age = models.PositiveSmallIntegerField(
        _("Maximum age"),
        null=True,
        blank=True,
        help_text=_(
            "For children's activities: the oldest age taken, checked like the "
            "minimum age."
        ),
    )
    checkin_opens_minutes = models.PositiveSmallIntegerField(
        _("Check-in opens (minutes before the start)"),
        default=60,
        help_text=_(
            "Check-in at the door is accepted from this many minutes before the "
            "start until the end."
        ),
    )
    cancellation_reason = models.CharField(
        _("Reason for cancelling"), max_length=200, blank=True
    )
    series = models.ForeignKey(
        ActivitySeries,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("Series"),
    )

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("Activity")
        verbose_name_plural = _("Activities")
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["status", "starts_at"]),
            models.Index(fields=["status", "ends_at"]),
            # The lists' order (coming activities by start) over what residents see,
            # with ends_at at hand to skip the past without reading the rows.
            models.Index(
                fields=["starts_at", "id"],
                include=["ends_at"],
                condition=models.Q(status__in=["published", "cancelled"]),
                name="activity_listed_order",
            ),
            # The admin's list: every activity, newest start first.
            models.Index(fields=["-starts_at", "-id"], name="activity_newest_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="activity_ends_after_start",
                violation_error_message=_("The end must be after the start."),
            ),
            models.CheckConstraint(
                condition=models.Q(registration_opens_at__isnull=True)
                | models.Q(registration_closes_at__isnull=True)
                | models.Q(
                    registration_closes_at__gt=models.F("registration_opens_at")
                ),
                name="activity_registration_closes_after_opens",
                violation_error_message=_("Registration must close after it opens."),
            ),
            models.CheckConstraint(
                condition=models.Q(registration_closes_at__isnull=True)
                | models.Q(registration_closes_at__lte=models.F("ends_at")),
                name="activity_registration_closes_by_end",
                violation_error_message=_(
                    "Registration cannot close after the activity has ended."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(min_age__isnull=True)
                | models.Q(max_age__isnull=True)
                | models.Q(max_age__gte=models.F("min_age")),
                name="activity_max_age_not_below_min_age",
                violation_error_message=_(
                    "The maximum age must not be below the minimum age."
                ),
            ),
            models.UniqueConstraint(
                fields=["series", "starts_at"],
                condition=models.Q(series__isnull=False),
                name="activity_one_occurrence_per_series_start",
                violation_error_message=_(
                    "This series already has an activity at this time."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activities:detail", kwargs={"pk": self.pk})

    def save(self, *args, **kwargs) -> None:
        # A row read earlier carries counters a registration may have changed
        # since: a whole save writes every field but them (``models.seats``
        # keeps them). A new row (a copy of an activity too) has no
        # registrations yet.
        if self._state.adding or self.pk is None:
            self.seats_taken = self.waitlist_count = 0
        elif kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            deferred = self.get_deferred_fields()
            kwargs["update_fields"] = [
                field.attname
                for field in self._meta.concrete_fields
                if not field.primary_key
                and field.name not in SEAT_COUNTERS
                and field.attname not in deferred
            ]
        super().save(*args, **kwargs)

    def clean(self) -> None:
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The end must be after the start.")
        if self.space_id and self.venue_id and self.space.venue_id != self.venue_id:
            errors["space"] = _("The chosen space does not belong to the chosen venue.")
        opens, closes = self.registration_opens_at, self.registration_closes_at
        if opens and closes and closes <= opens:
            errors["registration_closes_at"] = _(
                "Registration must close after it opens."
            )
        elif closes and self.ends_at and closes > self.ends_at:
            errors["registration_closes_at"] = _(
                "Registration cannot close after the activity has ended."
            )
        if (
            self.min_age is not None
            and self.max_age is not None
            and self.max_age < self.min_age
        ):
            errors["max_age"] = _("The maximum age must not be below the minimum age.")
        if errors:
            raise ValidationError(errors)

    @property
    def checkin_opens_at(self) -> datetime.datetime:
        return self.starts_at - datetime.timedelta(minutes=self.checkin_opens_minutes)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def seats_left(self) -> int | None:
        """``None`` without a seat limit."""
        return None if self.capacity is None else self.capacity - self.seats_taken

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def registration_deadline(self) -> datetime.datetime:
        """When registration closes: the set time, otherwise the start."""
        return self.registration_closes_at or self.starts_at

    @property
    def cancellation_deadline(self) -> datetime.datetime:
        """Until when a resident may cancel a confirmed seat themselves."""
        return self.starts_at - datetime.timedelta(hours=self.cancellation_cutoff_hours)

    def is_registration_open(self, *, now: datetime.datetime | None = None) -> bool:
        """Published, not cancelled, inside the registration window. Seats are not
        counted here: a full activity still takes sign-ups onto its waitlist."""
        now = now or timezone.now()
        if self.status != self.Status.PUBLISHED or now >= self.ends_at:
            return False
        if self.registration_opens_at and now < self.registration_opens_at:
            return False
        return now < self.registration_deadline
