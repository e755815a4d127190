"""Reads of the staff desk: applications and hours waiting, one list at a time
(``?show=``), a page at a time, with both totals."""

from dataclasses import dataclass

from django.core.paginator import Page
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from community_portal.pagination import paginate

from ..models import HoursEntry, Volunteer

STAFF_PER_PAGE = 50


class StaffList(TextChoices):
    APPLICATIONS = "applications", _("Applications waiting")
    HOURS = "hours", _("Hours waiting for verification")


@dataclass(frozen=True)
class StaffDesk:
    show: StaffList
    page: Page  # of Volunteer or HoursEntry, by ``show``
    applications_total: int
    hours_total: int


def _applications():
    return (
        Volunteer.objects.pending()
        .select_related("user")
        .prefetch_related("interested_teams")
        .order_by("created_at", "id")
    )


def _hours():
    return (
        HoursEntry.objects.pending()
        .select_related(
            "volunteer__user", "activity", "service_request__category", "entered_by"
        )
        .order_by("served_on", "id")
    )


def staff_desk(*, show: str = StaffList.APPLICATIONS, page: object = 1) -> StaffDesk:
    """Applications waiting, oldest first, or hours waiting, by the day served."""
    show = StaffList(show) if show in StaffList.values else StaffList.APPLICATIONS
    applications, hours = _applications(), _hours()
    shown = applications if show == StaffList.APPLICATIONS else hours
    listed = paginate(shown, page=page, per_page=STAFF_PER_PAGE)
    other = hours if show == StaffList.APPLICATIONS else applications
    other_total = other.count()
    counts = (
        (listed.paginator.count, other_total)
        if show == StaffList.APPLICATIONS
        else (other_total, listed.paginator.count)
    )
    return StaffDesk(
        show=show,
        page=listed,
        applications_total=counts[0],
        hours_total=counts[1],
    )
