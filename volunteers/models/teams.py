"""The X project teams (festival events, the carnival, talent studios, the 悦公益
volunteer alliance) and the volunteers' membership of them."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from community_portal.images import ProcessedImageField
from community_portal.models import TimeStampedModel
from community_portal.status import StatusPipeline


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


class TeamMembershipQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=TeamMembership.Status.APPROVED)

    def pending(self):
        return self.filter(status=TeamMembership.Status.PENDING)

    def with_related(self):
        return self.select_related("team", "volunteer__user", "decided_by")


class TeamMembership(TimeStampedModel):
    """A volunteer's request to join a team; the team leader (or staff) decides."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the leader")
        APPROVED = "approved", _("Member")
        DECLINED = "declined", _("Declined")
        LEFT = "left", _("Left")

    PIPELINE = StatusPipeline({Status.PENDING: {Status.APPROVED, Status.DECLINED}})

    team = models.ForeignKey(
        "Team",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("Team"),
    )
    volunteer = models.ForeignKey(
        "Volunteer",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("Volunteer"),
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    decided_at = models.DateTimeField(_("Decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Decided by"),
    )

    objects = TeamMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("Team membership")
        verbose_name_plural = _("Team memberships")
        ordering = ["team", "created_at", "id"]
        indexes = [models.Index(fields=["team", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "volunteer"],
                condition=models.Q(status__in=["pending", "approved"]),
                name="team_membership_one_active",
                violation_error_message=_(
                    "This volunteer has already asked to join this team."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} – {self.team}"
