"""Signing a household (户) up together: an adult picks themselves and members of
their household; each person gets a registration of their own (their own seat
and check-in code, the one status pipeline of ``Registration``), all sharing a
``party`` key.

A party is never split: it is confirmed only when every person fits in the free
seats (and nobody waits ahead), otherwise the whole party joins the waitlist, and
``promote_waitlist_locked`` promotes it only when all of it fits. Like
``registration_create`` it checks without the lock first (fast refusals), then
locks the activity row, re-checks and writes every row in one transaction:
either the whole party is saved, or nothing.
"""

import datetime
import uuid

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from community_portal.accounts.models import HouseholdMember, User
from community_portal.errors import ServiceError

from .. import notifications
from ..errors import Code
from ..models import Activity, Registration
from .common import (
    age_rule_message,
    check_companions,
    get_activity,
    lock_activity,
    on_commit,
)
from .registrations import _already_registered, _check_registrable


def _party_members(*, user: User, member_ids: list[int]) -> list[HouseholdMember]:
    """The picked members, all of the household ``user`` manages."""
    ids = sorted(set(member_ids))
    members = list(
        HouseholdMember.objects.filter(
            pk__in=ids,
            household__members__user_id=user.pk,
            household__members__is_manager=True,
        ).exclude(user_id=user.pk)
    )
    if len(members) != len(ids):
        raise ServiceError(
            Code.NOT_ALLOWED,
            _("You can only sign up members of the household you manage."),
        )
    return members


def _check_party(
    *,
    activity: Activity,
    user: User,
    include_self: bool,
    members: list[HouseholdMember],
    now: datetime.datetime,
) -> None:
    """Every rule but seats, for every person of the party; the refusal names
    the person it is about."""
    size = len(members) + (1 if include_self else 0)
    if size == 0:
        raise ServiceError(
            Code.PARTY_EMPTY, _("Choose who is coming."), field="members"
        )
    if include_self:
        _check_registrable(
            activity=activity,
            user=user,
            companions=0,
            override_eligibility_by=None,
            now=now,
        )
    else:
        # The window and status rules, checked as for someone the rules let in.
        _check_registrable(
            activity=activity,
            user=User(birth_year=None),
            companions=0,
            override_eligibility_by=None,
            now=now,
        )
    check_companions(activity, size - 1)
    for member in members:
        refusal = age_rule_message(activity, member)
        if refusal is not None:
            raise ServiceError(
                Code.NOT_ELIGIBLE,
                _("%(name)s cannot come: %(rule)s")
                % {"name": member.name, "rule": refusal},
                field="members",
            )


def _taken(person: str) -> ServiceError:
    return ServiceError(
        Code.ALREADY_REGISTERED,
        _("%(name)s is already registered for this activity.") % {"name": person},
        field="members",
    )


def party_registration_create(
    *,
    activity_id: int,
    user: User,
    member_ids: list[int],
    include_self: bool = True,
) -> list[Registration]:
    """Sign up ``user`` (unless ``include_self`` is false: a relative signing up
    an elder) and the picked members of their household, together. Returns the
    registrations, all confirmed or all waitlisted."""
    members = _party_members(user=user, member_ids=member_ids)
    activity = get_activity(activity_id)
    _check_party(
        activity=activity,
        user=user,
        include_self=include_self,
        members=members,
        now=timezone.now(),
    )
    size = len(members) + (1 if include_self else 0)
    with transaction.atomic():
        activity = lock_activity(activity_id)
        now = timezone.now()
        _check_party(
            activity=activity,
            user=user,
            include_self=include_self,
            members=members,
            now=now,
        )
        registrations = Registration.objects.filter(activity_id=activity_id)
        counts = registrations.aggregate(
            seats_taken=Coalesce(
                Sum(
                    F("companions") + 1, filter=Q(status=Registration.Status.CONFIRMED)
                ),
                0,
            ),
            waiting=Count("pk", filter=Q(status=Registration.Status.WAITLISTED)),
        )
        _check_nobody_registered(
            registrations.active(),
            user=user,
            include_self=include_self,
            members=members,
        )
        confirm = activity.capacity is None or (
            not counts["waiting"] and counts["seats_taken"] + size <= activity.capacity
        )
        party = uuid.uuid4()
        status = (
            Registration.Status.CONFIRMED if confirm else Registration.Status.WAITLISTED
        )
        people = ([None] if include_self else []) + members
        try:
            created = [
                Registration.objects.create(
                    activity=activity,
                    user=user,
                    member=member,
                    party=party,
                    status=status,
                    confirmed_at=now if confirm else None,
                    waitlisted_at=None if confirm else now,
                )
                for member in people
            ]
        except IntegrityError:
            # A one-active-registration constraint: a second tab or another adult
            # of the household was quicker. The whole party is rolled back.
            raise _already_registered() from None
        # One notice for the party: the adult who signed it up gets it.
        on_commit(
            notifications.registration_confirmed
            if confirm
            else notifications.registration_waitlisted,
            created[0],
        )
    return created


def _check_nobody_registered(
    active, *, user: User, include_self: bool, members: list[HouseholdMember]
) -> None:
    """No one of the party already holds a seat or a waitlist place: neither as
    themselves (an account) nor as a household member signed up by someone."""
    people = Q(member_id__in=[member.pk for member in members])
    accounts = [member.user_id for member in members if member.user_id]
    if include_self:
        accounts.append(user.pk)
    people |= Q(member__user_id__in=accounts) | Q(
        member__isnull=True, user_id__in=accounts
    )
    clash = active.filter(people).select_related("member", "user").first()
    if clash is None:
        return
    if clash.member_id is None and clash.user_id == user.pk:
        raise _already_registered()
    raise _taken(clash.person_name)
