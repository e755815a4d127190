"""Registration writes: sign-up, cancellation, the waitlist, check-in and walk-ins.

Seats are never oversold. Every function that can take a seat opens its own
transaction, locks the activity row once (``select_for_update()``), re-checks the
rules against the locked row and only then writes; the lock guards every status
change of that activity's registrations. The unique constraint "one active
registration per person and activity" backs it up. On SQLite ``select_for_update()``
does nothing, but the settings make every transaction ``BEGIN IMMEDIATE``, which
serialises writers just the same.

Lock order, to stay free of deadlocks: the activity first, then a registration.

Residents are told about changes through ``activities.notifications``, called
only after the transaction commits.

Further down: publishing and cancelling activities, recurring series, records
(纪实), ratings with the satisfaction figures, and the day-before reminders.
"""

import calendar
import datetime
import functools
from enum import StrEnum

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from community_portal.accounts.models import User
from community_portal.images import validate_image_file
from community_portal.permissions import is_community_staff
from community_portal.timeutils import local_day_bounds

from . import notifications
from .checkin import BadCheckinCode, make_code, read_code
from .models import (
    Activity,
    ActivityRecord,
    ActivitySeries,
    Rating,
    RecordPhoto,
    Registration,
)


class RegistrationError(Exception):
    """A rule said no. ``code`` is for programs (views, tests); ``message`` is
    for people, already translated into the active language."""

    class Code(StrEnum):
        ACTIVITY_NOT_FOUND = "activity_not_found"
        REGISTRATION_NOT_FOUND = "registration_not_found"
        NOT_PUBLISHED = "not_published"
        ACTIVITY_CANCELLED = "activity_cancelled"
        ENDED = "ended"
        NOT_OPEN_YET = "not_open_yet"
        CLOSED = "closed"
        ALREADY_REGISTERED = "already_registered"
        TOO_MANY_COMPANIONS = "too_many_companions"
        NOT_ELIGIBLE = "not_eligible"
        NOT_ALLOWED = "not_allowed"
        ALREADY_CANCELLED = "already_cancelled"
        CANCELLATION_CLOSED = "cancellation_closed"
        CHECKED_IN = "checked_in"
        CODE_INVALID = "code_invalid"
        CODE_OTHER_ACTIVITY = "code_other_activity"
        NOT_CONFIRMED = "not_confirmed"
        REGISTRATION_CANCELLED = "registration_cancelled"
        ALREADY_CHECKED_IN = "already_checked_in"
        # Series, records, ratings and activity status (added with them).
        SERIES_NOT_FOUND = "series_not_found"
        RECORD_NOT_FOUND = "record_not_found"
        NOT_STARTED = "not_started"
        NOT_ENDED = "not_ended"
        NOT_ATTENDED = "not_attended"
        ALREADY_RATED = "already_rated"
        RATING_CLOSED = "rating_closed"
        INVALID_SCORE = "invalid_score"
        COMMENT_TOO_LONG = "comment_too_long"

    def __init__(self, code: "RegistrationError.Code", message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


Code = RegistrationError.Code


def _format_time(value: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def can_manage_registrations(*, user: User, activity: Activity) -> bool:
    """Community staff, and the leader of the organising team, run the door."""
    if not user.is_authenticated:
        return False
    if is_community_staff(user):
        return True
    # The activity pages load the team with the activity: no query here.
    return activity.team is not None and activity.team.leader_id == user.pk


def _get_activity(activity_id: int) -> Activity:
    activity = Activity.objects.filter(pk=activity_id).first()
    if activity is None:
        raise RegistrationError(
            Code.ACTIVITY_NOT_FOUND, _("This activity does not exist.")
        )
    return activity


def _lock_activity(activity_id: int) -> Activity:
    activity = Activity.objects.select_for_update().filter(pk=activity_id).first()
    if activity is None:
        raise RegistrationError(
            Code.ACTIVITY_NOT_FOUND, _("This activity does not exist.")
        )
    return activity


def _check_activity_takes_people(activity: Activity) -> None:
    if activity.status == Activity.Status.CANCELLED:
        raise RegistrationError(
            Code.ACTIVITY_CANCELLED, _("This activity has been cancelled.")
        )
    if activity.status != Activity.Status.PUBLISHED:
        raise RegistrationError(
            Code.NOT_PUBLISHED, _("This activity is not open for registration.")
        )


def _check_companions(activity: Activity, companions: int) -> None:
    if 0 <= companions <= activity.max_companions:
        return
    if activity.max_companions == 0:
        message = _("This activity does not take companions.")
    else:
        message = _("Companions allowed per person: %(count)s.") % {
            "count": activity.max_companions
        }
    raise RegistrationError(Code.TOO_MANY_COMPANIONS, message)


def _is_old_enough(activity: Activity, user: User) -> bool:
    """Only the birth year is known: someone counts as N in the calendar year of
    their Nth birthday. Without a birth year there is nothing to check."""
    if activity.min_age is None or user.birth_year is None:
        return True
    age = timezone.localtime(activity.starts_at).year - user.birth_year
    return age >= activity.min_age


def _check_registrable(
    *,
    activity: Activity,
    user: User,
    companions: int,
    override_eligibility_by: User | None,
    now: datetime.datetime,
) -> bool:
    """Every rule but seats. Returns whether the age rule needed the override."""
    _check_activity_takes_people(activity)
    if now >= activity.ends_at:
        raise RegistrationError(Code.ENDED, _("This activity has already ended."))
    if activity.registration_opens_at and now < activity.registration_opens_at:
        raise RegistrationError(
            Code.NOT_OPEN_YET,
            _("Registration opens at %(time)s.")
            % {"time": _format_time(activity.registration_opens_at)},
        )
    if now >= activity.registration_deadline:
        raise RegistrationError(
            Code.CLOSED, _("Registration for this activity has closed.")
        )
    _check_companions(activity, companions)
    if _is_old_enough(activity, user):
        return False
    if override_eligibility_by is None:
        raise RegistrationError(
            Code.NOT_ELIGIBLE,
            _("This activity is for residents aged %(age)s and over.")
            % {"age": activity.min_age},
        )
    return True


def _already_registered() -> RegistrationError:
    return RegistrationError(
        Code.ALREADY_REGISTERED, _("You are already registered for this activity.")
    )


def _on_commit(hook, registration: Registration) -> None:
    transaction.on_commit(functools.partial(hook, registration_id=registration.pk))


def registration_create(
    *,
    activity_id: int,
    user: User,
    companions: int = 0,
    override_eligibility_by: User | None = None,
) -> Registration:
    """Sign ``user`` (plus companions) up: confirmed while seats remain and nobody
    is waiting, otherwise onto the waitlist.

    ``override_eligibility_by`` is a staff member letting someone in who does not
    meet the minimum age; it is recorded only when the age rule needed it.
    """
    if override_eligibility_by is not None and not is_community_staff(
        override_eligibility_by
    ):
        raise RegistrationError(
            Code.NOT_ALLOWED, _("Only community staff can make an exception.")
        )
    # Fail fast without the lock: closed activities, double clicks.
    activity = _get_activity(activity_id)
    _check_registrable(
        activity=activity,
        user=user,
        companions=companions,
        override_eligibility_by=override_eligibility_by,
        now=timezone.now(),
    )
    if (
        Registration.objects.active()
        .filter(activity_id=activity_id, user_id=user.pk)
        .exists()
    ):
        raise _already_registered()

    with transaction.atomic():
        activity = _lock_activity(activity_id)
        now = timezone.now()
        overridden = _check_registrable(
            activity=activity,
            user=user,
            companions=companions,
            override_eligibility_by=override_eligibility_by,
            now=now,
        )
        counts = Registration.objects.filter(activity_id=activity_id).aggregate(
            seats_taken=Coalesce(
                Sum(
                    F("companions") + 1, filter=Q(status=Registration.Status.CONFIRMED)
                ),
                0,
            ),
            waiting=Count("pk", filter=Q(status=Registration.Status.WAITLISTED)),
            mine=Count(
                "pk",
                filter=Q(user_id=user.pk) & ~Q(status=Registration.Status.CANCELLED),
            ),
        )
        if counts["mine"]:
            raise _already_registered()
        # Nobody jumps the queue: while anyone waits, newcomers wait behind them.
        confirm = activity.capacity is None or (
            not counts["waiting"]
            and counts["seats_taken"] + 1 + companions <= activity.capacity
        )
        try:
            registration = Registration.objects.create(
                activity=activity,
                user=user,
                companions=companions,
                status=(
                    Registration.Status.CONFIRMED
                    if confirm
                    else Registration.Status.WAITLISTED
                ),
                confirmed_at=now if confirm else None,
                waitlisted_at=None if confirm else now,
                eligibility_overridden_by=(
                    override_eligibility_by if overridden else None
                ),
            )
        except IntegrityError:
            # Only the one-active-registration constraint can fail here (the rest
            # was checked above); it backs up the check made under the lock.
            raise _already_registered() from None
        _on_commit(
            notifications.registration_confirmed
            if confirm
            else notifications.registration_waitlisted,
            registration,
        )
    return registration


def _promote_waitlist(
    activity: Activity, *, now: datetime.datetime
) -> list[Registration]:
    """Confirm waitlisted registrations, oldest first, while their seats fit.
    Strictly in order: a large party at the head is not skipped. The caller
    holds the activity lock."""
    if activity.status != Activity.Status.PUBLISHED or now >= activity.ends_at:
        return []
    registrations = Registration.objects.filter(activity_id=activity.pk)
    free = None
    if activity.capacity is not None:
        free = activity.capacity - registrations.confirmed().seat_count()
    promoted = []
    for registration in registrations.waitlisted():
        if free is not None and registration.seats > free:
            break
        registration.status = Registration.Status.CONFIRMED
        registration.confirmed_at = now
        registration.save(update_fields=["status", "confirmed_at", "updated_at"])
        _on_commit(notifications.registration_promoted, registration)
        promoted.append(registration)
        if free is not None:
            free -= registration.seats
    return promoted


def waitlist_promote(*, activity_id: int) -> list[Registration]:
    """Fill free seats from the waitlist; returns the promoted registrations."""
    with transaction.atomic():
        activity = _lock_activity(activity_id)
        return _promote_waitlist(activity, now=timezone.now())


def activity_capacity_update(
    *, activity_id: int, capacity: int | None
) -> list[Registration]:
    """Change the number of seats and promote from the waitlist if it grew.
    Lowering it below the confirmed seats cancels nobody; it only stops new
    confirmations until enough people cancel."""
    if capacity is not None and capacity < 0:
        raise ValueError("capacity must not be negative")
    with transaction.atomic():
        activity = _lock_activity(activity_id)
        activity.capacity = capacity
        activity.save(update_fields=["capacity", "updated_at"])
        return _promote_waitlist(activity, now=timezone.now())


def registration_cancel(
    *, registration_id: int, user: User, by_staff: bool = False
) -> Registration:
    """Cancel a registration (the row stays) and promote from the waitlist in the
    same transaction. Residents cancel their own confirmed seats until the
    activity's cut-off; staff (``by_staff=True``) cancel any, any time. Leaving the
    waitlist is always allowed."""
    if by_staff and not is_community_staff(user):
        raise RegistrationError(
            Code.NOT_ALLOWED, _("You are not allowed to cancel this registration.")
        )
    activity_id = (
        Registration.objects.filter(pk=registration_id)
        .values_list("activity_id", flat=True)
        .first()
    )
    if activity_id is None:
        raise RegistrationError(
            Code.REGISTRATION_NOT_FOUND, _("This registration does not exist.")
        )
    with transaction.atomic():
        activity = _lock_activity(activity_id)
        registration = Registration.objects.select_for_update().get(pk=registration_id)
        now = timezone.now()
        if not by_staff and registration.user_id != user.pk:
            raise RegistrationError(
                Code.NOT_ALLOWED,
                _("You are not allowed to cancel this registration."),
            )
        if registration.status == Registration.Status.CANCELLED:
            raise RegistrationError(
                Code.ALREADY_CANCELLED, _("This registration is already cancelled.")
            )
        if registration.is_checked_in:
            raise RegistrationError(
                Code.CHECKED_IN,
                _("This registration is checked in and can no longer be cancelled."),
            )
        was_confirmed = registration.status == Registration.Status.CONFIRMED
        if was_confirmed and not by_staff and now >= activity.cancellation_deadline:
            raise RegistrationError(
                Code.CANCELLATION_CLOSED,
                _("Cancellation closed at %(time)s. Please contact the organisers.")
                % {"time": _format_time(activity.cancellation_deadline)},
            )
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = now
        registration.cancelled_by = user
        registration.save(
            update_fields=["status", "cancelled_at", "cancelled_by", "updated_at"]
        )
        _on_commit(notifications.registration_cancelled, registration)
        if was_confirmed:
            _promote_waitlist(activity, now=now)
    return registration


def checkin_code(registration: Registration) -> str:
    """The code a resident shows at the door (as text or a QR code)."""
    return make_code(
        registration_id=registration.pk, activity_id=registration.activity_id
    )


def _check_can_run_door(*, user: User, activity: Activity) -> None:
    if not can_manage_registrations(user=user, activity=activity):
        raise RegistrationError(
            Code.NOT_ALLOWED,
            _("Only community staff and the organising team can check people in."),
        )


def _check_in_locked(
    registration: Registration, *, activity: Activity, by_user: User
) -> Registration:
    if activity.status == Activity.Status.CANCELLED:
        raise RegistrationError(
            Code.ACTIVITY_CANCELLED, _("This activity has been cancelled.")
        )
    if registration.status == Registration.Status.CANCELLED:
        raise RegistrationError(
            Code.REGISTRATION_CANCELLED, _("This registration has been cancelled.")
        )
    if registration.status == Registration.Status.WAITLISTED:
        raise RegistrationError(
            Code.NOT_CONFIRMED,
            _("This registration is on the waitlist and has no seat yet."),
        )
    if registration.is_checked_in:
        raise RegistrationError(
            Code.ALREADY_CHECKED_IN,
            _("Already checked in at %(time)s.")
            % {"time": _format_time(registration.checked_in_at)},
        )
    registration.checked_in_at = timezone.now()
    registration.checked_in_by = by_user
    registration.save(update_fields=["checked_in_at", "checked_in_by", "updated_at"])
    return registration


def checkin_by_code(*, activity_id: int, code: str, by_user: User) -> Registration:
    """Check in the registration a code belongs to, once."""
    activity = _get_activity(activity_id)
    _check_can_run_door(user=by_user, activity=activity)
    try:
        parsed = read_code(code)
    except BadCheckinCode:
        raise RegistrationError(
            Code.CODE_INVALID,
            _("This check-in code is not valid. Please check it and try again."),
        ) from None
    if parsed.activity_id != activity.pk:
        raise RegistrationError(
            Code.CODE_OTHER_ACTIVITY, _("This check-in code is for another activity.")
        )
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update()
            .filter(pk=parsed.registration_id, activity_id=activity.pk)
            .first()
        )
        if registration is None:
            raise RegistrationError(
                Code.CODE_INVALID,
                _("This check-in code is not valid. Please check it and try again."),
            )
        return _check_in_locked(registration, activity=activity, by_user=by_user)


def registration_check_in(*, registration_id: int, by_user: User) -> Registration:
    """Check someone in from the list at the door (no code: a phone left at
    home is common among older residents)."""
    registration = Registration.objects.filter(pk=registration_id).first()
    if registration is None:
        raise RegistrationError(
            Code.REGISTRATION_NOT_FOUND, _("This registration does not exist.")
        )
    activity = _get_activity(registration.activity_id)
    _check_can_run_door(user=by_user, activity=activity)
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration_id)
        return _check_in_locked(registration, activity=activity, by_user=by_user)


