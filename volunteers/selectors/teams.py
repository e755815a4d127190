"""Reads of the project-team pages."""

from dataclasses import dataclass, field

from community_portal.masking import mask_name

from ..models import Strand, Team, TeamMembership, Volunteer

TEAM_PAGE_ACTIVITIES = 6


@dataclass(frozen=True)
class StrandGroup:
    strand: str
    label: str
    teams: list[Team] = field(default_factory=list)


@dataclass(frozen=True)
class TeamPage:
    team: Team
    coming: list  # of activities.Activity
    recent: list


def team_list_by_strand() -> list[StrandGroup]:
    """Active teams grouped by strand, in the plan's order; empty strands left out."""
    groups = {
        value: StrandGroup(strand=value, label=label) for value, label in Strand.choices
    }
    for team in Team.objects.active().with_related():
        groups[team.strand].teams.append(team)
    return [group for group in groups.values() if group.teams]


def team_page(*, slug: str) -> TeamPage | None:
    """A team with its leader and partner unit, its next and latest activities."""
    team = Team.objects.with_related().filter(slug=slug).first()
    if team is None:
        return None
    return TeamPage(
        team=team,
        coming=team.activities.coming_card_list(
            limit=TEAM_PAGE_ACTIVITIES, cache_as=f"team:{team.pk}"
        ),
        recent=list(team.activities.recent_cards()[:TEAM_PAGE_ACTIVITIES]),
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
