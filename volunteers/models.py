"""The X project teams: festival events, the carnival, talent studios and the 悦公益
volunteer alliance with its programmes."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
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


# --- the "1+X" volunteer alliance (悦公益) ---------------------------------------------
#
# Volunteers, their teams, the hours they serve, the points (积分) those hours earn and
# spend in the points shop (积分超市), and the service requests residents order
# (点单→派单→接单→评单). Every write goes through ``volunteers.services``.


class Weekday(models.TextChoices):
    MONDAY = "mon", _("Monday")
    TUESDAY = "tue", _("Tuesday")
    WEDNESDAY = "wed", _("Wednesday")
    THURSDAY = "thu", _("Thursday")
    FRIDAY = "fri", _("Friday")
    SATURDAY = "sat", _("Saturday")
    SUNDAY = "sun", _("Sunday")


class DayPart(models.TextChoices):
    MORNING = "am", _("Morning")
    AFTERNOON = "pm", _("Afternoon")
    EVENING = "eve", _("Evening")


def availability_choices() -> list[tuple[str, str]]:
    """Every weekday and time of day, as ``mon-am`` codes."""
    return [
        (f"{day}-{part}", f"{day_label} {part_label}")
        for day, day_label in Weekday.choices
        for part, part_label in DayPart.choices
    ]


AVAILABILITY_CODES = frozenset(code for code, _label in availability_choices())


class VolunteerQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Volunteer.Status.APPROVED)

    def pending(self):
        return self.filter(status=Volunteer.Status.PENDING)

    def with_related(self):
        return self.select_related("user", "decided_by")


class Volunteer(TimeStampedModel):
    """A resident's application to the volunteer alliance and, once approved, their
    volunteer profile. The row is also the lock of the volunteer's points and hours:
    every write that spends points or adds hours locks it first."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="volunteer",
        verbose_name=_("Resident"),
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    number = models.CharField(
        _("Volunteer number"), max_length=20, unique=True, null=True, blank=True
    )
    skills = models.TextField(_("Skills"), max_length=500, blank=True)
    availability = models.JSONField(
        _("Availability"),
        default=list,
        blank=True,
        help_text=_("Weekdays and times of day, such as mon-am."),
    )
    interested_teams = models.ManyToManyField(
        Team,
        blank=True,
        related_name="interested_volunteers",
        verbose_name=_("Teams of interest"),
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
    decline_reason = models.CharField(
        _("Reason for declining"), max_length=200, blank=True
    )

    objects = VolunteerQuerySet.as_manager()

    class Meta:
        verbose_name = _("Volunteer")
        verbose_name_plural = _("Volunteers")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "approved", "declined"]),
                name="volunteer_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="approved") | models.Q(number__isnull=False),
                name="volunteer_approved_has_number",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.number})" if self.number else str(self.user)

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED


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

    team = models.ForeignKey(
        Team,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("Team"),
    )
    volunteer = models.ForeignKey(
        Volunteer,
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


class VolunteerRoleQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related("activity__team", "activity__venue")

    def with_taken(self):
        """Annotate ``taken``: the volunteers signed up (not cancelled)."""
        return self.annotate(
            taken=models.Count(
                "shifts",
                filter=~models.Q(shifts__status=VolunteerShift.Status.CANCELLED),
            )
        )


class VolunteerRole(TimeStampedModel):
    """What an activity asks of volunteers: a role (签到引导, 秩序维护…) and how many."""

    activity = models.ForeignKey(
        "activities.Activity",
        on_delete=models.CASCADE,
        related_name="volunteer_roles",
        verbose_name=_("Activity"),
    )
    name = models.CharField(_("Role"), max_length=50)
    description = models.CharField(_("What to do"), max_length=200, blank=True)
    needed = models.PositiveSmallIntegerField(_("Volunteers needed"), default=1)

    objects = VolunteerRoleQuerySet.as_manager()

    class Meta:
        verbose_name = _("Volunteer role")
        verbose_name_plural = _("Volunteer roles")
        ordering = ["activity", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "name"],
                name="volunteer_role_unique_name_per_activity",
                violation_error_message=_("This activity already has this role."),
            ),
            models.CheckConstraint(
                condition=models.Q(needed__gte=1),
                name="volunteer_role_needs_someone",
                violation_error_message=_("At least one volunteer is needed."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity} – {self.name}"


class VolunteerShiftQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=VolunteerShift.Status.CANCELLED)

    def with_related(self):
        return self.select_related("role__activity", "volunteer__user")