def walk_in_add(
    *, activity_id: int, user: User, by_user: User, companions: int = 0
) -> Registration:
    """Record someone who turned up at the door, checked in at once.

    The organiser at the door decides whether there is room, so a walk-in may go
    beyond ``capacity`` (it is marked ``is_walk_in`` for the ledgers) and the
    registration window and age rule do not apply (an age exception is recorded as
    made by ``by_user``). Someone already registered is not added twice: a
    confirmed registration is checked in, a waitlisted one is confirmed and
    checked in. Cancelled or draft activities take no walk-ins.
    """
    activity = _get_activity(activity_id)
    _check_can_run_door(user=by_user, activity=activity)
    with transaction.atomic():
        activity = _lock_activity(activity_id)
        _check_activity_takes_people(activity)
        _check_companions(activity, companions)
        now = timezone.now()
        existing = (
            Registration.objects.select_for_update()
            .active()
            .filter(activity_id=activity_id, user_id=user.pk)
            .first()
        )
        if existing is not None:
            if existing.status == Registration.Status.WAITLISTED:
                existing.status = Registration.Status.CONFIRMED
                existing.confirmed_at = now
                existing.save(update_fields=["status", "confirmed_at", "updated_at"])
            return _check_in_locked(existing, activity=activity, by_user=by_user)
        return Registration.objects.create(
            activity=activity,
            user=user,
            companions=companions,
            status=Registration.Status.CONFIRMED,
            confirmed_at=now,
            checked_in_at=now,
            checked_in_by=by_user,
            is_walk_in=True,
            eligibility_overridden_by=(
                None if _is_old_enough(activity, user) else by_user
            ),
        )


