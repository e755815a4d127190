"""When a matter of the talk corridor counts as overdue: the one place the rule lives.

A matter is overdue when staff have not replied to it (accepted it or answered it)
within ``MATTER_REPLY_DAYS``. The staff's matters page, its tests and the admin ask
here; the issue reports' rule is grids' (``grids.deadlines``).
"""

import datetime

from django.db.models import Q
from django.utils import timezone

from venues.models import Matter

MATTER_REPLY_DAYS = 7


def matter_overdue_q(*, now: datetime.datetime | None = None) -> Q:
    """Visible matters nobody on the staff has replied to within the allowed days."""
    now = now or timezone.now()
    return Q(
        first_reply_at__isnull=True,
        is_hidden=False,
        created_at__lt=now - datetime.timedelta(days=MATTER_REPLY_DAYS),
    ) & ~Q(status=Matter.Status.RESOLVED)
