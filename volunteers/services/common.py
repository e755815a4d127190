"""What every write of the alliance shares: text cleaning, who may lead a team or
organise an activity, the approved volunteer and their lock row."""

from django.utils.translation import gettext as _

from community_portal.accounts.models import User
from community_portal.errors import ServiceError
from community_portal.permissions import is_community_staff

from ..errors import Code
from ..models import (
    Team,
    TeamMembership,
    Volunteer,
)

MAX_TEXT = 500
VOLUNTEER_NUMBER_PREFIX = "YG"
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
CODE_LENGTH = 8


def _not_allowed(message: str | None = None) -> ServiceError:
    return ServiceError(
        Code.NOT_ALLOWED, message or _("You are not allowed to do this.")
    )


def _require_staff(user: User) -> None:
    if not is_community_staff(user):
        raise _not_allowed(_("Only community staff can do this."))


def _clean_text(value: str, *, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if "\x00" in value:
        raise ServiceError(Code.INVALID, _("Null characters are not allowed."))
    if len(value) > limit:
        raise ServiceError(
            Code.INVALID,
            _("Please keep it to %(count)s characters.") % {"count": limit},
        )
    return value


def can_lead_team(*, user: User, team: Team) -> bool:
    """The team's leader, and community staff."""
    if not user.is_authenticated:
        return False
    return team.leader_id == user.pk or is_community_staff(user)


def can_use_leader_desk(user: User) -> bool:
    """Community staff, and anyone who leads a team."""
    if not user.is_authenticated:
        return False
    return is_community_staff(user) or Team.objects.filter(leader_id=user.pk).exists()


def can_organise_activity(*, user: User, activity) -> bool:
    """Community staff, and the leader of the organising team (``activity`` is an
    ``activities.Activity`` reached through a relation; only its team is read)."""
    if not user.is_authenticated:
        return False
    if is_community_staff(user):
        return True
    return bool(
        activity.team_id
        and Team.objects.filter(pk=activity.team_id, leader_id=user.pk).exists()
    )


def _approved_volunteer(user: User) -> Volunteer:
    volunteer = (
        Volunteer.objects.filter(user_id=user.pk).first()
        if user.is_authenticated
        else None
    )
    if volunteer is None or not volunteer.is_approved:
        raise ServiceError(
            Code.NOT_VOLUNTEER,
            _(
                "Only approved volunteers can do this. Apply to join the alliance first."
            ),
        )
    return volunteer


def _lock_volunteer(volunteer_id: int) -> Volunteer:
    return Volunteer.objects.select_for_update().get(pk=volunteer_id)


def is_team_member(*, user: User, team_id: int | None) -> bool:
    if not team_id or not user.is_authenticated:
        return False
    return (
        TeamMembership.objects.approved()
        .filter(
            team_id=team_id, volunteer__user_id=user.pk, volunteer__status="approved"
        )
        .exists()
        or Team.objects.filter(pk=team_id, leader_id=user.pk).exists()
    )