class VolunteerShift(TimeStampedModel):
    """A volunteer signed up for a role at an activity (apart from the residents who
    attend it), with the check-in and check-out the hours are counted from."""

    class Status(models.TextChoices):
        SIGNED_UP = "signed_up", _("Signed up")
        CANCELLED = "cancelled", _("Cancelled")

    role = models.ForeignKey(
        VolunteerRole,
        on_delete=models.PROTECT,
        related_name="shifts",
        verbose_name=_("Role"),
    )
    volunteer = models.ForeignKey(
        Volunteer,
        on_delete=models.PROTECT,
        related_name="shifts",
        verbose_name=_("Volunteer"),
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.SIGNED_UP
    )
    checked_in_at = models.DateTimeField(_("Checked in at"), null=True, blank=True)
    checked_out_at = models.DateTimeField(_("Checked out at"), null=True, blank=True)

    objects = VolunteerShiftQuerySet.as_manager()

    class Meta:
        verbose_name = _("Volunteer shift")
        verbose_name_plural = _("Volunteer shifts")
        ordering = ["role", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["role", "volunteer"],
                condition=~models.Q(status="cancelled"),
                name="volunteer_shift_one_active",
                violation_error_message=_("You have already signed up for this role."),
            ),
            models.CheckConstraint(
                condition=models.Q(checked_out_at__isnull=True)
                | models.Q(
                    checked_in_at__isnull=False,
                    checked_out_at__gt=models.F("checked_in_at"),
                ),
                name="volunteer_shift_out_after_in",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} – {self.role}"


class HoursEntryQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(status=HoursEntry.Status.VERIFIED)

    def pending(self):
        return self.filter(status=HoursEntry.Status.PENDING)

    def counting(self):
        """Entries that count towards the 24-hour day: everything not rejected."""
        return self.exclude(status=HoursEntry.Status.REJECTED)

    def with_related(self):
        return self.select_related(
            "volunteer__user", "activity", "team", "entered_by", "verified_by"
        )


