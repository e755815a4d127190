"""The culture grids: 9 themed grids, the 26 buildings in them, their stairwell content,
and the community civility convention and posters shown in every grid."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community_portal.images import ProcessedImageField
from community_portal.models import PrivatePhoto, TimeStampedModel
from community_portal.permissions import is_community_staff
from community_portal.status import StatusPipeline

GRID_COUNT = 9


class Grid(TimeStampedModel):
    number = models.PositiveSmallIntegerField(
        _("Grid number"),
        unique=True,
        validators=[MinValueValidator(1), MaxValueValidator(GRID_COUNT)],
        help_text=_("1 to 9."),
        error_messages={"unique": _("A grid with this number already exists.")},
    )
    theme = models.CharField(_("Theme"), max_length=10, unique=True)
    theme_meaning = models.CharField(_("Meaning of the theme"), max_length=50)
    slogan = models.CharField(_("Slogan"), max_length=200)
    stairwell = models.CharField(_("Themed stairwell or road"), max_length=100)
    description = models.TextField(_("Description"), blank=True)
    cover = ProcessedImageField(_("Cover image"), upload_to="grids/", blank=True)
    workers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="worker_grids",
        verbose_name=_("Grid worker"),
    )

    class Meta:
        verbose_name = _("Grid")
        verbose_name_plural = _("Grids")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=GRID_COUNT),
                name="grid_number_1_to_9",
                violation_error_message=_("The grid number must be between 1 and 9."),
            )
        ]

    def __str__(self) -> str:
        return _("Grid %(number)s · %(theme)s") % {
            "number": self.number,
            "theme": self.theme,
        }

    def get_absolute_url(self) -> str:
        return reverse("grids:detail", kwargs={"number": self.number})


class Building(TimeStampedModel):
    number = models.PositiveSmallIntegerField(
        _("Building number"),
        unique=True,
        validators=[MinValueValidator(1)],
        error_messages={"unique": _("A building with this number already exists.")},
    )
    grid = models.ForeignKey(
        Grid,
        on_delete=models.PROTECT,
        related_name="buildings",
        verbose_name=_("Grid"),
        error_messages={"null": _("Every building must belong to a grid.")},
    )
    households = models.PositiveIntegerField(_("Households"), null=True, blank=True)

    class Meta:
        verbose_name = _("Building")
        verbose_name_plural = _("Buildings")
        ordering = ["number"]

    def __str__(self) -> str:
        return _("Building %(number)s") % {"number": self.number}


class Follow(models.Model):
    """A resident following a grid or one building: they hear of its new matters
    and of their results. Exactly one of the two is set; once each."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="follows",
        verbose_name=_("Resident"),
    )
    grid = models.ForeignKey(
        Grid,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follows",
        verbose_name=_("Grid"),
    )
    building = models.ForeignKey(
        Building,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follows",
        verbose_name=_("Building"),
    )
    created_at = models.DateTimeField(_("Created"), default=timezone.now)

    class Meta:
        verbose_name = _("Follow")
        verbose_name_plural = _("Follows")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(grid__isnull=True, building__isnull=False)
                | models.Q(grid__isnull=False, building__isnull=True),
                name="follow_grid_or_building",
            ),
            models.UniqueConstraint(
                fields=["user", "grid"],
                condition=models.Q(grid__isnull=False),
                name="follow_grid_once",
            ),
            models.UniqueConstraint(
                fields=["user", "building"],
                condition=models.Q(building__isnull=False),
                name="follow_building_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.building or self.grid}"


class GridContent(TimeStampedModel):
    """A staff-edited entry of a grid's themed stairwell."""

    class Kind(models.TextChoices):
        FAMILY_TRADITION = "family_tradition", _("Family traditions and mottos")
        SOCIAL_CONTRIBUTION = "social_contribution", _("Social contribution")
        PARTY_BUILDING = "party_building", _("Party building")
        HARMONIOUS_FAMILY = "harmonious_family", _("Harmonious families")

    grid = models.ForeignKey(
        Grid, on_delete=models.CASCADE, related_name="contents", verbose_name=_("Grid")
    )
    kind = models.CharField(_("Category"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("Title"), max_length=100)
    body = models.TextField(_("Body"))
    image = ProcessedImageField(_("Image"), upload_to="grids/content/", blank=True)
    is_published = models.BooleanField(_("Published"), default=True)
    position = models.PositiveSmallIntegerField(_("Position"), default=0)

    class Meta:
        verbose_name = _("Stairwell content")
        verbose_name_plural = _("Stairwell contents")
        ordering = ["grid__number", "position", "id"]
        indexes = [models.Index(fields=["grid", "is_published", "position"])]

    def __str__(self) -> str:
        return self.title


class ConventionArticle(TimeStampedModel):
    """One article of the 社区文明公约, shown on every grid page."""

    number = models.PositiveSmallIntegerField(_("Article number"), unique=True)
    text = models.CharField(_("Text"), max_length=200)

    class Meta:
        verbose_name = _("Civility convention article")
        verbose_name_plural = _("Community civility convention")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


class CivilityPoster(TimeStampedModel):
    """A 文明宣传画; with no grid it is shown in every grid."""

    title = models.CharField(_("Title"), max_length=100)
    image = ProcessedImageField(_("Image"), upload_to="grids/posters/")
    grid = models.ForeignKey(
        Grid,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="posters",
        verbose_name=_("Grid"),
        help_text=_("Leave empty to show it in every grid."),
    )
    is_published = models.BooleanField(_("Published"), default=True)
    position = models.PositiveSmallIntegerField(_("Position"), default=0)

    class Meta:
        verbose_name = _("Civility poster")
        verbose_name_plural = _("Civility posters")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


# --- Grid work: what grid workers record in their own grids ---------------------------


class WorkTopicQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class VisitTopic(models.Model):
    """A topic of a visit log (养老关爱, 家庭矛盾 …); staff add their own."""

    name = models.CharField(_("Name"), max_length=30, unique=True)
    position = models.PositiveSmallIntegerField(_("Position"), default=0)
    is_active = models.BooleanField(_("In use"), default=True)

    objects = WorkTopicQuerySet.as_manager()

    class Meta:
        verbose_name = _("Visit topic")
        verbose_name_plural = _("Visit topics")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class IssueCategory(models.Model):
    """A category of issue reports (安全隐患, 环境卫生 …); staff add their own."""

    name = models.CharField(_("Name"), max_length=30, unique=True)
    position = models.PositiveSmallIntegerField(_("Position"), default=0)
    is_active = models.BooleanField(_("In use"), default=True)

    objects = WorkTopicQuerySet.as_manager()

    class Meta:
        verbose_name = _("Issue category")
        verbose_name_plural = _("Issue categories")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class GridEntryQuerySet(models.QuerySet):
    def in_grids_of(self, user):
        """What ``user`` may see: everything for staff, their own grids for workers."""
        if is_community_staff(user):
            return self
        if not user.is_authenticated:
            return self.none()
        return self.filter(grid__workers=user)

    def with_related(self):
        return self.select_related("grid", "building", "author")


class GridEntry(TimeStampedModel):
    """What the three kinds of entry share: where, who, and the idempotency key that
    makes a double-tapped submit save once."""

    grid = models.ForeignKey(
        Grid, on_delete=models.PROTECT, related_name="+", verbose_name=_("Grid")
    )
    building = models.ForeignKey(
        Building, on_delete=models.PROTECT, related_name="+", verbose_name=_("Building")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Grid worker"),
    )
    submission_key = models.UUIDField(
        _("Submission key"), unique=True, default=uuid.uuid4, editable=False
    )
    # When the worker wrote it: later than created_at when it waited in the phone's
    # outbox for a signal. The 24-hour edit window counts from here.
    written_at = models.DateTimeField(
        _("Written at"), default=timezone.now, editable=False
    )

    objects = GridEntryQuerySet.as_manager()

    class Meta:
        abstract = True


class VisitLog(GridEntry):
    """A 民情日志 entry: a visit to a household."""

    grid = models.ForeignKey(
        Grid,
        on_delete=models.PROTECT,
        related_name="visit_logs",
        verbose_name=_("Grid"),
    )
    visited_on = models.DateField(_("Date of the visit"))
    unit = models.CharField(
        _("Unit / room"), max_length=50, blank=True, help_text=_("For example 2-301.")
    )
    topic = models.ForeignKey(
        VisitTopic,
        on_delete=models.PROTECT,
        related_name="visit_logs",
        verbose_name=_("Topic"),
    )
    notes = models.TextField(_("Notes"), max_length=4000)

    class Meta:
        verbose_name = _("Visit log")
        verbose_name_plural = _("Visit logs")
        ordering = ["-visited_on", "-created_at"]
        indexes = [
            models.Index(fields=["grid", "-visited_on"]),
            models.Index(fields=["author", "-created_at"]),
            # The admin's list: every visit, latest first.
            models.Index(
                fields=["-visited_on", "-created_at", "-id"], name="visitlog_newest"
            ),
        ]

    def __str__(self) -> str:
        return _("Visit to %(building)s %(unit)s on %(date)s") % {
            "building": self.building,
            "unit": self.unit,
            "date": self.visited_on,
        }

    def get_absolute_url(self) -> str:
        return reverse("grids:visit_detail", kwargs={"pk": self.pk})


class VisitLogPhoto(PrivatePhoto):
    OWNER_FIELD = "log"
    PRIVATE_KIND = "visit"
    UPLOAD_DIR = "grids/visits"

    log = models.ForeignKey(
        VisitLog,
        on_delete=models.CASCADE,
        related_name="photos",
        verbose_name=_("Visit log"),
    )

    class Meta:
        verbose_name = _("Visit log photo")
        verbose_name_plural = _("Visit log photos")
        ordering = ["position", "id"]


class IssueReport(GridEntry):
    """A 事件上报: a problem a grid worker hands to staff, who assign and resolve it."""

    class Urgency(models.TextChoices):
        LOW = "low", _("Not urgent")
        NORMAL = "normal", _("Normal")
        URGENT = "urgent", _("Urgent")

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for staff")
        ASSIGNED = "assigned", _("Being handled")
        RESOLVED = "resolved", _("Resolved")

    # The allowed status changes: assigned (or handed on) and resolved from
    # anything not resolved; a resolved issue stays resolved.
    PIPELINE = StatusPipeline(
        {
            Status.OPEN: {Status.ASSIGNED, Status.RESOLVED},
            Status.ASSIGNED: {Status.ASSIGNED, Status.RESOLVED},
            Status.RESOLVED: set(),
        }
    )

    grid = models.ForeignKey(
        Grid,
        on_delete=models.PROTECT,
        related_name="issue_reports",
        verbose_name=_("Grid"),
    )
    category = models.ForeignKey(
        IssueCategory,
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("Category"),
    )
    urgency = models.CharField(
        _("Urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    description = models.TextField(_("Description"), max_length=4000)
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_issue_reports",
        verbose_name=_("Handled by"),
    )
    assigned_at = models.DateTimeField(_("Assigned at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("Resolved at"), null=True, blank=True)
    resolution = models.TextField(_("How it was resolved"), blank=True)

    class Meta:
        verbose_name = _("Issue report")
        verbose_name_plural = _("Issue reports")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["grid", "-created_at"]),
            models.Index(fields=["author", "-created_at"]),
            # The admin's list: every report, newest first.
            models.Index(fields=["-created_at", "-id"], name="issuereport_newest"),
            # The workbench's count of unresolved reports and of the overdue among
            # them, read from the index alone.
            models.Index(
                fields=["created_at"],
                include=["urgency", "status", "id"],
                condition=~models.Q(status="resolved"),
                name="issuereport_unresolved_count",
            ),
        ]

    def __str__(self) -> str:
        return _("%(category)s at %(building)s") % {
            "category": self.category,
            "building": self.building,
        }

    def get_absolute_url(self) -> str:
        return reverse("grids:issue_detail", kwargs={"pk": self.pk})


class IssuePhoto(PrivatePhoto):
    OWNER_FIELD = "report"
    PRIVATE_KIND = "issue"
    UPLOAD_DIR = "grids/issues"

    report = models.ForeignKey(
        IssueReport,
        on_delete=models.CASCADE,
        related_name="photos",
        verbose_name=_("Issue report"),
    )

    class Meta:
        verbose_name = _("Issue report photo")
        verbose_name_plural = _("Issue report photos")
        ordering = ["position", "id"]


class SortingCheck(GridEntry):
    """A garbage-sorting check of one building on one day: from these come the
    participation rate (sorting correctly / checked) and the awareness rate (aware of
    the rules / checked)."""

    grid = models.ForeignKey(
        Grid,
        on_delete=models.PROTECT,
        related_name="sorting_checks",
        verbose_name=_("Grid"),
    )
    checked_on = models.DateField(_("Date of the check"))
    households_checked = models.PositiveIntegerField(_("Households checked"))
    households_correct = models.PositiveIntegerField(_("Households sorting correctly"))
    households_aware = models.PositiveIntegerField(
        _("Households aware of the rules"),
        help_text=_("From the short door-step survey."),
    )
    notes = models.CharField(_("Notes"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("Garbage-sorting check")
        verbose_name_plural = _("Garbage-sorting checks")
        ordering = ["-checked_on", "-created_at"]
        indexes = [
            models.Index(fields=["grid", "checked_on"]),
            models.Index(fields=["checked_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(households_checked__gte=1),
                name="sorting_check_some_households",
                violation_error_message=_("Check at least one household."),
            ),
            models.CheckConstraint(
                condition=models.Q(
                    households_correct__lte=models.F("households_checked")
                ),
                name="sorting_check_correct_within_checked",
                violation_error_message=_(
                    "Households sorting correctly cannot be more than households checked."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(
                    households_aware__lte=models.F("households_checked")
                ),
                name="sorting_check_aware_within_checked",
                violation_error_message=_(
                    "Households aware of the rules cannot be more than households checked."
                ),
            ),
        ]

    def __str__(self) -> str:
        return _("Sorting check of %(building)s on %(date)s") % {
            "building": self.building,
            "date": self.checked_on,
        }

    def get_absolute_url(self) -> str:
        return reverse("grids:check_detail", kwargs={"pk": self.pk})
