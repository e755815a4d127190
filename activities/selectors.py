"""Reads of activities for the resident pages: what is coming, what has been."""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from activities.models import Activity
from community_portal.accounts.roles import is_community_staff

HOME_ACTIVITY_LIMIT = 8
SECTION_ACTIVITY_LIMIT = 6


def activity_list() -> QuerySet[Activity]:
    """Published and cancelled activities that have not ended, soonest first."""
    return Activity.objects.published().upcoming().with_related()


def activity_get(*, pk: int, user) -> Activity | None:
    """The activity a visitor may see: drafts only for community staff."""
    activity = (
        Activity.objects.with_related()
        .select_related("grid", "team__alliance")
        .filter(pk=pk)
        .first()
    )
    if activity is None:
        return None
    if activity.status == Activity.Status.DRAFT and not is_community_staff(user):
        return None
    return activity


def activity_list_coming(
    *, where: Q | None = None, limit: int = SECTION_ACTIVITY_LIMIT
) -> list[Activity]:
    """The next activities (optionally filtered by ``where``), soonest first."""
    queryset = activity_list()
    if where is not None:
        queryset = queryset.filter(where)
    return list(queryset[:limit])


def activity_list_recent(
    *, where: Q | None = None, limit: int = SECTION_ACTIVITY_LIMIT
) -> list[Activity]:
    """The most recent activities that have ended, latest first (no cancelled ones)."""
    queryset = (
        Activity.objects.filter(status=Activity.Status.PUBLISHED).past().with_related()
    )
    if where is not None:
        queryset = queryset.filter(where)
    return list(queryset[:limit])


def activity_list_next_two_weeks(*, limit: int = HOME_ACTIVITY_LIMIT) -> list[Activity]:
    """Activities of this week and next (Monday to Sunday, local time) not yet over."""
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    end = timezone.make_aware(
        datetime.datetime.combine(monday + datetime.timedelta(days=14), datetime.time())
    )
    return activity_list_coming(where=Q(starts_at__lt=end), limit=limit)