class HoursEntry(TimeStampedModel):
    """Hours a volunteer served at an activity: from the shift's check-in and
    check-out, or entered by the team leader. They count (and earn points) only once
    community staff verify them."""

    MAX_HOURS_PER_DAY = 24

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for verification")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")

    class Source(models.TextChoices):
        CHECK_OUT = "check_out", _("Check-in and check-out")
        LEADER = "leader", _("Entered by the team leader")

    volunteer = models.ForeignKey(
        Volunteer,
        on_delete=models.PROTECT,
        related_name="hours_entries",
        verbose_name=_("Volunteer"),
    )
    activity = models.ForeignKey(
        "activities.Activity",
        on_delete=models.PROTECT,
        related_name="volunteer_hours",
        verbose_name=_("Activity"),
    )
    # The organising team at entry time, kept here so the team leaderboard needs
    # no join through the activities.
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hours_entries",
        verbose_name=_("Team"),
    )
    served_on = models.DateField(_("Date served"))
    hours = models.DecimalField(_("Hours"), max_digits=4, decimal_places=1)
    source = models.CharField(_("Source"), max_length=20, choices=Source.choices)
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    note = models.CharField(_("Note"), max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Entered by"),
    )
    verified_at = models.DateTimeField(_("Verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Verified by"),
    )
    reject_reason = models.CharField(
        _("Reason for rejecting"), max_length=200, blank=True
    )

    objects = HoursEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("Service hours")
        verbose_name_plural = _("Service hours")
        ordering = ["-served_on", "-id"]
        indexes = [
            # The leaderboards: verified hours per volunteer / team, by date.
            models.Index(
                fields=["status", "served_on", "volunteer", "hours"],
                name="hours_board_volunteer_idx",
            ),
            models.Index(
                fields=["status", "served_on", "team", "hours"],
                name="hours_board_team_idx",
            ),
            models.Index(fields=["volunteer", "served_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gt=0, hours__lte=24),
                name="hours_entry_hours_0_to_24",
                violation_error_message=_("Hours must be more than 0 and at most 24."),
            ),
            models.UniqueConstraint(
                fields=["volunteer", "activity"],
                condition=~models.Q(status="rejected"),
                name="hours_entry_one_per_activity",
                violation_error_message=_(
                    "Hours for this activity have already been entered."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="verified")
                | models.Q(verified_at__isnull=False),
                name="hours_entry_verified_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} – {self.activity} – {self.hours}"


class PointsRate(models.Model):
    """How many points one verified hour earns, from a date on. Staff add a new row
    to change the rate; hours verified earlier keep the points they earned."""

    valid_from = models.DateField(_("Valid from"), unique=True)
    points_per_hour = models.PositiveSmallIntegerField(_("Points per hour"))

    class Meta:
        verbose_name = _("Points rate")
        verbose_name_plural = _("Points rates")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(points_per_hour__gte=1),
                name="points_rate_positive",
                violation_error_message=_("An hour must earn at least one point."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.valid_from}: {self.points_per_hour}"


class AppendOnlyError(Exception):
    """Ledger rows are written once; corrections are new rows."""


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

    def update(self, **kwargs):
        raise AppendOnlyError("points entries are never changed")


class PointsEntry(models.Model):
    """One line of a volunteer's points ledger (积分). Append-only: the balance is the
    sum of the lines; a void is a new line that gives the points back."""

    class Kind(models.TextChoices):
        EARNED = "earned", _("Earned for verified hours")
        SPENT = "spent", _("Spent in the points shop")
        RETURNED = "returned", _("Returned for a voided redemption")

    volunteer = models.ForeignKey(
        Volunteer,
        on_delete=models.PROTECT,
        related_name="points_entries",
        verbose_name=_("Volunteer"),
    )
    kind = models.CharField(_("Kind"), max_length=20, choices=Kind.choices)
    amount = models.IntegerField(_("Points"))
    balance_after = models.IntegerField(_("Balance after"))
    hours_entry = models.OneToOneField(
        HoursEntry,
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
        on_delete=models.SET_NULL,
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
        indexes = [models.Index(fields=["volunteer", "created_at"])]
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
            raise AppendOnlyError("points entries are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("points entries are never deleted")


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

    reward = models.ForeignKey(
        Reward,
        on_delete=models.PROTECT,
        related_name="redemptions",
        verbose_name=_("Reward"),
    )
    volunteer = models.ForeignKey(
        Volunteer,
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


class ServiceCategory(models.Model):
    """What residents can order (助老, 便民维修…); staff add more in the admin."""

    name = models.CharField(_("Name"), max_length=50, unique=True)
    description = models.CharField(_("Description"), max_length=200, blank=True)
    is_active = models.BooleanField(_("Can be ordered"), default=True)
    position = models.PositiveSmallIntegerField(_("Position"), default=0)

    class Meta:
        verbose_name = _("Service category")
        verbose_name_plural = _("Service categories")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class ServiceRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=ServiceRequest.OPEN_STATUSES)

    def with_related(self):
        return self.select_related(
            "category", "requester", "team", "accepted_by", "ordered_by"
        )

    def with_overdue(self, *, now=None):
        """Annotate ``is_overdue``: still open when the wanted time has passed, or
        not dispatched a day after it was ordered."""
        now = now or timezone.now()
        return self.annotate(
            is_overdue=models.Case(
                models.When(
                    models.Q(status__in=ServiceRequest.OPEN_STATUSES)
                    & (
                        models.Q(wanted_at__lt=now)
                        | models.Q(
                            status=ServiceRequest.Status.ORDERED,
                            created_at__lt=now - ServiceRequest.DISPATCH_WITHIN,
                        )
                    ),
                    then=models.Value(True),
                ),
                default=models.Value(False),
                output_field=models.BooleanField(),
            )
        )


class ServiceRequest(TimeStampedModel):
    """A service a resident orders (点单); staff dispatch it to a team (派单); a team
    member accepts it (接单) and marks it done; the resident rates it (评单)."""

    DISPATCH_WITHIN = datetime.timedelta(days=1)

    class Status(models.TextChoices):
        ORDERED = "ordered", _("Ordered")
        DISPATCHED = "dispatched", _("Dispatched to a team")
        ACCEPTED = "accepted", _("Accepted by a volunteer")
        DONE = "done", _("Done")
        RATED = "rated", _("Rated")
        CANCELLED = "cancelled", _("Cancelled")

    OPEN_STATUSES = (Status.ORDERED, Status.DISPATCHED, Status.ACCEPTED)

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="service_requests",
        verbose_name=_("Requester"),
    )
    ordered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Ordered by"),
        help_text=_("Staff who ordered it on the resident's behalf."),
    )
    category = models.ForeignKey(
        ServiceCategory,
        on_delete=models.PROTECT,
        related_name="requests",
        verbose_name=_("Service"),
    )
    description = models.TextField(_("What is needed"), max_length=1000)
    wanted_at = models.DateTimeField(_("When"))
    place = models.CharField(_("Where"), max_length=200)
    contact_phone = models.CharField(_("Contact phone"), max_length=16, blank=True)
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.ORDERED
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_requests",
        verbose_name=_("Team"),
    )
    dispatched_at = models.DateTimeField(_("Dispatched at"), null=True, blank=True)
    dispatched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Dispatched by"),
    )
    accepted_at = models.DateTimeField(_("Accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="accepted_service_requests",
        verbose_name=_("Accepted by"),
    )
    done_at = models.DateTimeField(_("Done at"), null=True, blank=True)
    done_note = models.TextField(_("What was done"), max_length=1000, blank=True)
    rated_at = models.DateTimeField(_("Rated at"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("Rating"), null=True, blank=True)
    rating_comment = models.CharField(_("Comment"), max_length=500, blank=True)
    cancelled_at = models.DateTimeField(_("Cancelled at"), null=True, blank=True)

    objects = ServiceRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("Service request")
        verbose_name_plural = _("Service requests")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["requester", "created_at"]),
            models.Index(fields=["team", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True)
                | models.Q(rating__gte=1, rating__lte=5),
                name="service_request_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["ordered", "cancelled"])
                | models.Q(team__isnull=False, dispatched_at__isnull=False),
                name="service_request_dispatched_has_team",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["accepted", "done", "rated"])
                | models.Q(accepted_at__isnull=False),
                name="service_request_accepted_has_time",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["done", "rated"])
                | models.Q(done_at__isnull=False),
                name="service_request_done_has_time",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="rated")
                | models.Q(rated_at__isnull=False, rating__isnull=False),
                name="service_request_rated_has_rating",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category} – {self.place}"

    def get_absolute_url(self) -> str:
        return reverse("volunteers:service_detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class ServiceRequestPhoto(models.Model):
    request = models.ForeignKey(
        ServiceRequest,
        on_delete=models.CASCADE,
        related_name="photos",
        verbose_name=_("Service request"),
    )
    image = ProcessedImageField(_("Photo"), upload_to="services/")
    position = models.PositiveSmallIntegerField(_("Position"), default=0)

    class Meta:
        verbose_name = _("Service photo")
        verbose_name_plural = _("Service photos")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.image.name


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
