"""Reads for a resident's own pages: their profile and their registrations."""

from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Now

from activities.models import Registration

from .models import User

# The "past" list is a reminder, not an archive: the latest ones are enough.
PAST_LIMIT = 50


@dataclass(frozen=True)
class MyRegistrations:
    upcoming: list[Registration]
    """Confirmed seats in activities that have not ended, soonest first."""
    waitlisted: list[Registration]
    """Waitlist places in activities that have not ended, each with
    ``waitlist_position`` (1 = next to be promoted)."""
    past: list[Registration]
    """Confirmed seats in activities that have ended, latest first."""


def user_get_profile(*, user: User) -> User:
    """A fresh copy of the user with their building and grid, for the profile page
    (a copy, so an invalid form never shows its unsaved values elsewhere)."""
    return User.objects.select_related("building__grid").get(pk=user.pk)


def my_registrations(*, user: User) -> MyRegistrations:
    """The user's own registrations in three groups, in three queries whatever their
    number (activity and venue joined in)."""
    mine = (
        Registration.objects.filter(user=user)
        .select_related("activity__venue", "activity__space")
        .order_by()
    )
    upcoming = mine.filter(
        status=Registration.Status.CONFIRMED, activity__ends_at__gte=Now()
    ).order_by("activity__starts_at", "id")
    waitlisted = (
        mine.filter(status=Registration.Status.WAITLISTED, activity__ends_at__gte=Now())
        .annotate(waitlist_position=_waitlist_position())
        .order_by("activity__starts_at", "id")
    )
    past = mine.filter(
        status=Registration.Status.CONFIRMED, activity__ends_at__lt=Now()
    ).order_by("-activity__starts_at", "-id")[:PAST_LIMIT]
    return MyRegistrations(
        upcoming=list(upcoming), waitlisted=list(waitlisted), past=list(past)
    )


def _waitlist_position():
    """1 + the waitlisted registrations of the same activity ahead of this one, in
    the order the waitlist is promoted (``waitlisted_at``, then ``id``)."""
    ahead = (
        Registration.objects.filter(
            activity=OuterRef("activity"), status=Registration.Status.WAITLISTED
        )
        .filter(
            Q(waitlisted_at__lt=OuterRef("waitlisted_at"))
            | Q(waitlisted_at=OuterRef("waitlisted_at"), id__lt=OuterRef("id"))
        )
        .order_by()
        .values("activity")
        .annotate(count=Count("pk"))
        .values("count")[:1]
    )
    return Coalesce(Subquery(ahead, output_field=IntegerField()), 0) + 1
