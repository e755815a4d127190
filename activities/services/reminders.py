"""The day-before reminders."""

import datetime

from django.db import transaction
from django.utils import timezone

from community_portal.notices.models import Notice
from community_portal.timeutils import local_day_bounds

from .. import notifications
from ..models import Activity, Registration

REMINDER_KEY = "reminder:"


def reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Remind everyone with a confirmed seat for an activity tomorrow (the
    Asia/Shanghai calendar day) who has not checked in yet. Returns how many
    reminders were queued.

    Each reminder is a notice (key ``reminder:<registration>``, so never twice,
    even when this runs twice at once) created in the same transaction that finds
    the registrations; the outbox sends it in the background, retrying while the
    mail server or SMS provider is down. ``reminder_sent_at`` is set only once the
    reminder was delivered (``reminder_delivered`` below), not when it was queued.
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
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        queued = set(
            Notice.objects.filter(
                key__in=[f"{REMINDER_KEY}{pk}" for pk in ids]
            ).values_list("key", flat=True)
        )
        ids = [pk for pk in ids if f"{REMINDER_KEY}{pk}" not in queued]
        if ids:
            notifications.registration_reminders(registration_ids=ids)
    return len(ids)


def reminder_delivered(*, key: str, **kwargs) -> None:
    """``notice_delivered`` receiver: the reminder reached the resident."""
    if key.startswith(REMINDER_KEY):
        now = timezone.now()
        Registration.objects.filter(
            pk=int(key.removeprefix(REMINDER_KEY)), reminder_sent_at__isnull=True
        ).update(reminder_sent_at=now, updated_at=now)
