"""Becoming a volunteer: apply, and staff approve or decline."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from community_portal.accounts.models import User
from community_portal.errors import ServiceError

from ..errors import Code
from ..models import (
    AVAILABILITY_CODES,
    Team,
    TeamMembership,
    Volunteer,
)
from ..notices import application_told
from .common import (
    VOLUNTEER_NUMBER_PREFIX,
    _clean_text,
    _not_allowed,
    _require_staff,
)
from .records import identity_values, save_identity

# --- becoming a volunteer -----------------------------------------------------------


@sensitive_variables("identity")
def volunteer_apply(
    *,
    user: User,
    skills: str = "",
    availability: list[str] | None = None,
    team_ids: list[int] | None = None,
    identity: dict | None = None,
) -> Volunteer:
    """A resident applies to join the alliance. A declined applicant may apply
    again (the same row, back to waiting); a pending or approved one may not.
    ``identity`` (legal_name, id_type, id_number) is the optional real name."""
    if not user.is_authenticated:
        raise _not_allowed(_("Please log in first."))
    skills = _clean_text(skills)
    availability = sorted(set(availability or []))
    if not set(availability) <= AVAILABILITY_CODES:
        raise ServiceError(Code.INVALID, _("Please choose times from the list."))
    team_ids = sorted(set(team_ids or []))
    teams = list(Team.objects.active().filter(pk__in=team_ids))
    if len(teams) != len(team_ids):
        raise ServiceError(Code.INVALID, _("Please choose teams from the list."))
    identity = identity_values(**identity) if identity else None
    with transaction.atomic():
        existing = Volunteer.objects.select_for_update().filter(user_id=user.pk).first()
        if existing is not None and existing.status == Volunteer.Status.APPROVED:
            raise ServiceError(
                Code.ALREADY_VOLUNTEER, _("You are already a volunteer.")
            )
        if existing is not None and existing.status == Volunteer.Status.PENDING:
            raise ServiceError(
                Code.ALREADY_APPLIED,
                _("You have already applied; staff will answer soon."),
            )
        values = {
            "skills": skills,
            "availability": availability,
            "decided_at": None,
            "decided_by": None,
            "decline_reason": "",
        }
        if existing is None:
            try:
                with transaction.atomic():
                    volunteer = Volunteer.objects.create(user=user, **values)
            except IntegrityError:
                raise ServiceError(
                    Code.ALREADY_APPLIED,
                    _("You have already applied; staff will answer soon."),
                ) from None
        else:
            volunteer = existing
            Volunteer.PIPELINE.move(volunteer, Volunteer.Status.PENDING)
            for name, value in values.items():
                setattr(volunteer, name, value)
            volunteer.save()
        if identity:
            save_identity(volunteer, identity)
        volunteer.interested_teams.set(teams)
    return volunteer


def _decide_volunteer(volunteer_id: int, by_user: User) -> Volunteer:
    _require_staff(by_user)
    volunteer = _lock_volunteer_or_404(volunteer_id)
    if volunteer.status != Volunteer.Status.PENDING:
        raise ServiceError(
            Code.NOT_PENDING, _("This application has already been decided.")
        )
    return volunteer


def _lock_volunteer_or_404(volunteer_id: int) -> Volunteer:
    volunteer = Volunteer.objects.select_for_update().filter(pk=volunteer_id).first()
    if volunteer is None:
        raise ServiceError(Code.NOT_FOUND, _("This volunteer does not exist."))
    return volunteer


def volunteer_approve(*, volunteer_id: int, by_user: User) -> Volunteer:
    """Staff approve an application; the volunteer gets a volunteer number and
    joins the (still active) teams chosen in the application: staff deciding the
    application decide the membership too."""
    with transaction.atomic():
        volunteer = _decide_volunteer(volunteer_id, by_user)
        Volunteer.PIPELINE.move(volunteer, Volunteer.Status.APPROVED)
        volunteer.number = volunteer.number or (
            f"{VOLUNTEER_NUMBER_PREFIX}{volunteer.pk:06d}"
        )
        volunteer.decided_at = timezone.now()
        volunteer.decided_by = by_user
        volunteer.decline_reason = ""
        volunteer.save()
        _join_chosen_teams(volunteer, by_user=by_user, now=volunteer.decided_at)
        application_told(volunteer=volunteer)
    return volunteer


def _join_chosen_teams(volunteer: Volunteer, *, by_user: User, now) -> None:
    teams = volunteer.interested_teams.active().order_by("pk")
    memberships = {
        m.team_id: m
        for m in TeamMembership.objects.select_for_update().filter(
            volunteer_id=volunteer.pk,
            status__in=[TeamMembership.Status.PENDING, TeamMembership.Status.APPROVED],
        )
    }
    for team in teams:
        membership = memberships.get(team.pk)
        if membership is None:
            TeamMembership.objects.create(
                team=team,
                volunteer=volunteer,
                status=TeamMembership.Status.APPROVED,
                decided_at=now,
                decided_by=by_user,
            )
        elif membership.status == TeamMembership.Status.PENDING:
            TeamMembership.PIPELINE.move(membership, TeamMembership.Status.APPROVED)
            membership.decided_at = now
            membership.decided_by = by_user
            membership.save()


def volunteer_decline(*, volunteer_id: int, by_user: User, reason: str) -> Volunteer:
    """Staff decline an application, saying why."""
    reason = _clean_text(reason, limit=200)
    if not reason:
        raise ServiceError(
            Code.INVALID, _("Please tell the applicant why it is declined.")
        )
    with transaction.atomic():
        volunteer = _decide_volunteer(volunteer_id, by_user)
        Volunteer.PIPELINE.move(volunteer, Volunteer.Status.DECLINED)
        volunteer.decided_at = timezone.now()
        volunteer.decided_by = by_user
        volunteer.decline_reason = reason
        volunteer.save()
        application_told(volunteer=volunteer)
    return volunteer
