"""The 3 culture venues with their spaces, the 2 partner alliances with their
programmes and integrity-street merchants, and the matters residents raise in the
说事长廊 talk corridor."""

import datetime
import uuid
from urllib.parse import urlencode

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from community_portal.errors import ServiceError
from community_portal.images import ProcessedImageField
from community_portal.models import OrderedPhoto, PrivatePhoto, TimeStampedModel
from community_portal.status import StatusPipeline, reason_required

from ..errors import Code


class Venue(TimeStampedModel):
    class Kind(models.TextChoices):
        CULTURE_HOME = "culture_home", _("Culture home")
        TALK_CORRIDOR = "talk_corridor", _("Talk corridor")
        CULTURE_GRIDS = "culture_grids", _("Culture grids")

    name = models.CharField(_("Name"), max_length=100, unique=True)
    slug = models.SlugField(_("Slug"), max_length=60, unique=True)
    kind = models.CharField(_("Kind"), max_length=20, choices=Kind.choices)
    summary = models.CharField(_("Summary"), max_length=200)
    description = models.TextField(_("Description"), blank=True)
    cover = ProcessedImageField(_("Cover image"), upload_to="venues/", blank=True)
    position = models.PositiveSmallIntegerField(_("Position"), default=0)
    # The venue page links the address to a map search and the phone to a call.
    address = models.CharField(
        _("Address"),
        max_length=200,
        blank=True,
        help_text=_("As a map search finds it: the community's name and the venue's."),
    )
    office_phone = models.CharField(
        _("Office phone"),
        max_length=20,
        blank=True,
        validators=[
            RegexValidator(
                r"^[0-9+\- ]{5,20}$",
                _("Digits, spaces, '+' and '-' only."),
            )
        ],
    )

    class Meta:
        verbose_name = _("Culture venue")
        verbose_name_plural = _("Culture venues")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("venues:detail", kwargs={"slug": self.slug})

    @property
    def map_url(self) -> str:
        """A plain link to a map search for the address (no map script)."""
        if not self.address:
            return ""
        return "https://uri.amap.com/search?" + urlencode({"keyword": self.address})

    @property
    def tel_url(self) -> str:
        digits = "".join(c for c in self.office_phone if c.isdigit() or c == "+")
        return f"tel:{digits}" if digits else ""


class BookingMode(models.TextChoices):
    OFF = "off", _("Not bookable")
    APPROVAL = "approval", _("Bookable, staff approve")
    INSTANT = "instant", _("Bookable, confirmed at once")


