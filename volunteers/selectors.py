"""Reads for the project-team pages and the volunteer alliance (悦公益)."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q, Sum
from django.db.models.functions import ExtractYear, Now
from django.utils import timezone

from activities.models import Activity
from activities.selectors import activity_list_coming, activity_list_recent
from community_portal.masking import mask_name
from volunteers.models import (
    HoursEntry,
    PointsEntry,
    Redemption,
    Reward,
    SeasonalService,
    ServiceRequest,
    Strand,
    Team,
    TeamMembership,
    Volunteer,
    VolunteerRole,
    VolunteerShift,
)


@dataclass(frozen=True)
class StrandGroup:
    strand: str
    label: str
    teams: list[Team] = field(default_factory=list)


@dataclass(frozen=True)
class TeamPage:
    team: Team
    coming: list[Activity]
    recent: list[Activity]


def team_list_by_strand() -> list[StrandGroup]:
    """Active teams grouped by strand, in the plan's order; empty strands left out."""
    groups = {
        value: StrandGroup(strand=value, label=label) for value, label in Strand.choices
    }
    for team in Team.objects.active().with_related():
        groups[team.strand].teams.append(team)
    return [group for group in groups.values() if group.teams]


def team_page(*, slug: str) -> TeamPage | None:
    """A team with its leader and partner unit, its coming and recent activities."""
    team = Team.objects.with_related().filter(slug=slug).first()
    if team is None:
        return None
    return TeamPage(
        team=team,
        coming=activity_list_coming(where=Q(team=team)),
        recent=activity_list_recent(where=Q(team=team)),
    )


# --- the volunteer alliance (悦公益) ---------------------------------------------------

LEADERBOARD_SIZE = 20
HUB_LEADERBOARD_SIZE = 5
LEDGER_PAGE = 50
NEEDING_VOLUNTEERS_LIMIT = 6


@dataclass(frozen=True)
class BoardRow:
    rank: int
    name: str
    hours: Decimal
    url: str = ""


@dataclass(frozen=True)
class SeasonCard:
    service: SeasonalService
    activities: list[Activity]


@dataclass(frozen=True)
class HubPage:
    seasons: list[SeasonCard]
    teams: list[Team]
    needing: list[Activity]
    volunteers_this_year: list[BoardRow]
    teams_this_year: list[BoardRow]
    me: "Volunteer | None"
    year: int


def _year_filter(year: int | None) -> Q:
    if year is None:
        return Q()
    return Q(
        served_on__gte=datetime.date(year, 1, 1),
        served_on__lt=datetime.date(year + 1, 1, 1),
    )


def leaderboard_volunteers(
    *, year: int | None, limit: int = LEADERBOARD_SIZE
) -> list[BoardRow]:
    """Approved volunteers by verified hours (this ``year`` or, with ``None``, all
    time), masked names. Two queries whatever the number of entries: the sum runs
    in the database on the leaderboard index."""
    totals = list(
        HoursEntry.objects.verified()
        .filter(_year_filter(year))
        .values("volunteer_id")
        .annotate(total=Sum("hours"))
        .order_by("-total", "volunteer_id")[:limit]
    )
    names = dict(
        Volunteer.objects.filter(
            pk__in=[row["volunteer_id"] for row in totals]
        ).values_list("pk", "user__name")
    )
    return [
        BoardRow(
            rank=rank,
            name=mask_name(names.get(row["volunteer_id"], "")),
            hours=row["total"],
        )
        for rank, row in enumerate(totals, start=1)
    ]


def leaderboard_teams(
    *, year: int | None, limit: int = LEADERBOARD_SIZE
) -> list[BoardRow]:
    """Teams by the verified hours served at their activities."""
    totals = list(
        HoursEntry.objects.verified()
        .filter(_year_filter(year), team__isnull=False)
        .values("team_id")
        .annotate(total=Sum("hours"))
        .order_by("-total", "team_id")[:limit]
    )
    teams = Team.objects.in_bulk([row["team_id"] for row in totals])
    rows = []
    for rank, row in enumerate(totals, start=1):
        team = teams.get(row["team_id"])
        if team is not None:
            rows.append(
                BoardRow(
                    rank=rank,
                    name=team.name,
                    hours=row["total"],
                    url=team.get_absolute_url(),
                )
            )
    return rows


