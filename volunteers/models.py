"""The X project teams: festival events, the carnival, talent studios and the 悦公益
volunteer alliance with its programmes."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from community_portal.images import ProcessedImageField
from community_portal.models import TimeStampedModel


class Strand(models.TextChoices):
    """The four ways the plan's project teams 融合 (blend in)."""

    TRADITIONAL_CULTURE = "traditional_culture", _("Traditional culture")
    MODERN_IDEAS = "modern_ideas", _("Modern ideas")
    TALENT_STUDIO = "talent_studio", _("Talent studios")
    VOLUNTEERING = "volunteering", _("Volunteering")


class TeamQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def with_related(self):
        return self.select_related("leader", "alliance")


class Team(TimeStampedModel):
    name = models.CharField(_("Name"), max_length=100, unique=True)
    slug = models.SlugField(_("Slug"), max_length=60, unique=True)
    strand = models.CharField(_("Strand"), max_length=30, choices=Strand.choices)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_teams",
        verbose_name=_("Leader"),
    )
    alliance = models.ForeignKey(
        "venues.Alliance",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="teams",
        verbose_name=_("Partner unit"),
    )
    summary = models.CharField(_("Summary"), max_length=200)
    description = models.TextField(_("Description"), blank=True)
    cover = ProcessedImageField(_("Cover image"), upload_to="teams/", blank=True)
    is_active = models.BooleanField(_("Currently active"), default=True)
    position = models.PositiveSmallIntegerField(_("Position"), default=0)

    objects = TeamQuerySet.as_manager()

    class Meta:
        verbose_name = _("Project team")
        verbose_name_plural = _("Project teams")
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["strand", "is_active"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("volunteers:team_detail", kwargs={"slug": self.slug})
