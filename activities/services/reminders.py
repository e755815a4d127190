"""The day-before reminders."""

import datetime
import functools

from django.db import transaction
from django.utils import timezone

from community_portal.timeutils import local_day_bounds

from .. import notifications
from ..models import Activity, Registration


def reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Remind everyone with a confirmed seat for an activity tomorrow (the
    Asia/Shanghai calendar day) and an e-mail address who has not checked in
    yet. Returns how many.

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
                checked_in_at__isnull=True,
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
