"""The door QR of an activity: residents check themselves in, volunteers start and
end their shift, by scanning the poster at the door (``activities.checkin``)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community_portal.accounts.models import User
from community_portal.errors import ServiceError
from community_portal.timeutils import checkin_window_refusal
from volunteers.models import HoursEntry, VolunteerShift
from volunteers.services import shift_door_scan

from ..checkin import make_door_token, read_door_token
from ..errors import Code
from ..models import Activity, Registration
from .checkin import _check_in_locked
from .common import get_activity


def door_token(activity: Activity) -> str:
    """The token in the activity's door QR (on its poster)."""
    return make_door_token(activity_id=activity.pk)


def door_activity(*, token: str) -> Activity:
    """The activity a door token is for; a forged token or a deleted activity is
    refused with a message."""
    return get_activity(read_door_token(token))


def _other_activity_now(*, user: User, activity: Activity) -> Activity | None:
    """Another activity the user has a seat at whose check-in is open now: they
    scanned the wrong poster."""
    now = timezone.now()
    for registration in (
        Registration.objects.confirmed()
        .select_related("activity")
        .filter(user_id=user.pk, activity__ends_at__gt=now)
        .exclude(activity_id=activity.pk)
        .order_by("activity__starts_at")[:5]
    ):
        other = registration.activity
        if (
            checkin_window_refusal(
                starts_at=other.starts_at,
                ends_at=other.ends_at,
                opens_minutes=other.checkin_opens_minutes,
                now=now,
            )
            is None
        ):
            return other
    return None


def door_check_in(*, token: str, user: User) -> Registration:
    """A signed-in resident with a seat checks themselves in at the door."""
    activity = door_activity(token=token)
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update()
            .active()
            .filter(activity_id=activity.pk, user_id=user.pk)
            .first()
        )
        if registration is None:
            other = _other_activity_now(user=user, activity=activity)
            if other is not None:
                raise ServiceError(
                    Code.DOOR_OTHER_ACTIVITY,
                    _(
                        "This door QR is for “%(this)s”, but you are signed up for "
                        "“%(other)s”. Please scan the poster of your own activity."
                    )
                    % {"this": activity.title, "other": other.title},
                )
            raise ServiceError(
                Code.NOT_REGISTERED,
                _(
                    "You are not signed up for this activity, so you cannot check "
                    "in here. Please ask the organisers at the door."
                ),
            )
        return _check_in_locked(registration, activity=activity, by_user=user)


def door_shift_scan(
    *, token: str, user: User
) -> tuple[VolunteerShift, HoursEntry | None]:
    """A volunteer of the activity scans its door QR: the first scan starts their
    shift, the second ends it (hours waiting for staff to verify)."""
    activity = door_activity(token=token)
    if activity.status != Activity.Status.PUBLISHED:
        raise ServiceError(
            Code.ACTIVITY_CANCELLED
            if activity.status == Activity.Status.CANCELLED
            else Code.NOT_PUBLISHED,
            _("This activity is not taking place."),
        )
    return shift_door_scan(activity_id=activity.pk, user=user)
