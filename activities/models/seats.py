"""The seat counters on each activity: ``seats_taken`` (confirmed registrations,
companions included) and ``waitlist_count`` (waitlisted registrations).

Pages read them as columns instead of summing registrations at render time. They
are recounted from the registrations themselves in the transaction of every
write that can change them (the ``post_save``/``post_delete`` receivers below,
connected in ``ActivitiesConfig.ready``): a sign-up, a cancellation, a waitlist
promotion, a walk-in at the door, a row added in the admin, an account deleted.
A recount rather than an increment: it is right whatever the write was, and the
services that write hold the activity's lock, so two recounts of one activity
never interleave. Writes that send no signals (``bulk_create``, ``update()``)
call ``recount_seats`` themselves (the demo and bench data do).
"""

from django.db import models
from django.db.models.functions import Coalesce

from .activities import Activity
from .registrations import Registration

# A save of a registration limited to other fields (a check-in, a reminder sent)
# changes no counter.
_COUNTED_FIELDS = frozenset({"status", "companions", "activity", "activity_id"})


def _counter(status: str, value) -> Coalesce:
    return Coalesce(
        models.Subquery(
            Registration.objects.filter(activity=models.OuterRef("pk"), status=status)
            .order_by()
            .values("activity")
            .annotate(total=value)
            .values("total")[:1]
        ),
        0,
    )


def recount_seats(activities: models.QuerySet[Activity]) -> int:
    """Recount the seat counters of ``activities`` from their registrations, in
    one UPDATE; returns the number of activities."""
    return activities.update(
        seats_taken=_counter(
            Registration.Status.CONFIRMED, models.Sum(models.F("companions") + 1)
        ),
        waitlist_count=_counter(Registration.Status.WAITLISTED, models.Count("pk")),
    )


def registration_saved(*, instance, update_fields=None, **kwargs) -> None:
    """``post_save`` of a registration."""
    if update_fields is not None and not _COUNTED_FIELDS.intersection(update_fields):
        return
    recount_seats(Activity.objects.filter(pk=instance.activity_id))


def registration_deleted(*, instance, **kwargs) -> None:
    """``post_delete`` of a registration (an account deleted takes its seats)."""
    recount_seats(Activity.objects.filter(pk=instance.activity_id))
