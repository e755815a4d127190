"""When open work counts as overdue: the one place the rule lives.

An issue report is overdue when it is still not resolved after the days its urgency
allows. The staff pages, their tests and the admin all ask here (the talk corridor's
matters have their own rule in ``venues.deadlines``, which reuses
``overdue_expression``).
"""

import datetime

from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils import timezone

from grids.models import IssueReport

ISSUE_RESOLVE_DAYS = {
    IssueReport.Urgency.URGENT: 1,
    IssueReport.Urgency.NORMAL: 3,
    IssueReport.Urgency.LOW: 7,
}


def issue_overdue_q(*, now: datetime.datetime | None = None) -> Q:
    """Open issue reports older than their urgency allows."""
    now = now or timezone.now()
    late = Q()
    for urgency, days in ISSUE_RESOLVE_DAYS.items():
        late |= Q(urgency=urgency, created_at__lt=now - datetime.timedelta(days=days))
    return late & ~Q(status=IssueReport.Status.RESOLVED)


def overdue_expression(condition: Q) -> ExpressionWrapper:
    """``condition`` as an annotation: ``.annotate(is_overdue=overdue_expression(…))``."""
    return ExpressionWrapper(condition, output_field=BooleanField())
