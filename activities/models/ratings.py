"""Residents' ratings (评价) of activities they attended, and their summaries."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community_portal.models import TimeStampedModel


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
        "activities.Activity",
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
