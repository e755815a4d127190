"""The 悦珍阁 gallery of residents' works and the 悦丰馆 exhibitions.

A resident submits a work (calligraphy, a painting, handicraft, a photo) with its
photos and story; staff approve it (it appears in the gallery), refuse it with a
reason, or feature it. Staff assemble exhibitions from approved works, in order,
with an optional opening activity. Studios are project teams (``volunteers.Team``)
and activities a higher layer: both are reached by relations named by string,
never imported."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community_portal.models import OrderedPhoto, TimeStampedModel
from community_portal.status import StatusPipeline, reason_required


class WorkQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Work.Status.APPROVED)

    def with_related(self):
        return self.select_related("author", "studio", "grid")


class Work(TimeStampedModel):
    class Kind(models.TextChoices):
        CALLIGRAPHY = "calligraphy", _("Calligraphy")
        PAINTING = "painting", _("Painting")
        HANDICRAFT = "handicraft", _("Handicraft")
        PHOTO = "photo", _("Photography")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("In the gallery")
        REFUSED = "refused", _("Not accepted")

    PIPELINE = StatusPipeline(
        {
            Status.PENDING: {Status.APPROVED, Status.REFUSED},
            Status.APPROVED: {Status.REFUSED},
            Status.REFUSED: {Status.APPROVED},
        }
    )

    title = models.CharField(_("Title"), max_length=80)
    kind = models.CharField(_("Kind of work"), max_length=20, choices=Kind.choices)
    story = models.TextField(_("The story of the work"), max_length=2000, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="gallery_works",
        verbose_name=_("Made by"),
    )
    studio = models.ForeignKey(
        "volunteers.Team",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="gallery_works",
        verbose_name=_("Studio"),
    )
    grid = models.ForeignKey(
        "grids.Grid",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="gallery_works",
        verbose_name=_("Grid"),
    )
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    is_featured = models.BooleanField(_("Featured"), default=False)
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
    submission_key = models.UUIDField(
        _("Submission key"), unique=True, default=uuid.uuid4, editable=False
    )

    objects = WorkQuerySet.as_manager()

    class Meta:
        verbose_name = _("Gallery work")
        verbose_name_plural = _("Gallery works")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-created_at"]),
            models.Index(fields=["author", "-created_at"]),
        ]
        constraints = [
            reason_required(
                name="work_refused_with_a_reason",
                value="refused",
                reason_field="refusal_reason",
                message=_("Give a reason for refusing a work."),
            ),
            models.CheckConstraint(
                condition=models.Q(is_featured=False) | models.Q(status="approved"),
                name="work_featured_only_when_approved",
                violation_error_message=_("Only a work in the gallery is featured."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("venues:gallery_work", kwargs={"pk": self.pk})


class WorkPhoto(OrderedPhoto):
    OWNER_FIELD = "work"
    UPLOAD_DIR = "gallery"

    work = models.ForeignKey(
        Work, on_delete=models.CASCADE, related_name="photos", verbose_name=_("Work")
    )

    class Meta(OrderedPhoto.Meta):
        verbose_name = _("Photo of a work")
        verbose_name_plural = _("Photos of works")


class ExhibitionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def current(self, day=None):
        day = day or timezone.localdate()
        return self.published().filter(starts_on__lte=day, ends_on__gte=day)


class Exhibition(TimeStampedModel):
    title = models.CharField(_("Title"), max_length=100)
    summary = models.CharField(_("Summary"), max_length=200, blank=True)
    description = models.TextField(_("Description"), blank=True)
    space = models.ForeignKey(
        "venues.Space",
        on_delete=models.PROTECT,
        related_name="exhibitions",
        verbose_name=_("Space"),
    )
    starts_on = models.DateField(_("Opens on"))
    ends_on = models.DateField(_("Closes on"))
    opening_activity = models.ForeignKey(
        "activities.Activity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opened_exhibitions",
        verbose_name=_("Opening activity"),
    )
    is_published = models.BooleanField(_("Published"), default=True)
    works = models.ManyToManyField(
        Work,
        through="ExhibitionWork",
        related_name="exhibitions",
        verbose_name=_("Works"),
        blank=True,
    )

    objects = ExhibitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("Exhibition")
        verbose_name_plural = _("Exhibitions")
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["space", "is_published", "-starts_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_on__lte=models.F("ends_on")),
                name="exhibition_opens_before_it_closes",
                violation_error_message=_("An exhibition must open before it closes."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("venues:gallery_exhibition", kwargs={"pk": self.pk})


class ExhibitionWork(models.Model):
    exhibition = models.ForeignKey(
        Exhibition,
        on_delete=models.CASCADE,
        related_name="entries",
        verbose_name=_("Exhibition"),
    )
    work = models.ForeignKey(
        Work,
        on_delete=models.CASCADE,
        # Staff choose among the works in the gallery (the page shows only those).
        limit_choices_to={"status": "approved"},
        related_name="exhibition_entries",
        verbose_name=_("Work"),
    )
    position = models.PositiveSmallIntegerField(_("Position"), default=0)

    class Meta:
        verbose_name = _("Work in an exhibition")
        verbose_name_plural = _("Works in an exhibition")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["exhibition", "work"],
                name="exhibition_shows_a_work_once",
                violation_error_message=_("This work is already in the exhibition."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.exhibition} · {self.work}"
