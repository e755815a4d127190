"""The points shop (积分超市): rewards, the merchants' clerks, redemptions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from community_portal.images import ProcessedImageField
from community_portal.models import TimeStampedModel
from community_portal.status import StatusPipeline


class RewardQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def with_related(self):
        return self.select_related("merchant__alliance")


class Reward(TimeStampedModel):
    """Something in the points shop (积分超市), offered by an alliance merchant or by
    the community itself."""

    name = models.CharField(_("Name"), max_length=100)
    description = models.CharField(_("Description"), max_length=300, blank=True)
    merchant = models.ForeignKey(
        "venues.Merchant",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rewards",
        verbose_name=_("Merchant"),
        help_text=_("Leave empty when the community offers it."),
    )
    points = models.PositiveIntegerField(_("Points"))
    stock = models.PositiveIntegerField(_("In stock"), default=0)
    image = ProcessedImageField(_("Picture"), upload_to="rewards/", blank=True)
    is_active = models.BooleanField(_("In the shop"), default=True)
    position = models.PositiveSmallIntegerField(_("Position"), default=0)

    objects = RewardQuerySet.as_manager()

    class Meta:
        verbose_name = _("Reward")
        verbose_name_plural = _("Rewards")
        ordering = ["position", "points", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stock__gte=0),
                name="reward_stock_not_negative",
                violation_error_message=_("Out of stock."),
            ),
            models.CheckConstraint(
                condition=models.Q(points__gte=1),
                name="reward_costs_points",
                violation_error_message=_("A reward costs at least one point."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MerchantClerk(models.Model):
    """Someone who confirms redemption codes at a merchant's counter."""

    merchant = models.ForeignKey(
        "venues.Merchant",
        on_delete=models.CASCADE,
        related_name="clerks",
        verbose_name=_("Merchant"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="merchant_clerkships",
        verbose_name=_("User"),
    )

    class Meta:
        verbose_name = _("Merchant clerk")
        verbose_name_plural = _("Merchant clerks")
        ordering = ["merchant", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["merchant", "user"],
                name="merchant_clerk_unique",
                violation_error_message=_("This person already confirms codes here."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.merchant}"


class RedemptionQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related(
            "reward__merchant", "volunteer__user", "confirmed_by", "voided_by"
        )


class Redemption(TimeStampedModel):
    """A reward taken from the shop: the points are spent at once, the code is
    shown at the counter and confirmed once there."""

    class Status(models.TextChoices):
        ISSUED = "issued", _("Waiting to be collected")
        CONFIRMED = "confirmed", _("Collected")
        VOIDED = "voided", _("Voided")

    PIPELINE = StatusPipeline({Status.ISSUED: {Status.CONFIRMED, Status.VOIDED}})

    reward = models.ForeignKey(
        Reward,
        on_delete=models.PROTECT,
        related_name="redemptions",
        verbose_name=_("Reward"),
    )
    volunteer = models.ForeignKey(
        "Volunteer",
        on_delete=models.PROTECT,
        related_name="redemptions",
        verbose_name=_("Volunteer"),
    )
    points = models.PositiveIntegerField(_("Points spent"))
    code = models.CharField(_("Code"), max_length=16, unique=True)
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.ISSUED
    )
    confirmed_at = models.DateTimeField(_("Collected at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Confirmed by"),
    )
    voided_at = models.DateTimeField(_("Voided at"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Voided by"),
    )
    void_reason = models.CharField(_("Reason for voiding"), max_length=200, blank=True)

    objects = RedemptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("Redemption")
        verbose_name_plural = _("Redemptions")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["volunteer", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="confirmed")
                | models.Q(confirmed_at__isnull=False),
                name="redemption_confirmed_has_time",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="voided")
                | models.Q(voided_at__isnull=False),
                name="redemption_voided_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reward} – {self.code}"
