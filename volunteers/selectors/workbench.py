"""The alliance's work queues on the staff workbench (``/staff/``): each a
queryset, oldest first, that the workbench counts and cuts (in SQL). ``team_ids``
narrows a queue to a team leader's teams; ``None`` is every team (staff)."""

from django.db.models import QuerySet

from ..models import (
    HoursEntry,
    Redemption,
    ServiceRequest,
    Team,
    TeamMembership,
    Volunteer,
)


def led_team_ids(*, user) -> list[int]:
    """The teams ``user`` leads (one query)."""
    return list(Team.objects.filter(leader_id=user.pk).values_list("pk", flat=True))


def applications_waiting() -> QuerySet[Volunteer]:
    """Applications to the alliance waiting for staff."""
    return (
        Volunteer.objects.pending().select_related("user").order_by("created_at", "id")
    )


def memberships_waiting(*, team_ids: list[int]) -> QuerySet[TeamMembership]:
    """Requests to join the given teams, waiting for their leader."""
    return (
        TeamMembership.objects.pending()
        .filter(team_id__in=team_ids)
        .select_related("team", "volunteer__user")
        .order_by("created_at", "id")
    )


def hours_waiting() -> QuerySet[HoursEntry]:
    """Hours waiting for staff to verify, by the day served."""
    return (
        HoursEntry.objects.pending()
        .select_related("volunteer__user", "activity")
        .order_by("served_on", "id")
    )


def service_requests_waiting(
    *, team_ids: list[int] | None = None
) -> QuerySet[ServiceRequest]:
    """Staff: requests ordered and not yet dispatched. A leader: requests
    dispatched to their teams that nobody has accepted yet."""
    requests = ServiceRequest.objects.select_related("category", "team").with_overdue()
    if team_ids is None:
        requests = requests.filter(status=ServiceRequest.Status.ORDERED)
    else:
        requests = requests.filter(
            status=ServiceRequest.Status.DISPATCHED, team_id__in=team_ids
        )
    return requests.order_by("created_at", "id")


def service_requests_overdue(
    *, team_ids: list[int] | None = None
) -> QuerySet[ServiceRequest]:
    """Open requests past their wanted time, or not dispatched within a day."""
    requests = (
        ServiceRequest.objects.open()
        .select_related("category", "team")
        .with_overdue()
        .filter(is_overdue=True)
    )
    if team_ids is not None:
        requests = requests.filter(team_id__in=team_ids)
    return requests.order_by("wanted_at", "id")


def redemptions_waiting() -> QuerySet[Redemption]:
    """Rewards taken from the shop and not yet collected at the counter."""
    return (
        Redemption.objects.filter(status=Redemption.Status.ISSUED)
        .select_related("reward", "volunteer__user")
        .order_by("created_at", "id")
    )
