"""The seasonal services of the plan, shown as a year on the 悦公益 page."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Season(models.TextChoices):
    SPRING = "spring", _("Spring")
    SUMMER = "summer", _("Summer")
    AUTUMN = "autumn", _("Autumn")
    WINTER = "winter", _("Winter")


class SeasonalService(models.Model):
    """The seasonal services of the plan (春学雷锋, 夏送清凉, 秋慰老人, 冬暖困难群体),
    shown as a year on the 悦公益 page with the activities whose titles contain
    ``activity_keyword``."""

    season = models.CharField(_("Season"), max_length=10, choices=Season.choices)
    month = models.PositiveSmallIntegerField(
        _("Usual month"),
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    name = models.CharField(_("Name"), max_length=100, unique=True)
    description = models.CharField(_("Description"), max_length=300, blank=True)
    activity_keyword = models.CharField(
        _("Activity keyword"),
        max_length=30,
        help_text=_("Activities whose title contains this are shown with it."),
    )
    position = models.PositiveSmallIntegerField(_("Position"), default=0)

    class Meta:
        verbose_name = _("Seasonal service")
        verbose_name_plural = _("Seasonal services")
        ordering = ["month", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12),
                name="seasonal_service_month_1_to_12",
                violation_error_message=_("The month must be from 1 to 12."),
            ),
        ]

    def __str__(self) -> str:
        return self.name
