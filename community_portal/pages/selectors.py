"""Reads for the pages that compose several apps: each section through its own app's
selector, and a resident's registrations for "my activities"."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Page
from django.db.models import Sum
from django.db.models.functions import Now

from activities.models import Registration
from activities.selectors import activity_list_next_two_weeks
from community_portal.accounts.models import User
from community_portal.notices.models import Notice
from community_portal.pagination import paginate
from venues.models import Matter
from venues.selectors import alliance_list, bookable_spaces, venue_list
from volunteers.models import HoursEntry, PointsEntry, ServiceRequest, Volunteer
from volunteers.selectors import team_list_by_strand

# The past activities come a page at a time, latest first.
PAST_PER_PAGE = 20


def home_overview() -> dict:
    """The plan at a glance: each section's own selector, one query or two apiece."""
    return {
        "venues": venue_list(),
        "alliances": alliance_list(),
        "strand_groups": team_list_by_strand(),
        "activities": activity_list_next_two_weeks(),
        "bookable_spaces": bookable_spaces(),
    }


@dataclass(frozen=True)
class MyRegistrations:
    upcoming: list[Registration]
    """Confirmed seats in activities that have not ended, soonest first."""
    waitlisted: list[Registration]
    """Waitlist places in activities that have not ended, each with
    ``waitlist_position`` (1 = next to be promoted)."""
    past: Page
    """Confirmed seats in activities that have ended, latest first: one page of
    them (``past.paginator.count`` is the total)."""


def my_registrations(*, user: User, past_page: object = 1) -> MyRegistrations:
    """The user's own registrations in three groups, in a fixed number of queries
    whatever their number (activity and venue joined in)."""
    mine = (
        Registration.objects.filter(user=user)
        .select_related("activity__venue", "activity__space", "member")
        .order_by()
    )
    upcoming = mine.filter(
        status=Registration.Status.CONFIRMED, activity__ends_at__gte=Now()
    ).order_by("activity__starts_at", "id")
    waitlisted = (
        mine.filter(status=Registration.Status.WAITLISTED, activity__ends_at__gte=Now())
        .with_waitlist_position()
        .order_by("activity__starts_at", "id")
    )
    past = mine.filter(
        status=Registration.Status.CONFIRMED, activity__ends_at__lt=Now()
    ).order_by("-activity__starts_at", "-id")
    return MyRegistrations(
        upcoming=list(upcoming),
        waitlisted=list(waitlisted),
        past=paginate(past, page=past_page, per_page=PAST_PER_PAGE),
    )


# How many of each kind "我的" shows; each section links to its full list.
MY_LATEST = 5


@dataclass
class MyOverview:
    matters: list[Matter]
    service_requests: list[ServiceRequest]
    notices: list[Notice]
    unread_notices: int
    volunteer: Volunteer | None
    hours_total: Decimal
    points_balance: int


def my_overview(*, user: User) -> MyOverview:
    """The rest of "我的" beside the activities: my latest matters, service
    requests and notices, and my hours and points when I volunteer; a fixed number
    of queries whatever their number."""
    volunteer = Volunteer.objects.filter(user_id=user.pk).first()
    hours_total, balance = Decimal(0), 0
    if volunteer is not None:
        hours_total = HoursEntry.objects.filter(
            volunteer_id=volunteer.pk
        ).verified().aggregate(total=Sum("hours"))["total"] or Decimal(0)
        balance = PointsEntry.objects.filter(volunteer_id=volunteer.pk).balance()
    return MyOverview(
        matters=list(
            Matter.objects.filter(author_id=user.pk)
            .only("title", "status", "created_at")
            .order_by("-created_at", "-pk")[:MY_LATEST]
        ),
        service_requests=list(
            ServiceRequest.objects.filter(requester_id=user.pk)
            .select_related("category")
            .order_by("-created_at", "-pk")[:MY_LATEST]
        ),
        notices=list(
            Notice.objects.for_user(user).only("title", "url", "read_at", "created_at")[
                :MY_LATEST
            ]
        ),
        unread_notices=Notice.objects.for_user(user).unread().count(),
        volunteer=volunteer,
        hours_total=hours_total,
        points_balance=balance,
    )
