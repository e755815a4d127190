"""The culture grids: 9 themed grids, the 26 buildings in them, their stairwell content,
and the community civility convention and posters shown in every grid."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from community_portal.images import ProcessedImageField
from community_portal.models import TimeStampedModel

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
