"""Hours served: entered by the leader or from the check-out, verified by staff
(earning points) or rejected."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from community_portal.accounts.models import User
from community_portal.errors import ServiceError

from ..errors import Code
from ..models import (
    HoursEntry,
    PointsEntry,
    Volunteer,
    VolunteerShift,
)
from ..notices import hours_told
from .common import (
    _clean_text,
    _lock_volunteer,
    _not_allowed,
    _require_staff,
    can_organise_activity,
)
from .points import _append_points, points_rate_on


def parse_hours(value) -> Decimal:
    """Hours as typed ("2", "2.5"): more than 0, at most 24, in half hours or
    tenths. Anything else is refused with a message for people."""
    try:
        hours = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ServiceError(
            Code.BAD_HOURS, _("Please enter the hours as a number.")
        ) from None
    if not hours.is_finite() or hours <= 0:
        raise ServiceError(Code.BAD_HOURS, _("Hours must be more than 0."))
    if hours > HoursEntry.MAX_HOURS_PER_DAY:
        raise ServiceError(
            Code.BAD_HOURS, _("Nobody serves more than 24 hours in a day.")
        )
    return hours.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _hours_create(
    *,
    volunteer_id: int,
    activity=None,
    service_request=None,
    hours: Decimal,
    source: str,
    by_user: User,
    note: str = "",
) -> HoursEntry:
    """Inside a transaction: lock the volunteer, check the day's total, write.
    The hours are for an activity or for a service request (exactly one)."""
    _lock_volunteer(volunteer_id)
    served_at = activity.starts_at if activity is not None else service_request.done_at
    served_on = timezone.localdate(served_at)
    day_total = HoursEntry.objects.counting().filter(
        volunteer_id=volunteer_id, served_on=served_on
    ).aggregate(total=Sum("hours"))["total"] or Decimal(0)
    if day_total + hours > HoursEntry.MAX_HOURS_PER_DAY:
        raise ServiceError(
            Code.TOO_MANY_HOURS,
            _("That would make %(total)s hours on %(date)s; a day has at most 24.")
            % {"total": day_total + hours, "date": served_on},
        )
    same = (
        {"activity_id": activity.pk}
        if activity is not None
        else {"service_request_id": service_request.pk}
    )
    if HoursEntry.objects.counting().filter(volunteer_id=volunteer_id, **same).exists():
        raise ServiceError(
            Code.HOURS_ALREADY_ENTERED,
            _("Hours for this activity have already been entered."),
        )
    return HoursEntry.objects.create(
        volunteer_id=volunteer_id,
        activity=activity,
        service_request=service_request,
        team_id=activity.team_id if activity is not None else service_request.team_id,
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
    # The caller names an activity by id and no volunteers row leads to it yet:
    # the model class through the relation field, not an import of the higher app.
    activities = HoursEntry._meta.get_field("activity").related_model.objects
    activity = activities.filter(pk=activity_id).first()
    if activity is None:
        raise ServiceError(Code.NOT_FOUND, _("This activity does not exist."))
    if not can_organise_activity(user=by_user, activity=activity):
        raise _not_allowed(
            _("Only community staff and the organising team can enter hours.")
        )
    if timezone.now() < activity.starts_at:
        raise ServiceError(
            Code.ACTIVITY_CLOSED,
            _("Hours can be entered once the activity has started."),
        )
    volunteer = Volunteer.objects.filter(pk=volunteer_id).first()
    if volunteer is None or not volunteer.is_approved:
        raise ServiceError(Code.NOT_VOLUNTEER, _("This is not an approved volunteer."))
    served = (
        VolunteerShift.objects.active()
        .filter(volunteer_id=volunteer.pk, role__activity_id=activity.pk)
        .exists()
    )
    if not served:
        raise ServiceError(
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
                HoursEntry.PIPELINE.move(entry, HoursEntry.Status.VERIFIED)
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
                hours_told(entry=entry)
                verified.append(entry)
    return verified


def hours_reject(
    *, entry_ids: list[int], by_user: User, reason: str
) -> list[HoursEntry]:
    """Staff reject hours still waiting (in bulk), saying why: the volunteer sees the
    reason on their page, and the leader may enter the hours again, corrected.
    Entries no longer waiting are skipped. Returns the entries rejected now."""
    _require_staff(by_user)
    reason = _clean_text(reason, limit=200)
    if not reason:
        raise ServiceError(
            Code.INVALID,
            _("Please say why the hours are rejected."),
            field="reason",
        )
    if not entry_ids:
        raise ServiceError(Code.INVALID, _("Please tick the hours to reject."))
    rejected = []
    with transaction.atomic():
        entries = HoursEntry.objects.select_for_update().filter(
            pk__in=entry_ids, status=HoursEntry.Status.PENDING
        )
        for entry in entries.order_by("pk"):
            HoursEntry.PIPELINE.move(entry, HoursEntry.Status.REJECTED)
            entry.reject_reason = reason
            entry.verified_by = by_user
            entry.save()
            hours_told(entry=entry)
            rejected.append(entry)
    if not rejected and len(entry_ids) == 1:
        if not HoursEntry.objects.filter(pk=entry_ids[0]).exists():
            raise ServiceError(Code.NOT_FOUND, _("These hours do not exist."))
        raise ServiceError(
            Code.NOT_PENDING, _("These hours have already been decided.")
        )
    return rejected
