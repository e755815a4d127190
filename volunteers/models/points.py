"""The points ledger (积分): append-only lines whose sum is the balance."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from community_portal.errors import ServiceError

from ..errors import Code


def _append_only(message: str) -> ServiceError:
    return ServiceError(Code.LEDGER_APPEND_ONLY, message)


class PointsEntryQuerySet(models.QuerySet):
    def balance(self) -> int:
        return self.aggregate(total=models.Sum("amount"))["total"] or 0

    def with_related(self):
        return self.select_related(
            "volunteer__user",
            "hours_entry__activity",
            "redemption__reward",
            "created_by",
        )

    # The ledger is append-only: neither a bulk change nor a bulk delete. (A
    # PostgreSQL trigger refuses DELETE too, whatever the path; see migration 0005.)
    def update(self, **kwargs):
        raise _append_only(gettext("Points entries are never changed."))

    def delete(self):
        raise _append_only(gettext("Points entries are never deleted."))


class PointsEntry(models.Model):
    """One line of a volunteer's points ledger (积分). Append-only: the balance is the
    sum of the lines; a void is a new line that gives the points back."""

    class Kind(models.TextChoices):
        EARNED = "earned", _("Earned for verified hours")
        SPENT = "spent", _("Spent in the points shop")
        RETURNED = "returned", _("Returned for a voided redemption")

    volunteer = models.ForeignKey(
        "Volunteer",
        on_delete=models.PROTECT,
        related_name="points_entries",
        verbose_name=_("Volunteer"),
    )
    kind = models.CharField(_("Kind"), max_length=20, choices=Kind.choices)
    amount = models.IntegerField(_("Points"))
    balance_after = models.IntegerField(_("Balance after"))
    hours_entry = models.OneToOneField(
        "HoursEntry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="points_entry",
        verbose_name=_("Service hours"),
    )
    redemption = models.ForeignKey(
        "Redemption",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="points_entries",
        verbose_name=_("Redemption"),
    )
    note = models.CharField(_("Note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("Created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Written by"),
    )

    objects = PointsEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("Points entry")
        verbose_name_plural = _("Points ledger")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["volunteer", "created_at"]),
            # The admin's ledger: every entry, newest first.
            models.Index(fields=["-created_at", "-id"], name="points_entry_newest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(balance_after__gte=0),
                name="points_balance_never_negative",
                violation_error_message=_("Not enough points."),
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["earned", "returned"], amount__gt=0)
                | models.Q(kind="spent", amount__lt=0),
                name="points_entry_sign_matches_kind",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="earned")
                | models.Q(hours_entry__isnull=False),
                name="points_earned_from_hours",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="earned") | models.Q(redemption__isnull=False),
                name="points_spent_or_returned_for_redemption",
            ),
            models.UniqueConstraint(
                fields=["redemption", "kind"],
                condition=models.Q(redemption__isnull=False),
                name="points_one_spend_one_return_per_redemption",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer}: {self.amount:+d}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise _append_only(gettext("Points entries are never changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise _append_only(gettext("Points entries are never deleted."))
