"""The talk corridor's figures of a reporting period (the staff's figures page
``/staff/report/`` and the ledgers): matters (说事) raised, and resolved within
7 and 30 days, counted with the same sums as the grids' issue reports."""

from django.db.models import Q

from community_portal.periods import Period, Scope
from grids.selectors_figures import ResolutionFigures, resolution_sums
from venues.models import Matter


def matter_figures(*, period: Period, scope: Scope) -> ResolutionFigures | None:
    """Matters raised in the period (hidden ones left out), and how fast they were
    resolved; a grid's are those of its buildings. ``None`` for a scope without
    grid work (a team, a venue). One query."""
    if not scope.has_places:
        return None
    lower, upper = period.bounds
    matters = Matter.objects.visible().filter(
        created_at__gte=lower, created_at__lt=upper
    )
    if scope.grid_id is not None:
        matters = matters.filter(building__grid_id=scope.grid_id)
    resolved = Q(status=Matter.Status.RESOLVED, resolved_at__isnull=False)
    return ResolutionFigures(**matters.aggregate(**resolution_sums(resolved=resolved)))
