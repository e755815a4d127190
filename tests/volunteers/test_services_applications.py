"""Becoming a volunteer and joining teams: refused with a clear message, nothing
changed."""

import pytest

from tests.factories import TeamFactory, UserFactory
from volunteers import services
from volunteers.errors import Code
from volunteers.models import (
    TeamMembership,
    Volunteer,
)

from .factories import (
    VolunteerFactory,
)
from .helpers import refused

pytestmark = pytest.mark.django_db


# --- becoming a volunteer ---------------------------------------------------------------


def test_apply_approve_gives_a_number(resident, staff_user):
    team = TeamFactory()
    volunteer = services.volunteer_apply(
        user=resident,
        skills="理发",
        availability=["sat-am", "mon-eve"],
        team_ids=[team.pk],
    )
    assert volunteer.status == Volunteer.Status.PENDING
    assert volunteer.availability == ["mon-eve", "sat-am"]
    assert list(volunteer.interested_teams.all()) == [team]

    volunteer = services.volunteer_approve(
        volunteer_id=volunteer.pk, by_user=staff_user
    )
    assert volunteer.status == Volunteer.Status.APPROVED
    assert volunteer.number == f"YG{volunteer.pk:06d}"
    assert volunteer.decided_by == staff_user


def test_approval_puts_the_volunteer_in_the_teams_chosen(resident, staff_user):
    chosen, also_chosen, closed = TeamFactory(), TeamFactory(), TeamFactory()
    volunteer = services.volunteer_apply(
        user=resident, team_ids=[chosen.pk, also_chosen.pk, closed.pk]
    )
    closed.is_active = False
    closed.save()
    TeamFactory()  # not chosen: not joined
    services.volunteer_approve(volunteer_id=volunteer.pk, by_user=staff_user)
    memberships = TeamMembership.objects.filter(volunteer=volunteer)
    assert {(m.team_id, m.status, m.decided_by_id) for m in memberships} == {
        (chosen.pk, "approved", staff_user.pk),
        (also_chosen.pk, "approved", staff_user.pk),
    }
    assert all(m.decided_at for m in memberships)


def test_declining_the_application_joins_no_team(resident, staff_user):
    volunteer = services.volunteer_apply(user=resident, team_ids=[TeamFactory().pk])
    services.volunteer_decline(
        volunteer_id=volunteer.pk, by_user=staff_user, reason="名额已满"
    )
    assert not TeamMembership.objects.exists()


def test_applying_twice_is_refused(resident, staff_user):
    services.volunteer_apply(user=resident)
    refused(Code.ALREADY_APPLIED, services.volunteer_apply, user=resident, skills="x")
    assert Volunteer.objects.get().skills == ""
    volunteer = Volunteer.objects.get()
    services.volunteer_approve(volunteer_id=volunteer.pk, by_user=staff_user)
    refused(Code.ALREADY_VOLUNTEER, services.volunteer_apply, user=resident)


def test_a_declined_applicant_may_apply_again(resident, staff_user):
    volunteer = services.volunteer_apply(user=resident)
    refused(
        Code.INVALID,
        services.volunteer_decline,
        volunteer_id=volunteer.pk,
        by_user=staff_user,
        reason="  ",
    )
    services.volunteer_decline(
        volunteer_id=volunteer.pk, by_user=staff_user, reason="人已满"
    )
    volunteer.refresh_from_db()
    assert volunteer.decline_reason == "人已满"
    again = services.volunteer_apply(user=resident, skills="修电器")
    assert again.pk == volunteer.pk
    assert again.status == Volunteer.Status.PENDING
    assert again.decline_reason == ""


@pytest.mark.parametrize(
    "kwargs",
    [{"availability": ["someday"]}, {"team_ids": [999999]}, {"skills": "长" * 501}],
)
def test_bad_applications_are_refused(resident, kwargs):
    refused(Code.INVALID, services.volunteer_apply, user=resident, **kwargs)
    assert not Volunteer.objects.exists()


def test_only_staff_decide_applications(resident, team_leader):
    volunteer = services.volunteer_apply(user=resident)
    refused(
        Code.NOT_ALLOWED,
        services.volunteer_approve,
        volunteer_id=volunteer.pk,
        by_user=team_leader,
    )
    volunteer.refresh_from_db()
    assert volunteer.status == Volunteer.Status.PENDING


def test_deciding_twice_is_refused(resident, staff_user):
    volunteer = services.volunteer_apply(user=resident)
    services.volunteer_approve(volunteer_id=volunteer.pk, by_user=staff_user)
    refused(
        Code.NOT_PENDING,
        services.volunteer_decline,
        volunteer_id=volunteer.pk,
        by_user=staff_user,
        reason="no",
    )


# --- teams --------------------------------------------------------------------------------


def test_join_a_team_and_the_leader_approves(team_leader):
    team = team_leader.led_teams.get()
    volunteer = VolunteerFactory()
    membership = services.membership_request(team_id=team.pk, user=volunteer.user)
    assert membership.status == TeamMembership.Status.PENDING
    services.membership_decide(
        membership_id=membership.pk, by_user=team_leader, approve=True
    )
    membership.refresh_from_db()
    assert membership.status == TeamMembership.Status.APPROVED


def test_joining_a_team_twice_is_refused(team_leader):
    team = team_leader.led_teams.get()
    volunteer = VolunteerFactory()
    services.membership_request(team_id=team.pk, user=volunteer.user)
    refused(
        Code.ALREADY_IN_TEAM,
        services.membership_request,
        team_id=team.pk,
        user=volunteer.user,
    )
    assert TeamMembership.objects.count() == 1


def test_only_approved_volunteers_join_and_only_the_leader_decides(
    team_leader, resident
):
    team = team_leader.led_teams.get()
    refused(
        Code.NOT_VOLUNTEER, services.membership_request, team_id=team.pk, user=resident
    )
    pending = VolunteerFactory(pending=True)
    refused(
        Code.NOT_VOLUNTEER,
        services.membership_request,
        team_id=team.pk,
        user=pending.user,
    )
    membership = services.membership_request(
        team_id=team.pk, user=VolunteerFactory().user
    )
    other_leader = UserFactory()
    TeamFactory(leader=other_leader)
    refused(
        Code.NOT_ALLOWED,
        services.membership_decide,
        membership_id=membership.pk,
        by_user=other_leader,
        approve=True,
    )
    membership.refresh_from_db()
    assert membership.status == TeamMembership.Status.PENDING
