"""Reads for organisers: an activity's call for volunteers, the team leader's desk."""

import datetime
from dataclasses import dataclass

from django.core.paginator import Page
from django.db.models import Prefetch
from django.db.models.functions import Now
from django.utils import timezone

from community_portal.pagination import paginate
from community_portal.permissions import is_community_staff

from ..models import Team, TeamMembership, VolunteerRole, VolunteerShift
from ..services import can_organise_activity
from .common import activity_manager, published_status

LEADER_ACTIVITIES_PER_PAGE = 20


@dataclass(frozen=True)
class ActivityRoles:
    activity: object  # activities.Activity
    roles: list[VolunteerRole]
    my_shift_role_ids: dict[int, int]
    can_organise: bool


def activity_roles(*, activity_id: int, user) -> ActivityRoles | None:
    """An activity's call for volunteers: its roles with places taken, and the
    roles the visitor signed up for. Organisers also get the shifts."""
    activity = (
        activity_manager()
        .published()
        .select_related("venue", "space", "team")
        .filter(pk=activity_id)
        .first()
    )
    if activity is None:
        return None
    can_organise = can_organise_activity(user=user, activity=activity)
    roles = (
        VolunteerRole.objects.filter(activity_id=activity.pk)
        .with_taken()
        .order_by("id")
    )
    if can_organise:
        roles = roles.prefetch_related(
            Prefetch(
                "shifts",
                queryset=VolunteerShift.objects.active().select_related(
                    "volunteer__user"
                ),
            )
        )
    mine = {}
    if user.is_authenticated:
        mine = dict(
            VolunteerShift.objects.active()
            .filter(role__activity_id=activity.pk, volunteer__user_id=user.pk)
            .values_list("role_id", "pk")
        )
    roles = list(roles)
    for role in roles:
        role.my_shift_id = mine.get(role.pk)
    return ActivityRoles(
        activity=activity,
        roles=list(roles),
        my_shift_role_ids=mine,
        can_organise=can_organise,
    )


@dataclass(frozen=True)
class LeaderPage:
    teams: list[Team]
    pending: list[TeamMembership]
    members: list[TeamMembership]
    activities: Page  # of activities.Activity, soonest first


def leader_page(*, user, page: object = 1) -> LeaderPage:
    """A team leader's desk: requests to join, members, the teams' activities of
    the last month and the next with their volunteers, a page at a time (staff see
    every team)."""
    teams = Team.objects.active()
    if not is_community_staff(user):
        teams = teams.filter(leader_id=user.pk)
    teams = list(teams)
    team_ids = [team.pk for team in teams]
    memberships = TeamMembership.objects.filter(team_id__in=team_ids).select_related(
        "team", "volunteer__user"
    )
    now = timezone.now()
    with_volunteers = (
        activity_manager()
        .filter(
            team_id__in=team_ids,
            status=published_status(),
            volunteer_roles__isnull=False,
            starts_at__gte=now - datetime.timedelta(days=31),
            starts_at__lte=now + datetime.timedelta(days=31),
        )
        .distinct()
        .select_related("team")
        .order_by("starts_at", "id")
    )
    return LeaderPage(
        teams=teams,
        pending=list(memberships.pending()),
        members=list(memberships.approved().order_by("team", "volunteer__user__name")),
        activities=paginate(
            with_volunteers, page=page, per_page=LEADER_ACTIVITIES_PER_PAGE
        ),
    )


def leader_hours_choices(
    *, user, activity_id: int | None = None
) -> list[VolunteerShift]:
    """Shifts a leader may enter hours for: active sign-ups at started activities of
    the leader's teams (all teams for staff) in the last three months: the window
    bounds the choices, there is no other cut-off."""
    shifts = VolunteerShift.objects.active().filter(
        role__activity__starts_at__lte=Now(),
        role__activity__starts_at__gte=timezone.now() - datetime.timedelta(days=92),
    )
    if not is_community_staff(user):
        shifts = shifts.filter(role__activity__team__leader_id=user.pk)
    if activity_id is not None:
        shifts = shifts.filter(role__activity_id=activity_id)
    return list(
        shifts.select_related("role__activity", "volunteer__user").order_by(
            "-role__activity__starts_at", "volunteer__user__name"
        )
    )
