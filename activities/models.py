"""Activities: what the venues, alliances and teams put on for residents."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce, Now, TruncMonth
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
        if self.space_id and self.venue_id and self.space.venue_id != self.venue_id:
            raise ValidationError(
                {"space": _("The chosen space does not belong to the chosen venue.")}
            )


def _attendance_of(activity_ref: str):
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

    def with_attendance(self):
        """Annotate ``attendance``: the people checked in, companions included
        (attendance is never stored; check-ins are the record of it)."""
        return self.annotate(attendance=_attendance_of("pk"))

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

    def with_seats(self):
        """``with_registration_counts()`` plus ``seats_left`` (``None`` without a
        seat limit), in the same query."""
        return self.with_registration_counts().annotate(
            seats_left=models.F("capacity") - models.F("seats_taken")
        )

    # The lists other apps show through their relations (``team.activities``,
    # ``venue.activities`` …): the lower layers never import this app, they call
    # these methods on the related manager.
    def coming_cards(self):
        """Published (and cancelled) activities that have not ended, soonest
        first, with what an activity card shows."""
        return (
            self.published()
            .with_related()
            .with_seats()
            .filter(ends_at__gte=Now())
            .order_by("starts_at", "id")
        )

    def recent_cards(self):
        """Published activities that have ended, latest first (none cancelled)."""
        return self.filter(status=Activity.Status.PUBLISHED).past().with_related()

    def with_registration_counts(self):
        """Annotate ``seats_taken`` (confirmed, companions included) and
        ``waitlist_count``; subqueries, so they combine with any other join."""
        confirmed = Registration.objects.filter(
            activity=models.OuterRef("pk"), status=Registration.Status.CONFIRMED
        )
        waitlisted = Registration.objects.filter(
            activity=models.OuterRef("pk"), status=Registration.Status.WAITLISTED
        )
        return self.annotate(
            seats_taken=Coalesce(
                models.Subquery(
                    confirmed.order_by()
                    .values("activity")
                    .annotate(total=models.Sum(models.F("companions") + 1))
                    .values("total")[:1]
                ),
                0,
            ),
            waitlist_count=Coalesce(
                models.Subquery(
                    waitlisted.order_by()
                    .values("activity")
                    .annotate(total=models.Count("pk"))
                    .values("total")[:1]
                ),
                0,
            ),
        )


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
        if errors:
            raise ValidationError(errors)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

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

    def with_related(self):
        return self.select_related("activity", "user", "checked_in_by")

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

    activity = models.ForeignKey(
        Activity,
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
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "user"],
                condition=~models.Q(status="cancelled"),
                name="registration_one_active_per_user",
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
        return f"{self.user} – {self.activity}"

    @property
    def seats(self) -> int:
        """Seats taken: the person and their companions."""
        return 1 + self.companions

    @property
    def is_checked_in(self) -> bool:
        return self.checked_in_at is not None


class ActivityRecordQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def with_related(self):
        return self.select_related(
            "activity__venue", "activity__space", "activity__team", "author"
        ).prefetch_related("photos")

    def with_attendance(self):
        """Annotate ``attendance`` from the activity's check-ins (companions
        included), as ``ActivityQuerySet.with_attendance`` does."""
        return self.annotate(attendance=_attendance_of("activity_id"))


class ActivityRecord(TimeStampedModel):
    """The record (纪实) of an activity that took place: a summary and photos for
    the ledger. Attendance is not stored here: it is counted from check-ins."""

    activity = models.OneToOneField(
        Activity,
        on_delete=models.PROTECT,
        related_name="record",
        verbose_name=_("Activity"),
    )
    summary = models.TextField(_("Summary"))
    is_published = models.BooleanField(_("Published"), default=False)
    published_at = models.DateTimeField(_("Published at"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Author"),
    )

    objects = ActivityRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("Activity record")
        verbose_name_plural = _("Activity records")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["is_published", "published_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_published=False)
                | models.Q(published_at__isnull=False),
                name="activity_record_published_has_time",
            ),
        ]

    def __str__(self) -> str:
        return str(self.activity)


class RecordPhoto(models.Model):
    record = models.ForeignKey(
        ActivityRecord,
        on_delete=models.CASCADE,
        related_name="photos",
        verbose_name=_("Record"),
    )
    image = ProcessedImageField(_("Photo"), upload_to="records/")
    caption = models.CharField(_("Caption"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("Position"), default=0)

    class Meta:
        verbose_name = _("Record photo")
        verbose_name_plural = _("Record photos")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.caption or self.image.name


class RatingQuerySet(models.QuerySet):
    def for_activities_between(self, start: datetime.datetime, end: datetime.datetime):
        """Ratings of activities that started in ``[start, end)``."""
        return self.filter(activity__starts_at__gte=start, activity__starts_at__lt=end)

    def _summary(self):
        return {
            "average": models.Avg("score", output_field=models.FloatField()),
            "count": models.Count("pk"),
            "satisfied": models.Count(
                "pk", filter=models.Q(score__gte=Rating.SATISFIED_FROM)
            ),
        }

    def by_strand(self):
        """One row per strand: ``strand``, ``average``, ``count``, ``satisfied``."""
        return (
            self.order_by()
            .values(strand=models.F("activity__strand"))
            .annotate(**self._summary())
            .order_by("strand")
        )

    def by_month(self):
        """One row per calendar month (local time) of the activity's start:
        ``month`` (the first day, a ``datetime``), ``average``, ``count``,
        ``satisfied``."""
        return (
            self.order_by()
            .annotate(
                month=TruncMonth(
                    "activity__starts_at", tzinfo=timezone.get_current_timezone()
                )
            )
            .values("month")
            .annotate(**self._summary())
            .order_by("month")
        )


class Rating(TimeStampedModel):
    """A resident's rating (评价) of an activity they attended: the measure of
    residents' satisfaction (满意度) the plan asks for."""

    SATISFIED_FROM = 4

    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        related_name="ratings",
        verbose_name=_("Activity"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="activity_ratings",
        verbose_name=_("Resident"),
    )
    score = models.PositiveSmallIntegerField(
        _("Score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("Comment"), max_length=500, blank=True)

    objects = RatingQuerySet.as_manager()

    class Meta:
        verbose_name = _("Rating")
        verbose_name_plural = _("Ratings")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "user"],
                name="rating_one_per_user_and_activity",
                violation_error_message=_("You have already rated this activity."),
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5),
                name="rating_score_1_to_5",
                violation_error_message=_("The score must be from 1 to 5."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity} – {self.score}"