class Space(TimeStampedModel):
    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, related_name="spaces", verbose_name=_("Venue")
    )
    name = models.CharField(_("Name"), max_length=100, unique=True)
    purpose = models.CharField(_("Purpose"), max_length=200)
    description = models.TextField(_("Description"), blank=True)
    opening_hours = models.CharField(_("Opening hours"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(_("Capacity"), null=True, blank=True)
    location = models.CharField(_("Location"), max_length=200, blank=True)
    cover = ProcessedImageField(_("Cover image"), upload_to="spaces/", blank=True)
    position = models.PositiveSmallIntegerField(_("Position"), default=0)
    # --- booking (悦健室 tables, 悦荟区 gatherings …) ----------------------------------
    slug = models.SlugField(
        _("Slug"),
        max_length=60,
        unique=True,
        null=True,
        blank=True,
        help_text=_("The web address of the booking page; needed to take bookings."),
    )
    booking_mode = models.CharField(
        _("Booking"),
        max_length=10,
        choices=BookingMode.choices,
        default=BookingMode.OFF,
    )
    opens_at = models.TimeField(_("Bookable from"), default=datetime.time(9))
    closes_at = models.TimeField(_("Bookable until"), default=datetime.time(17))
    open_weekdays = models.CharField(
        _("Open weekdays"),
        max_length=7,
        default="1234567",
        help_text=_("The days bookings are taken: 1 is Monday, 7 is Sunday."),
    )
    slot_minutes = models.PositiveSmallIntegerField(
        _("Slot length (minutes)"), default=60
    )
    max_slots = models.PositiveSmallIntegerField(
        _("Longest booking (slots)"), default=2
    )
    booking_capacity = models.PositiveSmallIntegerField(
        _("Bookings at the same time"),
        default=1,
        help_text=_("For example the number of tables; 1 for a room booked whole."),
    )
    days_ahead = models.PositiveSmallIntegerField(_("Bookable days ahead"), default=14)
    booking_rules = models.TextField(_("Booking rules"), blank=True)
    shows_gallery = models.BooleanField(
        _("Shows the residents' works"),
        default=False,
        help_text=_("The space's page shows the latest works of the gallery (悦珍阁)."),
    )

    class Meta:
        verbose_name = _("Space")
        verbose_name_plural = _("Spaces")
        ordering = ["venue__position", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(booking_mode="off") | models.Q(slug__isnull=False),
                name="space_bookable_has_slug",
                violation_error_message=_("A bookable space needs a slug."),
            ),
            models.CheckConstraint(
                condition=models.Q(opens_at__lt=models.F("closes_at")),
                name="space_opens_before_it_closes",
                violation_error_message=_("Bookings must start before they end."),
            ),
            models.CheckConstraint(
                condition=models.Q(
                    slot_minutes__gte=15, max_slots__gte=1, booking_capacity__gte=1
                ),
                name="space_booking_sizes_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"{self.venue.get_absolute_url()}#space-{self.pk}"

    @property
    def is_bookable(self) -> bool:
        return self.booking_mode != BookingMode.OFF and bool(self.slug)

    @property
    def needs_approval(self) -> bool:
        return self.booking_mode == BookingMode.APPROVAL

    def get_booking_url(self) -> str:
        return reverse("venues:space_book", kwargs={"slug": self.slug})


class SpacePhoto(OrderedPhoto):
    OWNER_FIELD = "space"
    UPLOAD_DIR = "spaces/photos"

    space = models.ForeignKey(
        Space, on_delete=models.CASCADE, related_name="photos", verbose_name=_("Space")
    )
    caption = models.CharField(_("Caption"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Space photo")
        verbose_name_plural = _("Space photos")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.caption or str(self.space)


class Alliance(TimeStampedModel):
    name = models.CharField(_("Name"), max_length=100, unique=True)
    slug = models.SlugField(_("Slug"), max_length=60, unique=True)
    summary = models.CharField(_("Summary"), max_length=200)
    description = models.TextField(_("Description"), blank=True)
    address = models.CharField(_("Address"), max_length=200, blank=True)
    cover = ProcessedImageField(_("Cover image"), upload_to="alliances/", blank=True)
    position = models.PositiveSmallIntegerField(_("Position"), default=0)

    class Meta:
        verbose_name = _("Partner alliance")
        verbose_name_plural = _("Partner alliances")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("venues:alliance_detail", kwargs={"slug": self.slug})


class Programme(TimeStampedModel):
    alliance = models.ForeignKey(
        Alliance,
        on_delete=models.CASCADE,
        related_name="programmes",
        verbose_name=_("Partner alliance"),
    )
    name = models.CharField(_("Name"), max_length=100)
    summary = models.CharField(_("Summary"), max_length=200, blank=True)
    description = models.TextField(_("Description"), blank=True)
    location = models.CharField(_("Location"), max_length=200, blank=True)
    cover = ProcessedImageField(_("Cover image"), upload_to="programmes/", blank=True)
    position = models.PositiveSmallIntegerField(_("Position"), default=0)

    class Meta:
        verbose_name = _("Programme")
        verbose_name_plural = _("Programmes")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "name"], name="unique_programme_per_alliance"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Pledge(models.Model):
    """A commitment merchants take, such as 诚信经营 or 文明餐桌."""

    name = models.CharField(_("Name"), max_length=50, unique=True)
    description = models.CharField(_("Caption"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Pledge")
        verbose_name_plural = _("Pledges")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Merchant(TimeStampedModel):
    alliance = models.ForeignKey(
        Alliance,
        on_delete=models.CASCADE,
        related_name="merchants",
        verbose_name=_("Partner alliance"),
    )
    name = models.CharField(_("Merchant name"), max_length=100)
    business = models.CharField(_("Business"), max_length=100, blank=True)
    location = models.CharField(_("Location"), max_length=200, blank=True)
    pledges = models.ManyToManyField(
        Pledge, blank=True, related_name="merchants", verbose_name=_("Pledge")
    )
    is_active = models.BooleanField(_("Open for business"), default=True)

    class Meta:
        verbose_name = _("Integrity-street merchant")
        verbose_name_plural = _("Integrity-street merchants")
        ordering = ["alliance", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "name"], name="unique_merchant_per_alliance"
            )
        ]

    def __str__(self) -> str:
        return self.name


# --- The talk corridor (说事长廊): matters residents raise and see handled -------------


class MatterQuerySet(models.QuerySet):
    def visible(self):
        """What the public board shows: everything not hidden by staff."""
        return self.filter(is_hidden=False)

    def with_related(self):
        return self.select_related("author", "building__grid")


class Matter(TimeStampedModel):
    """A matter (说事) a resident raises; others second it; staff handle it in public."""

    class Category(models.TextChoices):
        ENVIRONMENT = "environment", _("Environment and hygiene")
        FACILITIES = "facilities", _("Public facilities")
        SAFETY = "safety", _("Safety")
        NEIGHBOURS = "neighbours", _("Neighbour relations")
        PROPERTY = "property", _("Property management")
        PARKING = "parking", _("Parking and traffic")
        SUGGESTION = "suggestion", _("Suggestion")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for a reply")
        ACCEPTED = "accepted", _("Accepted")
        IN_PROGRESS = "in_progress", _("In progress")
        RESOLVED = "resolved", _("Resolved")
        REOPENED = "reopened", _("Reopened")

    # The allowed status changes, the only ones the services make: accepted only
    # from waiting or reopened; in progress (again) and resolved from anything not
    # resolved; reopened only from resolved, by its author, once (``reopened_at``).
    PIPELINE = StatusPipeline(
        {
            Status.OPEN: {Status.ACCEPTED, Status.IN_PROGRESS, Status.RESOLVED},
            Status.ACCEPTED: {Status.IN_PROGRESS, Status.RESOLVED},
            Status.IN_PROGRESS: {Status.IN_PROGRESS, Status.RESOLVED},
            Status.RESOLVED: {Status.REOPENED},
            Status.REOPENED: {Status.ACCEPTED, Status.IN_PROGRESS, Status.RESOLVED},
        }
    )

    title = models.CharField(_("Title"), max_length=80)
    description = models.TextField(_("Description"), max_length=4000)
    category = models.CharField(
        _("Category"), max_length=20, choices=Category.choices, default=Category.OTHER
    )
    building = models.ForeignKey(
        "grids.Building",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="matters",
        verbose_name=_("Building"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="matters",
        verbose_name=_("Raised by"),
    )
    is_anonymous = models.BooleanField(
        _("Anonymous to the public"),
        default=False,
        help_text=_("Staff always see who raised a matter."),
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    seconds_count = models.PositiveIntegerField(_("Seconded by"), default=0)
    first_reply_at = models.DateTimeField(_("First reply at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("Resolved at"), null=True, blank=True)
    # The follow-up: the author answers "solved?" once per resolution; reopening
    # is allowed once in a matter's life.
    follow_up_answered_at = models.DateTimeField(
        _("Author answered the follow-up at"), null=True, blank=True
    )
    reopened_at = models.DateTimeField(_("Reopened at"), null=True, blank=True)
    is_hidden = models.BooleanField(_("Hidden"), default=False)
    hidden_reason = models.CharField(_("Why it is hidden"), max_length=200, blank=True)
    submission_key = models.UUIDField(
        _("Submission key"), unique=True, default=uuid.uuid4, editable=False
    )

    objects = MatterQuerySet.as_manager()

    class Meta:
        verbose_name = _("Matter")
        verbose_name_plural = _("Matters")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["is_hidden", "-created_at"]),
            models.Index(fields=["is_hidden", "-seconds_count"]),
            models.Index(fields=["status", "created_at"]),
            # The admin's list: every matter, hidden or not, newest first.
            models.Index(fields=["-created_at", "-id"], name="matter_newest"),
            # The workbench's count of open matters and of the overdue among them,
            # read from the index alone (every column the count reads included).
            models.Index(
                fields=["created_at"],
                include=["first_reply_at", "id", "is_hidden", "status"],
                condition=models.Q(is_hidden=False) & ~models.Q(status="resolved"),
                name="matter_open_count",
            ),
        ]
        constraints = [
            reason_required(
                name="matter_hidden_with_a_reason",
                field="is_hidden",
                value=True,
                reason_field="hidden_reason",
                message=_("Give a reason for hiding a matter."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("venues:matter_detail", kwargs={"pk": self.pk})

    @property
    def awaits_follow_up(self) -> bool:
        """Resolved, and its author has not said yet whether it is solved."""
        return self.status == self.Status.RESOLVED and not self.follow_up_answered_at


class MatterPhoto(PrivatePhoto):
    OWNER_FIELD = "matter"
    PRIVATE_KIND = "matter"
    UPLOAD_DIR = "matters"

    matter = models.ForeignKey(
        Matter,
        on_delete=models.CASCADE,
        related_name="photos",
        verbose_name=_("Matter"),
    )

    class Meta:
        verbose_name = _("Matter photo")
        verbose_name_plural = _("Matter photos")
        ordering = ["position", "id"]


class MatterSecond(models.Model):
    """One resident seconding (附议) one matter; once each."""

    matter = models.ForeignKey(
        Matter,
        on_delete=models.CASCADE,
        related_name="seconds",
        verbose_name=_("Matter"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="matter_seconds",
        verbose_name=_("Resident"),
    )
    created_at = models.DateTimeField(_("Created"), auto_now_add=True)

    class Meta:
        verbose_name = _("Seconding")
        verbose_name_plural = _("Secondings")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["matter", "user"],
                name="matter_seconded_once_per_user",
                violation_error_message=_("You have already seconded this matter."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.matter}"


def _refuse_deletion() -> ServiceError:
    return ServiceError(
        Code.TIMELINE_DELETE_NOT_ALLOWED,
        _("A matter's timeline is kept whole: its entries are never deleted."),
    )


class MatterEventQuerySet(models.QuerySet):
    def delete(self):
        raise _refuse_deletion()

    delete.queryset_only = True


class MatterEvent(models.Model):
    """One step of a matter's public timeline: append-only. Python refuses to
    delete a row (queryset and instance), the matter it belongs to cannot be
    deleted while it has any (PROTECT), and on PostgreSQL a trigger refuses a
    ``DELETE`` whoever sends it."""

    class Kind(models.TextChoices):
        RAISED = "raised", _("Raised")
        ACCEPTED = "accepted", _("Accepted by staff")
        REPLY = "reply", _("Staff reply")
        IN_PROGRESS = "in_progress", _("In progress")
        RESOLVED = "resolved", _("Resolved")
        CONFIRMED = "confirmed", _("Solved, says the resident")
        REOPENED = "reopened", _("Not solved: reopened by the resident")
        HIDDEN = "hidden", _("Hidden")
        SHOWN = "shown", _("Shown again")

    matter = models.ForeignKey(
        Matter,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("Matter"),
    )
    kind = models.CharField(_("Kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("Text"), blank=True, max_length=4000)
    by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("By"),
    )
    created_at = models.DateTimeField(_("Created"), auto_now_add=True)

    objects = MatterEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("Matter timeline entry")
        verbose_name_plural = _("Matter timeline")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.matter} · {self.get_kind_display()}"

    def delete(self, *args, **kwargs):
        raise _refuse_deletion()
