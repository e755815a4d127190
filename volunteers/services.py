"""Writes of the volunteer alliance: applications, team membership, shifts, hours,
points, the points shop and service requests.

Every function here owns its transaction. Rules are checked once without a lock
(fast refusals for double clicks), then again under the lock, then written.

Points never go negative and stock is never oversold: a write that spends points
locks the volunteer's row (``select_for_update()``) once, late, re-reads the ledger
sum and only then appends; a write that takes stock locks the reward row and
decrements it with ``F()``. ``PointsEntry.balance_after >= 0`` and
``Reward.stock >= 0`` are database constraints behind them. Lock order, to stay
free of deadlocks: the volunteer, then the reward (or the role, the redemption).
On SQLite ``select_for_update()`` does nothing, but every transaction begins
IMMEDIATE (see the settings), which serialises writers just the same.

The ledger is append-only: voiding a redemption writes a new entry that returns the
points; nothing in history is edited.
"""

import datetime
import secrets
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import Activity
from community_portal.accounts.models import User
from community_portal.images import MAX_PHOTOS_PER_ENTRY, validate_image_file
from community_portal.permissions import is_community_staff

from .models import (
    AVAILABILITY_CODES,
    HoursEntry,
    MerchantClerk,
    PointsEntry,
    PointsRate,
    Redemption,
    Reward,
    ServiceCategory,
    ServiceRequest,
    ServiceRequestPhoto,
    Team,
    TeamMembership,
    Volunteer,
    VolunteerRole,
    VolunteerShift,
)


