"""Publishing and cancelling activities (through ``Activity.PIPELINE``), and
changing their seats."""

import functools

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community_portal.accounts.models import User
from community_portal.errors import ServiceError
from community_portal.permissions import is_community_staff

from .. import tasks
from ..errors import Code
from ..models import Activity, Registration
from .common import lock_activity
from .registrations import promote_waitlist_locked


def activity_capacity_update(
    *, activity_id: int, capacity: int | None
) -> list[Registration]:
    """Change the number of seats and promote from the waitlist if it grew.
    Lowering it below the confirmed seats cancels nobody; it only stops new
    confirmations until enough people cancel."""
    if capacity is not None and capacity < 0:
        raise ServiceError(
            Code.INVALID_CAPACITY,
            _("The number of seats cannot be negative."),
            field="capacity",
        )
    with transaction.atomic():
        activity = lock_activity(activity_id)
        activity.capacity = capacity
        activity.save(update_fields=["capacity", "updated_at"])
        return promote_waitlist_locked(activity, now=timezone.now())


def activity_publish(*, activity_id: int) -> Activity:
    """Publish a draft: it appears on the pages and takes registrations.
    Publishing a published activity changes nothing; a cancelled one stays
    cancelled."""
    with transaction.atomic():
        activity = lock_activity(activity_id)
        if activity.status == Activity.Status.CANCELLED:
            raise ServiceError(
                Code.ACTIVITY_CANCELLED, _("This activity has been cancelled.")
            )
        if activity.status == Activity.Status.DRAFT:
            Activity.PIPELINE.move(activity, Activity.Status.PUBLISHED)
            activity.save(update_fields=["status", "updated_at"])
    return activity


def activity_cancel(*, activity_id: int, by_user: User, reason: str = "") -> Activity:
    """Community staff call an activity off. Registrations stay as they are (they
    are the record of who meant to come); everyone still registered, confirmed or
    waiting, is told by one background task queued after the commit."""
    if not is_community_staff(by_user):
        raise ServiceError(
            Code.NOT_ALLOWED, _("Only community staff can cancel an activity.")
        )
    with transaction.atomic():
        activity = lock_activity(activity_id)
        if activity.status == Activity.Status.CANCELLED:
            raise ServiceError(
                Code.ALREADY_CANCELLED, _("This activity is already cancelled.")
            )
        if timezone.now() >= activity.ends_at:
            raise ServiceError(Code.ENDED, _("This activity has already ended."))
        Activity.PIPELINE.move(activity, Activity.Status.CANCELLED)
        activity.cancellation_reason = reason.strip()[:200]
        activity.save(update_fields=["status", "cancellation_reason", "updated_at"])
        # One task, however many registrations: the worker tells them.
        transaction.on_commit(
            functools.partial(tasks.notify_activity_cancelled.enqueue, activity.pk)
        )
    return activity
