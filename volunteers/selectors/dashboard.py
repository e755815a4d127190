"""Reads of a volunteer's own pages: the dashboard, the certificate, the shop."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Page
from django.db.models import Q, Sum, TextChoices
from django.db.models.functions import ExtractYear, Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community_portal.pagination import paginate_counting_along

from ..models import (
    HoursEntry,
    PointsEntry,
    Redemption,
    Reward,
    TeamMembership,
    Volunteer,
    VolunteerShift,
)

HISTORY_PER_PAGE = 20


class History(TextChoices):
    """The volunteer's histories, one at a time on their page (``?show=``)."""

    HOURS = "hours", _("My hours")
    POINTS = "points", _("Points ledger")
    REWARDS = "rewards", _("My rewards")


@dataclass(frozen=True)
class Dashboard:
    volunteer: Volunteer
    hours_by_year: list[dict]
    hours_total: Decimal
    hours_pending: Decimal
    balance: int
    codes: list[Redemption]  # issued, waiting to be collected: always all shown
    memberships: list[TeamMembership]
    shifts: list[VolunteerShift]
    show: History
    history: Page  # of HoursEntry, PointsEntry or Redemption, by ``show``
    histories: tuple = tuple(History)


def volunteer_get(*, user) -> "Volunteer | None":
    if not user.is_authenticated:
        return None
    return Volunteer.objects.filter(user_id=user.pk).select_related("user").first()


def _history(volunteer: Volunteer, show: History):
    if show == History.POINTS:
        return PointsEntry.objects.filter(volunteer_id=volunteer.pk).select_related(
            "hours_entry__activity",
            "hours_entry__service_request__category",
            "redemption__reward",
        )
    if show == History.REWARDS:
        return Redemption.objects.filter(volunteer_id=volunteer.pk).select_related(
            "reward__merchant"
        )
    return HoursEntry.objects.filter(volunteer_id=volunteer.pk).select_related(
        "activity", "service_request__category"
    )


def volunteer_dashboard(
    *, volunteer: Volunteer, show: str = History.HOURS, page: object = 1
) -> Dashboard:
    """Everything on a volunteer's own page, in a fixed number of queries: the
    figures, the codes to collect, teams, coming shifts and one history, a page at
    a time."""
    show = History(show) if show in History.values else History.HOURS
    # The verified hours a year and the pending ones in one grouped query.
    years = list(
        HoursEntry.objects.filter(
            volunteer_id=volunteer.pk,
            status__in=[HoursEntry.Status.VERIFIED, HoursEntry.Status.PENDING],
        )
        .annotate(year=ExtractYear("served_on"))
        .values("year")
        .annotate(
            total=Sum("hours", filter=Q(status=HoursEntry.Status.VERIFIED)),
            pending=Sum("hours", filter=Q(status=HoursEntry.Status.PENDING)),
        )
        .order_by("-year")
    )
    by_year = [
        {"year": row["year"], "total": row["total"]}
        for row in years
        if row["total"] is not None
    ]
    pending = sum((row["pending"] or Decimal(0) for row in years), Decimal(0))
    return Dashboard(
        volunteer=volunteer,
        hours_by_year=by_year,
        hours_total=sum((row["total"] for row in by_year), Decimal(0)),
        hours_pending=pending,
        balance=PointsEntry.objects.filter(volunteer_id=volunteer.pk).balance(),
        codes=list(
            Redemption.objects.filter(
                volunteer_id=volunteer.pk, status=Redemption.Status.ISSUED
            ).select_related("reward__merchant")
        ),
        memberships=list(
            TeamMembership.objects.filter(volunteer_id=volunteer.pk)
            .exclude(status=TeamMembership.Status.LEFT)
            .select_related("team")
        ),
        shifts=list(
            VolunteerShift.objects.active()
            .filter(volunteer_id=volunteer.pk, role__activity__ends_at__gte=Now())
            .select_related("role__activity")
            .order_by("role__activity__starts_at")
        ),
        show=show,
        history=paginate_counting_along(
            _history(volunteer, show), page=page, per_page=HISTORY_PER_PAGE
        ),
    )


@dataclass(frozen=True)
class Certificate:
    volunteer: Volunteer
    entries: list[HoursEntry]
    total: Decimal
    issued_on: datetime.date


def volunteer_certificate(*, volunteer: Volunteer) -> Certificate:
    entries = list(
        HoursEntry.objects.verified()
        .filter(volunteer_id=volunteer.pk)
        .select_related("activity", "service_request__category", "team")
        .order_by("served_on", "id")
    )
    return Certificate(
        volunteer=volunteer,
        entries=entries,
        total=sum((entry.hours for entry in entries), Decimal(0)),
        issued_on=timezone.localdate(),
    )


def reward_list() -> list[Reward]:
    return list(Reward.objects.active().with_related())


def points_balance(*, volunteer_id: int) -> int:
    return PointsEntry.objects.filter(volunteer_id=volunteer_id).balance()
