"""Staff sign elders up from the 80+ roster (``/staff/elders/``) for the quarter's
悦寿宴, many at once, each with the companions they need.

One transaction, one lock of the activity row, the same rules as
``registration_create``: the activity must take sign-ups, each person must meet the
age rule and the companions limit, nobody jumps the waitlist and seats are never
oversold (the unique constraints back it up). An elder with an account holds their
own seat; a household member without one is signed up in the name of an adult who
manages the household (who gets the notice, as when they sign up themselves).
Elders already signed up are skipped; a refusal of one person does not stop the
others: the result says who got a seat, who waits, who was skipped and why.
"""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from community_portal.accounts.models import HouseholdMember, User
from community_portal.errors import ServiceError
from community_portal.permissions import is_community_staff

from .. import notifications
from ..errors import Code
from ..models import Registration
from .common import age_rule_message, check_companions, lock_activity, on_commit
from .registrations import _check_registrable


@dataclass(frozen=True)
class ElderPick:
    """One elder picked on the roster: an account (``user_id``) or a household
    member without one (``member_id``), with their companions."""

    user_id: int | None = None
    member_id: int | None = None
    companions: int = 0


@dataclass
class ElderSignup:
    confirmed: list[str] = field(default_factory=list)
    waitlisted: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)


def _people(picks: list[ElderPick]):
    user_ids = [pick.user_id for pick in picks if pick.user_id]
    member_ids = [pick.member_id for pick in picks if pick.member_id]
    users = User.objects.in_bulk(user_ids)
    members = HouseholdMember.objects.filter(
        pk__in=member_ids, user__isnull=True
    ).in_bulk()
    managers: dict[int, int] = {}
    for household_id, user_id in (
        HouseholdMember.objects.filter(
            household_id__in={member.household_id for member in members.values()},
            is_manager=True,
        )
        .order_by("-id")
        .values_list("household_id", "user_id")
    ):
        managers[household_id] = user_id  # the oldest manager wins
    return users, members, managers


def _taken(activity_id: int, user_ids: list[int], member_ids: list[int]):
    """Who of these already holds a seat or a waitlist place, as themselves or as
    a household member signed up by a relative."""
    rows = (
        Registration.objects.active()
        .filter(activity_id=activity_id)
        .filter(
            Q(member_id__in=member_ids)
            | Q(member__isnull=True, user_id__in=user_ids)
            | Q(member__user_id__in=user_ids)
        )
        .values_list("user_id", "member_id", "member__user_id")
    )
    users, members = set(), set()
    for user_id, member_id, member_user_id in rows:
        if member_id is None:
            users.add(user_id)
        else:
            members.add(member_id)
            if member_user_id:
                users.add(member_user_id)
    return users, members


def elders_register(
    *, activity_id: int, by: User, picks: list[ElderPick]
) -> ElderSignup:
    """Sign the picked elders up for the activity, in the order given."""
    if not (is_community_staff(by) or by.worker_grids.exists()):
        raise ServiceError(
            Code.NOT_ALLOWED, _("Only community staff and grid workers can do this.")
        )
    if not picks:
        raise ServiceError(Code.PARTY_EMPTY, _("Select at least one elder."))
    users, members, managers = _people(picks)
    result = ElderSignup()
    with transaction.atomic():
        activity = lock_activity(activity_id)
        now = timezone.now()
        # The window and status rules, for someone the age rule lets in.
        _check_registrable(
            activity=activity,
            user=User(birth_year=None),
            companions=0,
            override_eligibility_by=None,
            now=now,
        )
        counts = Registration.objects.filter(activity_id=activity_id).aggregate(
            seats_taken=Coalesce(
                Sum(
                    F("companions") + 1, filter=Q(status=Registration.Status.CONFIRMED)
                ),
                0,
            ),
            waiting=Count("pk", filter=Q(status=Registration.Status.WAITLISTED)),
        )
        seats_taken, waiting = counts["seats_taken"], counts["waiting"]
        taken_users, taken_members = _taken(activity_id, list(users), list(members))
        for pick in picks:
            person = (
                users.get(pick.user_id) if pick.user_id else members.get(pick.member_id)
            )
            if person is None:
                result.refused.append(("?", _("This person does not exist.")))
                continue
            name = person.name or str(person)
            if (pick.user_id and pick.user_id in taken_users) or (
                pick.member_id and pick.member_id in taken_members
            ):
                result.skipped.append(name)
                continue
            try:
                check_companions(activity, pick.companions)
            except ServiceError as error:
                result.refused.append((name, error.message))
                continue
            refusal = age_rule_message(activity, person)
            if refusal is not None:
                result.refused.append((name, refusal))
                continue
            holder_id = pick.user_id or managers.get(person.household_id)
            if holder_id is None:
                result.refused.append(
                    (name, _("No adult with an account manages this household."))
                )
                continue
            seats = 1 + pick.companions
            confirm = activity.capacity is None or (
                not waiting and seats_taken + seats <= activity.capacity
            )
            try:
                with transaction.atomic():
                    registration = Registration.objects.create(
                        activity=activity,
                        user_id=holder_id,
                        member=None if pick.user_id else person,
                        companions=pick.companions,
                        status=(
                            Registration.Status.CONFIRMED
                            if confirm
                            else Registration.Status.WAITLISTED
                        ),
                        confirmed_at=now if confirm else None,
                        waitlisted_at=None if confirm else now,
                    )
            except IntegrityError:
                # Signed up a moment ago by someone else: the constraint says so.
                result.skipped.append(name)
                continue
            if pick.user_id:
                taken_users.add(pick.user_id)
            else:
                taken_members.add(pick.member_id)
            if confirm:
                seats_taken += seats
                result.confirmed.append(name)
            else:
                waiting += 1
                result.waitlisted.append(name)
            on_commit(
                notifications.registration_confirmed
                if confirm
                else notifications.registration_waitlisted,
                registration,
            )
    return result
