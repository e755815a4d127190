"""Reads for the pages that compose several apps: each section through its own app's
selector, and a resident's registrations for "my activities"."""

from dataclasses import dataclass

from django.core.paginator import Page
from django.db.models.functions import Now

from activities.models import Registration
from activities.selectors import activity_list_next_two_weeks
from community_portal.accounts.models import User
from community_portal.pagination import paginate
from venues.selectors import alliance_list, bookable_spaces, venue_list
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
