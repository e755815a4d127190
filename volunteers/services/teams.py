"""Team membership: a volunteer asks to join, the leader decides."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community_portal.accounts.models import User
from community_portal.errors import ServiceError

from ..errors import Code
from ..models import (
    Team,
    TeamMembership,
)
from .common import (
    _approved_volunteer,
    _not_allowed,
    can_lead_team,
)

# --- teams --------------------------------------------------------------------------


def _already_in_team() -> ServiceError:
    return ServiceError(
        Code.ALREADY_IN_TEAM,
        _("You are already in this team or have asked to join it."),
    )


def membership_request(*, team_id: int, user: User) -> TeamMembership:
    """An approved volunteer asks to join a team; its leader decides."""
    volunteer = _approved_volunteer(user)
    team = Team.objects.filter(pk=team_id).first()
    if team is None:
        raise ServiceError(Code.NOT_FOUND, _("This team does not exist."))
    if not team.is_active:
        raise ServiceError(
            Code.TEAM_INACTIVE, _("This team is not taking members at the moment.")
        )
    active = TeamMembership.objects.filter(
        team_id=team.pk,
        volunteer_id=volunteer.pk,
        status__in=[TeamMembership.Status.PENDING, TeamMembership.Status.APPROVED],
    )
    if active.exists():
        raise _already_in_team()
    try:
        with transaction.atomic():
            return TeamMembership.objects.create(team=team, volunteer=volunteer)
    except IntegrityError:
        raise _already_in_team() from None


def membership_decide(
    *, membership_id: int, by_user: User, approve: bool
) -> TeamMembership:
    """The team's leader (or staff) approves or declines a request to join."""
    with transaction.atomic():
        membership = (
            TeamMembership.objects.select_for_update()
            .select_related("team")
            .filter(pk=membership_id)
            .first()
        )
        if membership is None:
            raise ServiceError(Code.NOT_FOUND, _("This request does not exist."))
        if not can_lead_team(user=by_user, team=membership.team):
            raise _not_allowed(_("Only the team's leader can decide this."))
        if membership.status != TeamMembership.Status.PENDING:
            raise ServiceError(
                Code.NOT_PENDING, _("This request has already been decided.")
            )
        TeamMembership.PIPELINE.move(
            membership,
            TeamMembership.Status.APPROVED
            if approve
            else TeamMembership.Status.DECLINED,
        )
        membership.decided_at = timezone.now()
        membership.decided_by = by_user
        membership.save()
    return membership
