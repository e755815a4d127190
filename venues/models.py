"""The 3 culture venues with their spaces, and the 2 partner alliances with their
programmes and integrity-street merchants."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from community_portal.images import ProcessedImageField
from community_portal.models import TimeStampedModel


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

    class Meta:
        verbose_name = _("Culture venue")
        verbose_name_plural = _("Culture venues")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("venues:detail", kwargs={"slug": self.slug})


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

    class Meta:
        verbose_name = _("Space")
        verbose_name_plural = _("Spaces")
        ordering = ["venue__position", "position", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"{self.venue.get_absolute_url()}#space-{self.pk}"


class SpacePhoto(TimeStampedModel):
    space = models.ForeignKey(
        Space, on_delete=models.CASCADE, related_name="photos", verbose_name=_("Space")
    )
    image = ProcessedImageField(_("Photo"), upload_to="spaces/photos/")
    caption = models.CharField(_("Caption"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("Position"), default=0)

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