# --- publishing and cancelling activities ---------------------------------------


def activity_publish(*, activity_id: int) -> Activity:
    """Publish a draft: it appears on the pages and takes registrations.
    Publishing a published activity changes nothing; a cancelled one stays
    cancelled."""
    with transaction.atomic():
        activity = _lock_activity(activity_id)
        if activity.status == Activity.Status.CANCELLED:
            raise RegistrationError(
                Code.ACTIVITY_CANCELLED, _("This activity has been cancelled.")
            )
        if activity.status == Activity.Status.DRAFT:
            activity.status = Activity.Status.PUBLISHED
            activity.save(update_fields=["status", "updated_at"])
    return activity


def activity_cancel(*, activity_id: int, by_user: User, reason: str = "") -> Activity:
    """Community staff call an activity off. Registrations stay as they are (they
    are the record of who meant to come); everyone still registered, confirmed or
    waiting, is told after the commit."""
    if not is_community_staff(by_user):
        raise RegistrationError(
            Code.NOT_ALLOWED, _("Only community staff can cancel an activity.")
        )
    with transaction.atomic():
        activity = _lock_activity(activity_id)
        if activity.status == Activity.Status.CANCELLED:
            raise RegistrationError(
                Code.ALREADY_CANCELLED, _("This activity is already cancelled.")
            )
        if timezone.now() >= activity.ends_at:
            raise RegistrationError(Code.ENDED, _("This activity has already ended."))
        activity.status = Activity.Status.CANCELLED
        activity.cancellation_reason = reason.strip()[:200]
        activity.save(update_fields=["status", "cancellation_reason", "updated_at"])
        transaction.on_commit(
            functools.partial(notifications.activity_cancelled, activity_id=activity.pk)
        )
    return activity


