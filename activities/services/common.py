"""What the services share: the activity lookups and lock, who runs the door,
the rules every sign-up and walk-in meets, and the after-commit notices."""

import datetime
import functools

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from community_portal.accounts.models import User
from community_portal.errors import ServiceError
from community_portal.permissions import is_community_staff

from ..errors import Code
from ..models import Activity, Registration


def format_time(value: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def can_manage_registrations(*, user: User, activity: Activity) -> bool:
    """Community staff, and the leader of the organising team, run the door."""
    if not user.is_authenticated:
        return False
    if is_community_staff(user):
        return True
    # The activity pages load the team with the activity: no query here.
    return activity.team is not None and activity.team.leader_id == user.pk


def get_activity(activity_id: int) -> Activity:
    activity = Activity.objects.filter(pk=activity_id).first()
    if activity is None:
        raise ServiceError(Code.ACTIVITY_NOT_FOUND, _("This activity does not exist."))
    return activity


def lock_activity(activity_id: int) -> Activity:
    activity = Activity.objects.select_for_update().filter(pk=activity_id).first()
    if activity is None:
        raise ServiceError(Code.ACTIVITY_NOT_FOUND, _("This activity does not exist."))
    return activity


def check_activity_takes_people(activity: Activity) -> None:
    if activity.status == Activity.Status.CANCELLED:
        raise ServiceError(
            Code.ACTIVITY_CANCELLED, _("This activity has been cancelled.")
        )
    if activity.status != Activity.Status.PUBLISHED:
        raise ServiceError(
            Code.NOT_PUBLISHED, _("This activity is not open for registration.")
        )


def check_companions(activity: Activity, companions: int) -> None:
    if 0 <= companions <= activity.max_companions:
        return
    if activity.max_companions == 0:
        message = _("This activity does not take companions.")
    else:
        message = _("Companions allowed per person: %(count)s.") % {
            "count": activity.max_companions
        }
    raise ServiceError(Code.TOO_MANY_COMPANIONS, message)


def is_old_enough(activity: Activity, user: User) -> bool:
    """Whether the age rules (minimum and maximum age) let ``user`` in. Only the
    birth year is known: someone counts as N in the calendar year of their Nth
    birthday. Without a birth year there is nothing to check."""
    return age_rule_message(activity, user) is None


def age_rule_text(activity: Activity) -> str:
    """The activity's age rule in words ("aged 80 and over"), or ``""``."""
    low, high = activity.min_age, activity.max_age
    if low is not None and high is not None:
        return _("For residents aged %(min)s to %(max)s.") % {"min": low, "max": high}
    if low is not None:
        return _("This activity is for residents aged %(age)s and over.") % {"age": low}
    if high is not None:
        return _("For residents aged %(age)s and under.") % {"age": high}
    return ""


def age_rule_message(activity: Activity, user: User) -> str | None:
    """Why ``user`` is too young or too old for ``activity``, or ``None``."""
    if user.birth_year is None or (
        activity.min_age is None and activity.max_age is None
    ):
        return None
    age = timezone.localtime(activity.starts_at).year - user.birth_year
    if activity.min_age is not None and age < activity.min_age:
        return age_rule_text(activity)
    if activity.max_age is not None and age > activity.max_age:
        return age_rule_text(activity)
    return None


def on_commit(hook, registration: Registration) -> None:
    transaction.on_commit(functools.partial(hook, registration_id=registration.pk))


def check_can_run_door(*, user: User, activity: Activity) -> None:
    if not can_manage_registrations(user=user, activity=activity):
        raise ServiceError(
            Code.NOT_ALLOWED,
            _("Only community staff and the organising team can check people in."),
        )