class VolunteerError(Exception):
    """A rule said no. ``code`` is for programs (views, tests); ``message`` is for
    people, already translated into the active language."""

    class Code(StrEnum):
        NOT_ALLOWED = "not_allowed"
        NOT_FOUND = "not_found"
        INVALID = "invalid"
        ALREADY_APPLIED = "already_applied"
        ALREADY_VOLUNTEER = "already_volunteer"
        NOT_PENDING = "not_pending"
        NOT_VOLUNTEER = "not_volunteer"
        TEAM_INACTIVE = "team_inactive"
        ALREADY_IN_TEAM = "already_in_team"
        ACTIVITY_CLOSED = "activity_closed"
        ROLE_FULL = "role_full"
        ALREADY_SIGNED_UP = "already_signed_up"
        NOT_CHECKED_IN = "not_checked_in"
        ALREADY_CHECKED_IN = "already_checked_in"
        ALREADY_CHECKED_OUT = "already_checked_out"
        DID_NOT_SERVE = "did_not_serve"
        BAD_HOURS = "bad_hours"
        TOO_MANY_HOURS = "too_many_hours"
        HOURS_ALREADY_ENTERED = "hours_already_entered"
        NOT_ENOUGH_POINTS = "not_enough_points"
        OUT_OF_STOCK = "out_of_stock"
        REWARD_UNAVAILABLE = "reward_unavailable"
        CODE_UNKNOWN = "code_unknown"
        ALREADY_CONFIRMED = "already_confirmed"
        VOIDED = "voided"
        OTHER_MERCHANT = "other_merchant"
        WRONG_STATUS = "wrong_status"
        NOT_IN_TEAM = "not_in_team"
        BAD_RATING = "bad_rating"

    def __init__(self, code: "VolunteerError.Code", message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


Code = VolunteerError.Code

MAX_TEXT = 500
VOLUNTEER_NUMBER_PREFIX = "YG"
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
CODE_LENGTH = 8


def _not_allowed(message: str | None = None) -> VolunteerError:
    return VolunteerError(
        Code.NOT_ALLOWED, message or _("You are not allowed to do this.")
    )


def _require_staff(user: User) -> None:
    if not is_community_staff(user):
        raise _not_allowed(_("Only community staff can do this."))


def _clean_text(value: str, *, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if "\x00" in value:
        raise VolunteerError(Code.INVALID, _("Null characters are not allowed."))
    if len(value) > limit:
        raise VolunteerError(
            Code.INVALID,
            _("Please keep it to %(count)s characters.") % {"count": limit},
        )
    return value


def can_lead_team(*, user: User, team: Team) -> bool:
    """The team's leader, and community staff."""
    if not user.is_authenticated:
        return False
    return team.leader_id == user.pk or is_community_staff(user)


def can_organise_activity(*, user: User, activity: Activity) -> bool:
    """Community staff, and the leader of the organising team."""
    if not user.is_authenticated:
        return False
    if is_community_staff(user):
        return True
    return bool(
        activity.team_id
        and Team.objects.filter(pk=activity.team_id, leader_id=user.pk).exists()
    )


def _approved_volunteer(user: User) -> Volunteer:
    volunteer = (
        Volunteer.objects.filter(user_id=user.pk).first()
        if user.is_authenticated
        else None
    )
    if volunteer is None or not volunteer.is_approved:
        raise VolunteerError(
            Code.NOT_VOLUNTEER,
            _(
                "Only approved volunteers can do this. Apply to join the alliance first."
            ),
        )
    return volunteer


def _lock_volunteer(volunteer_id: int) -> Volunteer:
    return Volunteer.objects.select_for_update().get(pk=volunteer_id)


# --- becoming a volunteer -----------------------------------------------------------


def volunteer_apply(
    *,
    user: User,
    skills: str = "",
    availability: list[str] | None = None,
    team_ids: list[int] | None = None,
) -> Volunteer:
    """A resident applies to join the alliance. A declined applicant may apply
    again (the same row, back to waiting); a pending or approved one may not."""
    if not user.is_authenticated:
        raise _not_allowed(_("Please log in first."))
    skills = _clean_text(skills)
    availability = sorted(set(availability or []))
    if not set(availability) <= AVAILABILITY_CODES:
        raise VolunteerError(Code.INVALID, _("Please choose times from the list."))
    team_ids = sorted(set(team_ids or []))
    teams = list(Team.objects.active().filter(pk__in=team_ids))
    if len(teams) != len(team_ids):
        raise VolunteerError(Code.INVALID, _("Please choose teams from the list."))
    with transaction.atomic():
        existing = Volunteer.objects.select_for_update().filter(user_id=user.pk).first()
        if existing is not None and existing.status == Volunteer.Status.APPROVED:
            raise VolunteerError(
                Code.ALREADY_VOLUNTEER, _("You are already a volunteer.")
            )
        if existing is not None and existing.status == Volunteer.Status.PENDING:
            raise VolunteerError(
                Code.ALREADY_APPLIED,
                _("You have already applied; staff will answer soon."),
            )
        values = {
            "skills": skills,
            "availability": availability,
            "status": Volunteer.Status.PENDING,
            "decided_at": None,
            "decided_by": None,
            "decline_reason": "",
        }
        if existing is None:
            try:
                with transaction.atomic():
                    volunteer = Volunteer.objects.create(user=user, **values)
            except IntegrityError:
                raise VolunteerError(
                    Code.ALREADY_APPLIED,
                    _("You have already applied; staff will answer soon."),
                ) from None
        else:
            volunteer = existing
            for name, value in values.items():
                setattr(volunteer, name, value)
            volunteer.save()
        volunteer.interested_teams.set(teams)
    return volunteer


def _decide_volunteer(volunteer_id: int, by_user: User) -> Volunteer:
    _require_staff(by_user)
    volunteer = _lock_volunteer_or_404(volunteer_id)
    if volunteer.status != Volunteer.Status.PENDING:
        raise VolunteerError(
            Code.NOT_PENDING, _("This application has already been decided.")
        )
    return volunteer


def _lock_volunteer_or_404(volunteer_id: int) -> Volunteer:
    volunteer = Volunteer.objects.select_for_update().filter(pk=volunteer_id).first()
    if volunteer is None:
        raise VolunteerError(Code.NOT_FOUND, _("This volunteer does not exist."))
    return volunteer


def volunteer_approve(*, volunteer_id: int, by_user: User) -> Volunteer:
    """Staff approve an application; the volunteer gets a volunteer number."""
    with transaction.atomic():
        volunteer = _decide_volunteer(volunteer_id, by_user)
        volunteer.status = Volunteer.Status.APPROVED
        volunteer.number = volunteer.number or (
            f"{VOLUNTEER_NUMBER_PREFIX}{volunteer.pk:06d}"
        )
        volunteer.decided_at = timezone.now()
        volunteer.decided_by = by_user
        volunteer.decline_reason = ""
        volunteer.save()
    return volunteer


def volunteer_decline(*, volunteer_id: int, by_user: User, reason: str) -> Volunteer:
    """Staff decline an application, saying why."""
    reason = _clean_text(reason, limit=200)
    if not reason:
        raise VolunteerError(
            Code.INVALID, _("Please tell the applicant why it is declined.")
        )
    with transaction.atomic():
        volunteer = _decide_volunteer(volunteer_id, by_user)
        volunteer.status = Volunteer.Status.DECLINED
        volunteer.decided_at = timezone.now()
        volunteer.decided_by = by_user
        volunteer.decline_reason = reason
        volunteer.save()
    return volunteer


# --- teams --------------------------------------------------------------------------


def _already_in_team() -> VolunteerError:
    return VolunteerError(
        Code.ALREADY_IN_TEAM,
        _("You are already in this team or have asked to join it."),
    )


def membership_request(*, team_id: int, user: User) -> TeamMembership:
    """An approved volunteer asks to join a team; its leader decides."""
    volunteer = _approved_volunteer(user)
    team = Team.objects.filter(pk=team_id).first()
    if team is None:
        raise VolunteerError(Code.NOT_FOUND, _("This team does not exist."))
    if not team.is_active:
        raise VolunteerError(
            Code.TEAM_INACTIVE, _("This team is not taking members at the moment.")
        )
    active = TeamMembership.objects.filter(
        team_id=team.pk,
        volunteer_id=volunteer.pk,
        status__in=[TeamMembership.Status.PENDING, TeamMembership.Status.APPROVED],
    )
    if active.exists():
        raise _already_in_team()
    try:
        with transaction.atomic():
            return TeamMembership.objects.create(team=team, volunteer=volunteer)
    except IntegrityError:
        raise _already_in_team() from None


def membership_decide(
    *, membership_id: int, by_user: User, approve: bool
) -> TeamMembership:
    """The team's leader (or staff) approves or declines a request to join."""
    with transaction.atomic():
        membership = (
            TeamMembership.objects.select_for_update()
            .select_related("team")
            .filter(pk=membership_id)
            .first()
        )
        if membership is None:
            raise VolunteerError(Code.NOT_FOUND, _("This request does not exist."))
        if not can_lead_team(user=by_user, team=membership.team):
            raise _not_allowed(_("Only the team's leader can decide this."))
        if membership.status != TeamMembership.Status.PENDING:
            raise VolunteerError(
                Code.NOT_PENDING, _("This request has already been decided.")
            )
        membership.status = (
            TeamMembership.Status.APPROVED
            if approve
            else TeamMembership.Status.DECLINED
        )
        membership.decided_at = timezone.now()
        membership.decided_by = by_user
        membership.save()
    return membership


# --- serving at activities ------------------------------------------------------------


def _check_role_open(activity: Activity, *, now: datetime.datetime) -> None:
    if activity.status != Activity.Status.PUBLISHED or now >= activity.ends_at:
        raise VolunteerError(
            Code.ACTIVITY_CLOSED,
            _("This activity is no longer taking volunteers."),
        )


def shift_sign_up(*, role_id: int, user: User) -> VolunteerShift:
    """An approved volunteer signs up for a role; never more than it needs."""
    volunteer = _approved_volunteer(user)
    role = VolunteerRole.objects.select_related("activity").filter(pk=role_id).first()
    if role is None:
        raise VolunteerError(Code.NOT_FOUND, _("This role does not exist."))
    _check_role_open(role.activity, now=timezone.now())
    already = VolunteerError(
        Code.ALREADY_SIGNED_UP, _("You have already signed up for this role.")
    )
    if role.shifts.active().filter(volunteer_id=volunteer.pk).exists():
        raise already
    with transaction.atomic():
        role = VolunteerRole.objects.select_for_update().get(pk=role_id)
        _check_role_open(role.activity, now=timezone.now())
        shifts = role.shifts.active()
        if shifts.filter(volunteer_id=volunteer.pk).exists():
            raise already
        if shifts.count() >= role.needed:
            raise VolunteerError(
                Code.ROLE_FULL, _("This role already has all the volunteers it needs.")
            )
        try:
            with transaction.atomic():
                return VolunteerShift.objects.create(role=role, volunteer=volunteer)
        except IntegrityError:
            raise already from None


def shift_cancel(*, shift_id: int, user: User) -> VolunteerShift:
    """A volunteer withdraws from a role before checking in."""
    with transaction.atomic():
        shift = (
            VolunteerShift.objects.select_for_update()
            .select_related("volunteer")
            .filter(pk=shift_id)
            .first()
        )
        if shift is None or shift.volunteer.user_id != user.pk:
            raise VolunteerError(Code.NOT_FOUND, _("This sign-up does not exist."))
        if shift.status == VolunteerShift.Status.CANCELLED:
            raise VolunteerError(
                Code.WRONG_STATUS, _("This sign-up is already cancelled.")
            )
        if shift.checked_in_at:
            raise VolunteerError(
                Code.ALREADY_CHECKED_IN,
                _("You have checked in already; please tell the organiser instead."),
            )
        shift.status = VolunteerShift.Status.CANCELLED
        shift.save()
    return shift


def _organiser_shift(shift_id: int, by_user: User) -> VolunteerShift:
    shift = (
        VolunteerShift.objects.select_for_update()
        .select_related("role__activity")
        .filter(pk=shift_id)
        .first()
    )
    if shift is None:
        raise VolunteerError(Code.NOT_FOUND, _("This sign-up does not exist."))
    if not can_organise_activity(user=by_user, activity=shift.role.activity):
        raise _not_allowed(
            _("Only community staff and the organising team can do this.")
        )
    if shift.status == VolunteerShift.Status.CANCELLED:
        raise VolunteerError(Code.WRONG_STATUS, _("This sign-up has been cancelled."))
    return shift


def shift_check_in(*, shift_id: int, by_user: User) -> VolunteerShift:
    """The organiser checks a volunteer in at the activity."""
    with transaction.atomic():
        shift = _organiser_shift(shift_id, by_user)
        if shift.checked_in_at:
            raise VolunteerError(
                Code.ALREADY_CHECKED_IN, _("This volunteer is already checked in.")
            )
        now = timezone.now()
        if now < shift.role.activity.starts_at - datetime.timedelta(hours=2):
            raise VolunteerError(
                Code.ACTIVITY_CLOSED,
                _("Check-in opens two hours before the activity starts."),
            )
        shift.checked_in_at = now
        shift.save()
    return shift


def shift_check_out(*, shift_id: int, by_user: User) -> HoursEntry:
    """The organiser checks a volunteer out; the time between becomes hours waiting
    for staff to verify (rounded to half hours, at least half an hour)."""
    with transaction.atomic():
        shift = _organiser_shift(shift_id, by_user)
        if not shift.checked_in_at:
            raise VolunteerError(
                Code.NOT_CHECKED_IN, _("This volunteer has not checked in.")
            )
        if shift.checked_out_at:
            raise VolunteerError(
                Code.ALREADY_CHECKED_OUT, _("This volunteer is already checked out.")
            )
        now = timezone.now()
        seconds = (now - shift.checked_in_at).total_seconds()
        halves = max(1, round(seconds / 1800))
        hours = min(Decimal(halves) / 2, Decimal(HoursEntry.MAX_HOURS_PER_DAY))
        shift.checked_out_at = now
        shift.save()
        return _hours_create(
            volunteer_id=shift.volunteer_id,
            activity=shift.role.activity,
            hours=hours,
            source=HoursEntry.Source.CHECK_OUT,
            by_user=by_user,
        )


def parse_hours(value) -> Decimal:
    """Hours as typed ("2", "2.5"): more than 0, at most 24, in half hours or
    tenths. Anything else is refused with a message for people."""
    try:
        hours = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise VolunteerError(
            Code.BAD_HOURS, _("Please enter the hours as a number.")
        ) from None
    if not hours.is_finite() or hours <= 0:
        raise VolunteerError(Code.BAD_HOURS, _("Hours must be more than 0."))
    if hours > HoursEntry.MAX_HOURS_PER_DAY:
        raise VolunteerError(
            Code.BAD_HOURS, _("Nobody serves more than 24 hours in a day.")
        )
    return hours.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _hours_create(
    *,
    volunteer_id: int,
    activity: Activity,
    hours: Decimal,
    source: str,
    by_user: User,
    note: str = "",
) -> HoursEntry:
    """Inside a transaction: lock the volunteer, check the day's total, write."""
    _lock_volunteer(volunteer_id)
    served_on = timezone.localdate(activity.starts_at)
    day_total = HoursEntry.objects.counting().filter(
        volunteer_id=volunteer_id, served_on=served_on
    ).aggregate(total=Sum("hours"))["total"] or Decimal(0)
    if day_total + hours > HoursEntry.MAX_HOURS_PER_DAY:
        raise VolunteerError(
            Code.TOO_MANY_HOURS,
            _("That would make %(total)s hours on %(date)s; a day has at most 24.")
            % {"total": day_total + hours, "date": served_on},
        )
    if (
        HoursEntry.objects.counting()
        .filter(volunteer_id=volunteer_id, activity_id=activity.pk)
        .exists()
    ):
        raise VolunteerError(
            Code.HOURS_ALREADY_ENTERED,
            _("Hours for this activity have already been entered."),
        )
    return HoursEntry.objects.create(
        volunteer_id=volunteer_id,
        activity=activity,
        team_id=activity.team_id,
        served_on=served_on,
        hours=hours,
        source=source,
        entered_by=by_user,
        note=note,
    )


def hours_enter(
    *, volunteer_id: int, activity_id: int, hours, by_user: User, note: str = ""
) -> HoursEntry:
    """The team leader (or staff) enters hours a volunteer served at an activity
    of the team. Only for an activity the volunteer signed up to serve at, and never
    more than 24 hours in a day."""
    hours = parse_hours(hours)
    note = _clean_text(note, limit=200)
    activity = Activity.objects.filter(pk=activity_id).first()
    if activity is None:
        raise VolunteerError(Code.NOT_FOUND, _("This activity does not exist."))
    if not can_organise_activity(user=by_user, activity=activity):
        raise _not_allowed(
            _("Only community staff and the organising team can enter hours.")
        )
    if timezone.now() < activity.starts_at:
        raise VolunteerError(
            Code.ACTIVITY_CLOSED,
            _("Hours can be entered once the activity has started."),
        )
    volunteer = Volunteer.objects.filter(pk=volunteer_id).first()
    if volunteer is None or not volunteer.is_approved:
        raise VolunteerError(
            Code.NOT_VOLUNTEER, _("This is not an approved volunteer.")
        )
    served = (
        VolunteerShift.objects.active()
        .filter(volunteer_id=volunteer.pk, role__activity_id=activity.pk)
        .exists()
    )
    if not served:
        raise VolunteerError(
            Code.DID_NOT_SERVE,
            _("This volunteer did not sign up to serve at this activity."),
        )
    with transaction.atomic():
        return _hours_create(
            volunteer_id=volunteer.pk,
            activity=activity,
            hours=hours,
            source=HoursEntry.Source.LEADER,
            by_user=by_user,
            note=note,
        )


def points_rate_on(date: datetime.date) -> int:
    rate = (
        PointsRate.objects.filter(valid_from__lte=date)
        .order_by("-valid_from")
        .values_list("points_per_hour", flat=True)
        .first()
    )
    return rate or 0


def _append_points(
    *,
    volunteer_id: int,
    kind: str,
    amount: int,
    by_user: User | None,
    hours_entry: HoursEntry | None = None,
    redemption: Redemption | None = None,
    note: str = "",
) -> PointsEntry:
    """Append a ledger line. The caller holds the volunteer's lock."""
    balance = PointsEntry.objects.filter(volunteer_id=volunteer_id).balance()
    if balance + amount < 0:
        raise VolunteerError(
            Code.NOT_ENOUGH_POINTS,
            _("Not enough points: you have %(balance)s, this needs %(needed)s.")
            % {"balance": balance, "needed": -amount},
        )
    return PointsEntry.objects.create(
        volunteer_id=volunteer_id,
        kind=kind,
        amount=amount,
        balance_after=balance + amount,
        hours_entry=hours_entry,
        redemption=redemption,
        note=note,
        created_by=by_user,
    )


def hours_verify(*, entry_ids: list[int], by_user: User) -> list[HoursEntry]:
    """Staff verify hours (in bulk). Each verified entry earns points at the rate of
    the day it was served. Entries no longer waiting are skipped, so running it
    twice verifies and pays nothing twice. Returns the entries verified now."""
    _require_staff(by_user)
    now = timezone.now()
    verified = []
    volunteer_ids = sorted(
        set(
            HoursEntry.objects.pending()
            .filter(pk__in=entry_ids)
            .values_list("volunteer_id", flat=True)
        )
    )
    with transaction.atomic():
        for volunteer_id in volunteer_ids:  # in id order: no deadlocks
            _lock_volunteer(volunteer_id)
            entries = HoursEntry.objects.select_for_update().filter(
                pk__in=entry_ids,
                volunteer_id=volunteer_id,
                status=HoursEntry.Status.PENDING,
            )
            for entry in entries.order_by("pk"):
                entry.status = HoursEntry.Status.VERIFIED
                entry.verified_at = now
                entry.verified_by = by_user
                entry.save()
                points = int(
                    (entry.hours * points_rate_on(entry.served_on)).to_integral_value(
                        rounding=ROUND_HALF_UP
                    )
                )
                if points > 0:
                    _append_points(
                        volunteer_id=volunteer_id,
                        kind=PointsEntry.Kind.EARNED,
                        amount=points,
                        by_user=by_user,
                        hours_entry=entry,
                    )
                verified.append(entry)
    return verified


def hours_reject(*, entry_id: int, by_user: User, reason: str) -> HoursEntry:
    """Staff reject hours still waiting, saying why (the leader may enter them
    again, corrected)."""
    _require_staff(by_user)
    reason = _clean_text(reason, limit=200)
    if not reason:
        raise VolunteerError(Code.INVALID, _("Please say why the hours are rejected."))
    with transaction.atomic():
        entry = HoursEntry.objects.select_for_update().filter(pk=entry_id).first()
        if entry is None:
            raise VolunteerError(Code.NOT_FOUND, _("These hours do not exist."))
        if entry.status != HoursEntry.Status.PENDING:
            raise VolunteerError(
                Code.NOT_PENDING, _("These hours have already been decided.")
            )
        entry.status = HoursEntry.Status.REJECTED
        entry.reject_reason = reason
        entry.verified_by = by_user
        entry.save()
    return entry


# --- the points shop ------------------------------------------------------------------


def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _check_reward(reward: Reward | None) -> Reward:
    if reward is None or not reward.is_active:
        raise VolunteerError(
            Code.REWARD_UNAVAILABLE, _("This reward is not in the shop.")
        )
    if reward.stock <= 0:
        raise VolunteerError(
            Code.OUT_OF_STOCK, _("Sorry, this reward is out of stock.")
        )
    return reward


def reward_redeem(*, reward_id: int, user: User) -> Redemption:
    """A volunteer spends points on a reward and gets a code to show at the counter.
    The balance never goes negative and the stock is never oversold, however many
    redeem at once."""
    volunteer = _approved_volunteer(user)
    reward = _check_reward(Reward.objects.filter(pk=reward_id).first())
    _append_points_check(volunteer.pk, reward.points)  # fail fast; again below
    with transaction.atomic():
        _lock_volunteer(volunteer.pk)
        reward = _check_reward(
            Reward.objects.select_for_update().filter(pk=reward_id).first()
        )
        _append_points_check(volunteer.pk, reward.points)
        Reward.objects.filter(pk=reward.pk).update(stock=F("stock") - 1)
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    redemption = Redemption.objects.create(
                        reward=reward,
                        volunteer=volunteer,
                        points=reward.points,
                        code=_new_code(),
                    )
                break
            except IntegrityError:
                continue
        else:  # pragma: no cover - 32**8 codes
            raise VolunteerError(Code.INVALID, _("Please try again."))
        _append_points(
            volunteer_id=volunteer.pk,
            kind=PointsEntry.Kind.SPENT,
            amount=-reward.points,
            by_user=user,
            redemption=redemption,
        )
    return redemption


def _append_points_check(volunteer_id: int, needed: int) -> None:
    balance = PointsEntry.objects.filter(volunteer_id=volunteer_id).balance()
    if balance < needed:
        raise VolunteerError(
            Code.NOT_ENOUGH_POINTS,
            _("Not enough points: you have %(balance)s, this needs %(needed)s.")
            % {"balance": balance, "needed": needed},
        )


def can_confirm_redemption(*, user: User, redemption: Redemption) -> bool:
    """Community staff confirm any code; a merchant's clerk only the merchant's."""
    if not user.is_authenticated:
        return False
    if is_community_staff(user):
        return True
    merchant_id = redemption.reward.merchant_id
    return bool(
        merchant_id
        and MerchantClerk.objects.filter(
            merchant_id=merchant_id, user_id=user.pk
        ).exists()
    )


def is_clerk_or_staff(user: User) -> bool:
    if not user.is_authenticated:
        return False
    return (
        is_community_staff(user)
        or MerchantClerk.objects.filter(user_id=user.pk).exists()
    )


def redemption_find(*, code: str, by_user: User) -> Redemption:
    """The redemption a code belongs to, for someone who may confirm it."""
    if not is_clerk_or_staff(by_user):
        raise _not_allowed(_("Only shop clerks and community staff can check codes."))
    redemption = (
        Redemption.objects.with_related().filter(code=normalise_code(code)).first()
    )
    if redemption is None:
        raise VolunteerError(
            Code.CODE_UNKNOWN, _("No reward has this code. Please check it.")
        )
    if not can_confirm_redemption(user=by_user, redemption=redemption):
        raise VolunteerError(
            Code.OTHER_MERCHANT, _("This code is for a reward of another merchant.")
        )
    return redemption


def redemption_confirm(*, code: str, by_user: User) -> Redemption:
    """The merchant's clerk or staff confirm a code once, when the reward is
    handed over."""
    redemption = redemption_find(code=code, by_user=by_user)
    with transaction.atomic():
        redemption = Redemption.objects.select_for_update().get(pk=redemption.pk)
        if redemption.status == Redemption.Status.CONFIRMED:
            raise VolunteerError(
                Code.ALREADY_CONFIRMED,
                _("This code was already used on %(time)s.")
                % {
                    "time": timezone.localtime(redemption.confirmed_at).strftime(
                        "%Y-%m-%d %H:%M"
                    )
                },
            )
        if redemption.status == Redemption.Status.VOIDED:
            raise VolunteerError(Code.VOIDED, _("This code has been voided."))
        redemption.status = Redemption.Status.CONFIRMED
        redemption.confirmed_at = timezone.now()
        redemption.confirmed_by = by_user
        redemption.save()
    return redemption


def redemption_void(
    *, redemption_id: int, by_user: User, reason: str = ""
) -> Redemption:
    """Staff void a redemption not yet collected: the points come back as a new
    ledger entry and the reward goes back into stock."""
    _require_staff(by_user)
    reason = _clean_text(reason, limit=200)
    volunteer_id = (
        Redemption.objects.filter(pk=redemption_id)
        .values_list("volunteer_id", flat=True)
        .first()
    )
    if volunteer_id is None:
        raise VolunteerError(Code.NOT_FOUND, _("This redemption does not exist."))
    with transaction.atomic():
        _lock_volunteer(volunteer_id)
        redemption = Redemption.objects.select_for_update().get(pk=redemption_id)
        if redemption.status == Redemption.Status.VOIDED:
            raise VolunteerError(Code.VOIDED, _("This redemption is already voided."))
        if redemption.status == Redemption.Status.CONFIRMED:
            raise VolunteerError(
                Code.ALREADY_CONFIRMED,
                _("This reward has been handed over; it can no longer be voided."),
            )
        redemption.status = Redemption.Status.VOIDED
        redemption.voided_at = timezone.now()
        redemption.voided_by = by_user
        redemption.void_reason = reason
        redemption.save()
        Reward.objects.filter(pk=redemption.reward_id).update(stock=F("stock") + 1)
        _append_points(
            volunteer_id=volunteer_id,
            kind=PointsEntry.Kind.RETURNED,
            amount=redemption.points,
            by_user=by_user,
            redemption=redemption,
            note=reason,
        )
    return redemption


# --- service requests (点单→派单→接单→评单) -------------------------------------------


def service_request_create(
    *,
    requester: User,
    category_id: int,
    description: str,
    wanted_at: datetime.datetime,
    place: str,
    contact_phone: str = "",
    ordered_by: User | None = None,
) -> ServiceRequest:
    """A resident orders a service (点单); staff may order for a resident
    (``ordered_by``)."""
    if not requester.is_authenticated:
        raise _not_allowed(_("Please log in first."))
    if ordered_by is not None and ordered_by.pk != requester.pk:
        _require_staff(ordered_by)
    category = ServiceCategory.objects.filter(pk=category_id, is_active=True).first()
    if category is None:
        raise VolunteerError(Code.INVALID, _("Please choose a service from the list."))
    description = _clean_text(description, limit=1000)
    place = _clean_text(place, limit=200)
    if not description or not place:
        raise VolunteerError(Code.INVALID, _("Please say what is needed and where."))
    if wanted_at is None or timezone.is_naive(wanted_at):
        raise VolunteerError(Code.INVALID, _("Please say when."))
    now = timezone.now()
    if wanted_at < now - datetime.timedelta(hours=1):
        raise VolunteerError(Code.INVALID, _("The time you chose has already passed."))
    if wanted_at > now + datetime.timedelta(days=180):
        raise VolunteerError(
            Code.INVALID, _("Please choose a time within the next six months.")
        )
    with transaction.atomic():
        return ServiceRequest.objects.create(
            requester=requester,
            ordered_by=ordered_by
            if ordered_by and ordered_by.pk != requester.pk
            else None,
            category=category,
            description=description,
            wanted_at=wanted_at,
            place=place,
            contact_phone=_clean_text(contact_phone, limit=16),
        )


def _lock_request(request_id: int) -> ServiceRequest:
    request = ServiceRequest.objects.select_for_update().filter(pk=request_id).first()
    if request is None:
        raise VolunteerError(Code.NOT_FOUND, _("This request does not exist."))
    return request


def _wrong_status() -> VolunteerError:
    return VolunteerError(
        Code.WRONG_STATUS,
        _("This request has moved on since you opened it; please look again."),
    )


def is_team_member(*, user: User, team_id: int | None) -> bool:
    if not team_id or not user.is_authenticated:
        return False
    return (
        TeamMembership.objects.approved()
        .filter(
            team_id=team_id, volunteer__user_id=user.pk, volunteer__status="approved"
        )
        .exists()
        or Team.objects.filter(pk=team_id, leader_id=user.pk).exists()
    )


def service_request_dispatch(
    *, request_id: int, team_id: int, by_user: User
) -> ServiceRequest:
    """Staff dispatch an order to a team (派单); a dispatched one may be sent to
    another team until somebody accepts it."""
    _require_staff(by_user)
    team = Team.objects.active().filter(pk=team_id).first()
    if team is None:
        raise VolunteerError(Code.INVALID, _("Please choose a team from the list."))
    with transaction.atomic():
        request = _lock_request(request_id)
        if request.status not in (
            ServiceRequest.Status.ORDERED,
            ServiceRequest.Status.DISPATCHED,
        ):
            raise _wrong_status()
        request.status = ServiceRequest.Status.DISPATCHED
        request.team = team
        request.dispatched_at = timezone.now()
        request.dispatched_by = by_user
        request.save()
    return request


def service_request_accept(*, request_id: int, by_user: User) -> ServiceRequest:
    """A member of the team it was dispatched to takes it (接单), first come."""
    with transaction.atomic():
        request = _lock_request(request_id)
        if not is_team_member(user=by_user, team_id=request.team_id):
            raise _not_allowed(
                _("Only members of the team it was sent to can take this request.")
            )
        if request.status != ServiceRequest.Status.DISPATCHED:
            raise _wrong_status()
        request.status = ServiceRequest.Status.ACCEPTED
        request.accepted_at = timezone.now()
        request.accepted_by = by_user
        request.save()
    return request


def service_request_complete(
    *,
    request_id: int,
    by_user: User,
    note: str,
    photos: list[UploadedFile] | None = None,
) -> ServiceRequest:
    """Whoever accepted it marks it done with a note and optional photos (checked
    by the image pipeline before anything is written)."""
    note = _clean_text(note, limit=1000)
    if not note:
        raise VolunteerError(
            Code.INVALID, _("Please write a few words on what was done.")
        )
    photos = list(photos or [])
    if len(photos) > MAX_PHOTOS_PER_ENTRY:
        raise VolunteerError(
            Code.INVALID,
            _("At most %(count)s photos, please.") % {"count": MAX_PHOTOS_PER_ENTRY},
        )
    for photo in photos:
        try:
            validate_image_file(photo)
        except ValidationError as error:
            raise VolunteerError(Code.INVALID, " ".join(error.messages)) from None
    with transaction.atomic():
        request = _lock_request(request_id)
        if request.accepted_by_id != by_user.pk:
            raise _not_allowed(_("Only the volunteer who took it can finish it."))
        if request.status != ServiceRequest.Status.ACCEPTED:
            raise _wrong_status()
        request.status = ServiceRequest.Status.DONE
        request.done_at = timezone.now()
        request.done_note = note
        request.save()
        for position, photo in enumerate(photos):
            ServiceRequestPhoto.objects.create(
                request=request, image=photo, position=position
            )
    return request


def service_request_rate(
    *, request_id: int, by_user: User, rating: int, comment: str = ""
) -> ServiceRequest:
    """The requester rates a finished service (评单), once."""
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise VolunteerError(Code.BAD_RATING, _("Please choose from 1 to 5 stars."))
    comment = _clean_text(comment)
    with transaction.atomic():
        request = _lock_request(request_id)
        if request.requester_id != by_user.pk:
            raise _not_allowed(_("Only the resident who ordered it can rate it."))
        if request.status != ServiceRequest.Status.DONE:
            raise _wrong_status()
        request.status = ServiceRequest.Status.RATED
        request.rating = rating
        request.rating_comment = comment
        request.rated_at = timezone.now()
        request.save()
    return request


def service_request_cancel(*, request_id: int, by_user: User) -> ServiceRequest:
    """The requester (or staff) calls an order off before anyone has taken it."""
    with transaction.atomic():
        request = _lock_request(request_id)
        if request.requester_id != by_user.pk and not is_community_staff(by_user):
            raise _not_allowed(_("Only the resident who ordered it can cancel it."))
        if request.status not in (
            ServiceRequest.Status.ORDERED,
            ServiceRequest.Status.DISPATCHED,
        ):
            raise _wrong_status()
        request.status = ServiceRequest.Status.CANCELLED
        request.cancelled_at = timezone.now()
        request.save()
    return request