def _season_activities(services: list[SeasonalService]) -> dict[int, list[Activity]]:
    """The published activities of this year and next whose titles carry each
    service's keyword, in one query."""
    keywords = [
        service.activity_keyword for service in services if service.activity_keyword
    ]
    found: dict[int, list[Activity]] = {service.pk: [] for service in services}
    if not keywords:
        return found
    year = timezone.localdate().year
    where = Q()
    for keyword in keywords:
        where |= Q(title__contains=keyword)
    start = datetime.datetime(year, 1, 1, tzinfo=timezone.get_default_timezone())
    activities = (
        Activity.objects.published()
        .filter(where, starts_at__gte=start)
        .order_by("starts_at", "id")
    )
    for activity in activities[:50]:
        for service in services:
            keyword = service.activity_keyword
            if keyword and keyword in activity.title and len(found[service.pk]) < 3:
                found[service.pk].append(activity)
    return found


def activities_needing_volunteers(
    *, limit: int = NEEDING_VOLUNTEERS_LIMIT
) -> list[Activity]:
    """Coming published activities that ask for volunteers, soonest first."""
    return list(
        Activity.objects.filter(
            status=Activity.Status.PUBLISHED, volunteer_roles__isnull=False
        )
        .upcoming()
        .distinct()
        .select_related("venue", "team")[:limit]
    )


def volunteer_hub(*, user) -> HubPage:
    services = list(SeasonalService.objects.all())
    found = _season_activities(services)
    year = timezone.localdate().year
    me = None
    if user.is_authenticated:
        me = Volunteer.objects.filter(user_id=user.pk).first()
    return HubPage(
        seasons=[SeasonCard(service=s, activities=found[s.pk]) for s in services],
        teams=list(
            Team.objects.active().filter(strand=Strand.VOLUNTEERING).with_related()
        ),
        needing=activities_needing_volunteers(),
        volunteers_this_year=leaderboard_volunteers(
            year=year, limit=HUB_LEADERBOARD_SIZE
        ),
        teams_this_year=leaderboard_teams(year=year, limit=HUB_LEADERBOARD_SIZE),
        me=me,
        year=year,
    )


@dataclass(frozen=True)
class Dashboard:
    volunteer: Volunteer
    hours_by_year: list[dict]
    hours_total: Decimal
    hours_pending: Decimal
    balance: int
    ledger: list[PointsEntry]
    redemptions: list[Redemption]
    memberships: list[TeamMembership]
    shifts: list[VolunteerShift]
    recent_hours: list[HoursEntry]


def volunteer_get(*, user) -> "Volunteer | None":
    if not user.is_authenticated:
        return None
    return Volunteer.objects.filter(user_id=user.pk).select_related("user").first()


def volunteer_dashboard(*, volunteer: Volunteer) -> Dashboard:
    """Everything on a volunteer's own page, in a fixed number of queries."""
    entries = HoursEntry.objects.filter(volunteer_id=volunteer.pk)
    by_year = list(
        entries.verified()
        .annotate(year=ExtractYear("served_on"))
        .values("year")
        .annotate(total=Sum("hours"))
        .order_by("-year")
    )
    pending = entries.pending().aggregate(total=Sum("hours"))["total"] or Decimal(0)
    ledger = PointsEntry.objects.filter(volunteer_id=volunteer.pk)
    return Dashboard(
        volunteer=volunteer,
        hours_by_year=by_year,
        hours_total=sum((row["total"] for row in by_year), Decimal(0)),
        hours_pending=pending,
        balance=ledger.balance(),
        ledger=list(
            ledger.select_related("hours_entry__activity", "redemption__reward")[
                :LEDGER_PAGE
            ]
        ),
        redemptions=list(
            Redemption.objects.filter(volunteer_id=volunteer.pk).select_related(
                "reward__merchant"
            )[:LEDGER_PAGE]
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
        recent_hours=list(entries.select_related("activity")[:LEDGER_PAGE]),
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
        .select_related("activity", "team")
        .order_by("served_on", "id")
    )
    return Certificate(
        volunteer=volunteer,
        entries=entries,
        total=sum((entry.hours for entry in entries), Decimal(0)),
        issued_on=timezone.localdate(),
    )


def volunteer_ledger(*, volunteer_id: int) -> list[PointsEntry]:
    """A volunteer's whole points ledger, oldest first (for staff)."""
    return list(
        PointsEntry.objects.filter(volunteer_id=volunteer_id)
        .select_related("hours_entry__activity", "redemption__reward", "created_by")
        .order_by("created_at", "id")
    )


def reward_list() -> list[Reward]:
    return list(Reward.objects.active().with_related())


def points_balance(*, volunteer_id: int) -> int:
    return PointsEntry.objects.filter(volunteer_id=volunteer_id).balance()


@dataclass(frozen=True)
class ActivityRoles:
    activity: Activity
    roles: list[VolunteerRole]
    my_shift_role_ids: dict[int, int]
    can_organise: bool


def activity_roles(*, activity_id: int, user) -> ActivityRoles | None:
    """An activity's call for volunteers: its roles with places taken, and the
    roles the visitor signed up for. Organisers also get the shifts."""
    from volunteers.services import can_organise_activity

    activity = (
        Activity.objects.published()
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
    activities: list[Activity]


def leader_page(*, user) -> LeaderPage:
    """A team leader's desk: requests to join, members, the teams' activities of
    the last month and the next with their volunteers (staff see every team)."""
    from community_portal.permissions import is_community_staff

    teams = Team.objects.active()
    if not is_community_staff(user):
        teams = teams.filter(leader_id=user.pk)
    teams = list(teams)
    team_ids = [team.pk for team in teams]
    memberships = TeamMembership.objects.filter(team_id__in=team_ids).select_related(
        "team", "volunteer__user"
    )
    now = timezone.now()
    activities = (
        Activity.objects.filter(
            team_id__in=team_ids,
            status=Activity.Status.PUBLISHED,
            volunteer_roles__isnull=False,
            starts_at__gte=now - datetime.timedelta(days=31),
            starts_at__lte=now + datetime.timedelta(days=31),
        )
        .distinct()
        .select_related("team")
        .order_by("starts_at")
    )
    return LeaderPage(
        teams=teams,
        pending=list(memberships.pending()),
        members=list(memberships.approved().order_by("team", "volunteer__user__name")),
        activities=list(activities[:30]),
    )


def leader_hours_choices(
    *, user, activity_id: int | None = None
) -> list[VolunteerShift]:
    """Shifts a leader may enter hours for: active sign-ups at started activities of
    the leader's teams (all teams for staff)."""
    from community_portal.permissions import is_community_staff

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
        )[:200]
    )