# --- series ----------------------------------------------------------------------

_MONTHS_BETWEEN = {
    ActivitySeries.Frequency.MONTHLY: 1,
    ActivitySeries.Frequency.QUARTERLY: 3,
}


def _add_months(date: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later; the 31st becomes the month's last day."""
    index = date.month - 1 + months
    year, month = date.year + index // 12, index % 12 + 1
    return date.replace(
        year=year, month=month, day=min(date.day, calendar.monthrange(year, month)[1])
    )


def series_dates(series: ActivitySeries) -> list[datetime.date]:
    """The dates a series takes place on, from ``starts_on`` to ``ends_on``.
    Each is counted from the first date (never from the previous one), so a
    monthly series on the 31st returns to the 31st after a short month."""
    dates = []
    step = 0
    while True:
        if series.frequency == ActivitySeries.Frequency.WEEKLY:
            date = series.starts_on + datetime.timedelta(weeks=step)
        else:
            date = _add_months(
                series.starts_on, _MONTHS_BETWEEN[series.frequency] * step
            )
        if date > series.ends_on:
            return dates
        dates.append(date)
        step += 1


def series_generate(*, series_id: int, publish: bool = False) -> list[Activity]:
    """Create the series' activities that do not exist yet and return them.

    Running it again creates nothing twice: an occurrence is known by its series
    and start (a unique constraint backs this up), so after ``ends_on`` is moved
    on only the new dates are added. Occurrences are drafts unless ``publish``.
    Existing occurrences are left alone: each may have been edited since.
    """
    with transaction.atomic():
        series = ActivitySeries.objects.select_for_update().filter(pk=series_id).first()
        if series is None:
            raise RegistrationError(
                Code.SERIES_NOT_FOUND, _("This series does not exist.")
            )
        zone = timezone.get_default_timezone()
        starts = [
            timezone.make_aware(
                datetime.datetime.combine(date, series.start_time), zone
            )
            for date in series_dates(series)
        ]
        existing = set(
            Activity.objects.filter(series=series, starts_at__in=starts).values_list(
                "starts_at", flat=True
            )
        )
        created = []
        for starts_at in starts:
            if starts_at in existing:
                continue
            created.append(
                Activity.objects.create(
                    series=series,
                    title=series.title,
                    strand=series.strand,
                    venue_id=series.venue_id,
                    space_id=series.space_id,
                    location=series.location,
                    team_id=series.team_id,
                    alliance_id=series.alliance_id,
                    audience=series.audience,
                    capacity=series.capacity,
                    min_age=series.min_age,
                    summary=series.summary,
                    description=series.description,
                    starts_at=starts_at,
                    ends_at=starts_at + series.duration,
                    status=(
                        Activity.Status.PUBLISHED if publish else Activity.Status.DRAFT
                    ),
                )
            )
    return created


# --- records (纪实) ---------------------------------------------------------------


def _check_can_keep_record(*, user: User, activity: Activity) -> None:
    if not can_manage_registrations(user=user, activity=activity):
        raise RegistrationError(
            Code.NOT_ALLOWED,
            _("Only community staff and the organising team can write the record."),
        )


def _set_published(record: ActivityRecord, publish: bool, *, now) -> None:
    if publish and not record.is_published:
        record.is_published, record.published_at = True, now
    elif not publish:
        record.is_published, record.published_at = False, None


def record_save(
    *,
    activity_id: int,
    author: User,
    summary: str,
    photos: list[UploadedFile],
    publish: bool,
) -> ActivityRecord:
    """Write (or rewrite) the record of an activity that has started: the summary,
    new photos added after the existing ones, and whether it is published.

    Bad photos raise the image pipeline's ``ValidationError`` before anything is
    written. Attendance is not part of it: it is counted from the check-ins.
    """
    activity = _get_activity(activity_id)
    _check_can_keep_record(user=author, activity=activity)
    if activity.status == Activity.Status.CANCELLED:
        raise RegistrationError(
            Code.ACTIVITY_CANCELLED, _("This activity has been cancelled.")
        )
    if activity.status != Activity.Status.PUBLISHED:
        raise RegistrationError(
            Code.NOT_PUBLISHED, _("This activity has not been published.")
        )
    now = timezone.now()
    if now < activity.starts_at:
        raise RegistrationError(
            Code.NOT_STARTED,
            _("A record can be written once the activity has started."),
        )
    for photo in photos:
        validate_image_file(photo)
    with transaction.atomic():
        record, _created = ActivityRecord.objects.select_for_update().get_or_create(
            activity_id=activity.pk,
            defaults={"summary": summary, "author": author},
        )
        record.summary = summary
        record.author = author
        _set_published(record, publish, now=now)
        record.save()
        position = (
            record.photos.aggregate(last=Coalesce(Max("position"), -1))["last"] + 1
        )
        for offset, photo in enumerate(photos):
            RecordPhoto.objects.create(
                record=record, image=photo, position=position + offset
            )
    return record


def record_publish(*, record_id: int, by_user: User) -> ActivityRecord:
    """Publish a record written earlier (the first publication time is kept)."""
    record = (
        ActivityRecord.objects.select_related("activity").filter(pk=record_id).first()
    )
    if record is None:
        raise RegistrationError(Code.RECORD_NOT_FOUND, _("This record does not exist."))
    _check_can_keep_record(user=by_user, activity=record.activity)
    with transaction.atomic():
        record = ActivityRecord.objects.select_for_update().get(pk=record_id)
        if not record.is_published:
            _set_published(record, True, now=timezone.now())
            record.save(update_fields=["is_published", "published_at", "updated_at"])
    return record


# --- ratings (评价) ---------------------------------------------------------------

RATING_WINDOW = datetime.timedelta(days=14)
RATING_COMMENT_MAX_LENGTH = 500


def rating_create(
    *, activity_id: int, user: User, score: int, comment: str = ""
) -> Rating:
    """A resident who was checked in rates the activity, once, from its end until
    ``RATING_WINDOW`` later."""
    activity = _get_activity(activity_id)
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
        raise RegistrationError(
            Code.INVALID_SCORE, _("Please choose from 1 to 5 stars.")
        )
    comment = comment.strip()
    if len(comment) > RATING_COMMENT_MAX_LENGTH:
        raise RegistrationError(
            Code.COMMENT_TOO_LONG,
            _("Please keep the comment to %(count)s characters.")
            % {"count": RATING_COMMENT_MAX_LENGTH},
        )
    if activity.status == Activity.Status.CANCELLED:
        raise RegistrationError(
            Code.ACTIVITY_CANCELLED, _("This activity has been cancelled.")
        )
    attended = (
        user.is_authenticated
        and Registration.objects.checked_in()
        .filter(activity_id=activity.pk, user_id=user.pk)
        .exists()
    )
    if not attended:
        raise RegistrationError(
            Code.NOT_ATTENDED,
            _("Only residents who were checked in at this activity can rate it."),
        )
    now = timezone.now()
    if now < activity.ends_at:
        raise RegistrationError(
            Code.NOT_ENDED, _("You can rate this activity once it has ended.")
        )
    if now > activity.ends_at + RATING_WINDOW:
        raise RegistrationError(
            Code.RATING_CLOSED,
            _("Ratings are taken for %(days)s days after an activity.")
            % {"days": RATING_WINDOW.days},
        )
    if Rating.objects.filter(activity_id=activity.pk, user_id=user.pk).exists():
        raise _already_rated()
    try:
        with transaction.atomic():
            return Rating.objects.create(
                activity=activity, user=user, score=score, comment=comment
            )
    except IntegrityError:
        # Two submissions at once: the unique constraint lets only one through.
        raise _already_rated() from None


def _already_rated() -> RegistrationError:
    return RegistrationError(
        Code.ALREADY_RATED, _("You have already rated this activity.")
    )


# --- reminders ---------------------------------------------------------------------


def reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Remind everyone with a confirmed seat for an activity tomorrow (the
    Asia/Shanghai calendar day) and an e-mail address. Returns how many.

    Safe to run twice, even at once: the rows are locked (``SKIP LOCKED`` where
    the database has it; SQLite serialises writers anyway) and marked with
    ``reminder_sent_at`` in the same transaction, and the e-mails go out only
    after it commits, so nobody is reminded twice.
    """
    now = now or timezone.now()
    zone = timezone.get_default_timezone()
    tomorrow = timezone.localtime(now, zone).date() + datetime.timedelta(days=1)
    start, end = local_day_bounds(tomorrow, tomorrow)
    with transaction.atomic():
        ids = list(
            Registration.objects.select_for_update(skip_locked=True, of=("self",))
            .confirmed()
            .filter(
                reminder_sent_at__isnull=True,
                activity__status=Activity.Status.PUBLISHED,
                activity__starts_at__gte=start,
                activity__starts_at__lt=end,
            )
            .exclude(user__email="")
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if not ids:
            return 0
        Registration.objects.filter(pk__in=ids).update(
            reminder_sent_at=now, updated_at=now
        )
        transaction.on_commit(
            functools.partial(
                notifications.registration_reminders, registration_ids=ids
            )
        )
    return len(ids)
