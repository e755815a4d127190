"""Records (纪实) of activities that took place, and their photos."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from community_portal.models import OrderedPhoto, TimeStampedModel

from .registrations import attendance_of


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
        return self.annotate(attendance=attendance_of("activity_id"))


class ActivityRecord(TimeStampedModel):
    """The record (纪实) of an activity that took place: a summary and photos for
    the ledger. Attendance is not stored here: it is counted from check-ins."""

    activity = models.OneToOneField(
        "activities.Activity",
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


class RecordPhoto(OrderedPhoto):
    """A photo of a record; attached only through ``community_portal.photos``."""

    OWNER_FIELD = "record"
    UPLOAD_DIR = "records"

    record = models.ForeignKey(
        ActivityRecord,
        on_delete=models.CASCADE,
        related_name="photos",
        verbose_name=_("Record"),
    )
    caption = models.CharField(_("Caption"), max_length=200, blank=True)

    class Meta(OrderedPhoto.Meta):
        verbose_name = _("Record photo")
        verbose_name_plural = _("Record photos")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.caption or self.image.name
