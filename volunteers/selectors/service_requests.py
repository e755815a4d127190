"""Reads of service requests: who sees which."""

from dataclasses import dataclass

from django.core.paginator import Page
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from community_portal.pagination import paginate
from community_portal.permissions import is_community_staff

from ..models import ServiceRequest, ServiceRequestPhoto, Team
from .common import team_ids_of

SERVICES_PER_PAGE = 20


class ServiceListShow(TextChoices):
    OPEN = "open", _("Open requests, oldest first")
    TEAMS = "teams", _("Sent to my teams")
    MINE = "mine", _("My requests")


@dataclass(frozen=True)
class ServiceLists:
    show: ServiceListShow
    page: Page  # of ServiceRequest
    tabs: list[ServiceListShow]
    is_staff: bool


def service_request_lists(*, user, show: str = "", page: object = 1) -> ServiceLists:
    """One list at a time, a page at a time: the requester's own requests; those
    sent to the visitor's teams; and, for staff, every open request, oldest first
    (the default for staff). Overdue ones are marked."""
    staff = is_community_staff(user)
    team_ids = team_ids_of(user)
    tabs = [
        *([ServiceListShow.OPEN] if staff else []),
        *([ServiceListShow.TEAMS] if team_ids else []),
        ServiceListShow.MINE,
    ]
    show = ServiceListShow(show) if show in tabs else tabs[0]
    base = ServiceRequest.objects.with_related().with_overdue()
    if show == ServiceListShow.OPEN:
        requests = base.open().order_by("created_at", "id")
    elif show == ServiceListShow.TEAMS:
        requests = base.filter(team_id__in=team_ids).exclude(requester_id=user.pk)
    else:
        requests = base.filter(requester_id=user.pk)
    return ServiceLists(
        show=show,
        page=paginate(requests, page=page, per_page=SERVICES_PER_PAGE),
        tabs=tabs,
        is_staff=staff,
    )


def service_request_get(*, pk: int, user) -> ServiceRequest | None:
    """A request its requester, its team's members and staff may see; ``None``
    (a 404) for everyone else."""
    request = (
        ServiceRequest.objects.with_related()
        .with_overdue()
        .select_related("dispatched_by")
        .prefetch_related("photos")
        .filter(pk=pk)
        .first()
    )
    if request is None or not user.is_authenticated:
        return None
    if request.requester_id == user.pk or is_community_staff(user):
        return request
    if request.team_id and request.team_id in team_ids_of(user):
        return request
    return None


def service_request_photo_get(*, pk: int, user) -> ServiceRequestPhoto | None:
    """A request's photo for those who may see the request (``service_request_get``)."""
    photo = ServiceRequestPhoto.objects.filter(pk=pk).only("pk", "image", "request")
    photo = photo.first()
    if photo is None or service_request_get(pk=photo.request_id, user=user) is None:
        return None
    return photo


def dispatch_teams() -> list[Team]:
    return list(Team.objects.active().order_by("strand", "position", "id"))