def pending_applications() -> list[Volunteer]:
    return list(
        Volunteer.objects.pending()
        .select_related("user")
        .prefetch_related("interested_teams")
        .order_by("created_at", "id")
    )


def pending_hours() -> list[HoursEntry]:
    return list(
        HoursEntry.objects.pending()
        .select_related("volunteer__user", "activity", "entered_by")
        .order_by("served_on", "id")[:200]
    )


def team_members(*, team_id: int) -> list[str]:
    """The masked names of a team's members, for its public page."""
    names = (
        TeamMembership.objects.approved()
        .filter(team_id=team_id, volunteer__status=Volunteer.Status.APPROVED)
        .order_by("created_at", "id")
        .values_list("volunteer__user__name", flat=True)
    )
    return [mask_name(name) for name in names]


# --- service requests ---------------------------------------------------------------------

SERVICE_LIST_LIMIT = 100


@dataclass(frozen=True)
class ServiceLists:
    mine: list[ServiceRequest]
    teams: list[ServiceRequest]
    open_for_staff: list[ServiceRequest]
    is_staff: bool


def _team_ids_of(user) -> list[int]:
    member_of = (
        TeamMembership.objects.approved()
        .filter(volunteer__user_id=user.pk, volunteer__status=Volunteer.Status.APPROVED)
        .values_list("team_id", flat=True)
    )
    led = Team.objects.filter(leader_id=user.pk).values_list("pk", flat=True)
    return sorted(set(member_of) | set(led))


def service_request_lists(*, user) -> ServiceLists:
    """The requester's own requests; those sent to the visitor's teams; and, for
    staff, every open request, oldest first, overdue ones marked."""
    from community_portal.permissions import is_community_staff

    base = ServiceRequest.objects.with_related().with_overdue()
    mine = list(base.filter(requester_id=user.pk)[:SERVICE_LIST_LIMIT])
    team_ids = _team_ids_of(user)
    teams = (
        list(
            base.filter(team_id__in=team_ids).exclude(requester_id=user.pk)[
                :SERVICE_LIST_LIMIT
            ]
        )
        if team_ids
        else []
    )
    staff = is_community_staff(user)
    open_for_staff = (
        list(base.open().order_by("created_at", "id")[:SERVICE_LIST_LIMIT])
        if staff
        else []
    )
    return ServiceLists(
        mine=mine, teams=teams, open_for_staff=open_for_staff, is_staff=staff
    )


def service_request_get(*, pk: int, user) -> ServiceRequest | None:
    """A request its requester, its team's members and staff may see; ``None``
    (a 404) for everyone else."""
    from community_portal.permissions import is_community_staff

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
    if request.team_id and request.team_id in _team_ids_of(user):
        return request
    return None


def dispatch_teams() -> list[Team]:
    return list(Team.objects.active().order_by("strand", "position", "id"))
