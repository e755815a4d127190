"""The world: one of everything the hostile-input forms act on."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from grids.models import IssueCategory, VisitTopic
from tests.activities.factories import RegistrationFactory
from tests.factories import (
    ActivityFactory,
    BuildingFactory,
    MerchantFactory,
    UserFactory,
)
from tests.grids.factories import (
    IssueReportFactory,
    SortingCheckFactory,
    VisitLogFactory,
)
from tests.venues.factories import MatterFactory
from tests.venues.selection_helpers import candidate, selection_in
from tests.volunteers.factories import (
    HoursEntryFactory,
    RedemptionFactory,
    RewardFactory,
    ServiceRequestFactory,
    TeamMembershipFactory,
    VolunteerFactory,
    VolunteerRoleFactory,
    VolunteerShiftFactory,
    give_points,
    past_activity,
)
from volunteers.models import HoursEntry, MerchantClerk, ServiceRequest

# --- the world: one of everything the forms act on ---------------------------------------


@pytest.fixture
def world(db, resident, staff_user, team_leader, grid_worker, grid_worker_2):
    now = timezone.now()
    resident.email = "resident@example.com"
    resident.save()
    team = team_leader.led_teams.get()
    building = BuildingFactory(number=1, grid=grid_worker.worker_grids.get())
    BuildingFactory(number=2, grid=grid_worker_2.worker_grids.get())
    topic = VisitTopic.objects.get_or_create(name="养老关爱")[0]
    category = IssueCategory.objects.get_or_create(name="安全隐患")[0]

    resident2 = UserFactory(username="resident2", name="周邻居")
    volunteer_user = UserFactory(username="volunteer", name="孙志愿")
    volunteer = VolunteerFactory(user=volunteer_user)
    TeamMembershipFactory(team=team, volunteer=volunteer)
    pending_membership = TeamMembershipFactory(
        team=team, volunteer=VolunteerFactory(), status="pending"
    )
    applicant = VolunteerFactory(pending=True)

    upcoming = ActivityFactory(team=team, max_companions=2)
    past = past_activity(team=team)
    RegistrationFactory(activity=upcoming, user=resident)
    RegistrationFactory(activity=past, user=resident, checked_in_at=now)
    RegistrationFactory(activity=upcoming, user=resident2)
    role = VolunteerRoleFactory(activity=upcoming)
    shift = VolunteerShiftFactory(role=role, volunteer=volunteer)
    VolunteerShiftFactory(role=VolunteerRoleFactory(activity=past), volunteer=volunteer)
    pending_hours = HoursEntryFactory(
        volunteer=volunteer,
        activity=past,
        status=HoursEntry.Status.PENDING,
        verified_at=None,
        hours=Decimal("2.0"),
    )
    give_points(volunteer, 100)
    reward = RewardFactory(points=20, stock=10)
    redemption = RedemptionFactory(volunteer=volunteer, reward=reward, code="K7QXM2PA")
    MerchantClerk.objects.create(
        merchant=MerchantFactory(), user=UserFactory(username="clerk")
    )

    service_ordered = ServiceRequestFactory(requester=resident)
    service_accepted = ServiceRequestFactory(
        requester=resident2,
        team=team,
        status=ServiceRequest.Status.ACCEPTED,
        accepted_by=volunteer_user,
        dispatched_at=now,
        accepted_at=now,
    )
    service_done = ServiceRequestFactory(
        requester=resident,
        team=team,
        status=ServiceRequest.Status.DONE,
        accepted_by=volunteer_user,
        dispatched_at=now,
        accepted_at=now,
        done_at=now,
    )
    return SimpleNamespace(
        users={
            "resident": resident,
            "resident2": resident2,
            "volunteer": volunteer_user,
            "leader": team_leader,
            "grid_worker": grid_worker,
            "staff": staff_user,
        },
        team=team,
        building=building,
        topic=topic,
        category=category,
        matter=MatterFactory(author=resident),
        selection_nominating=selection_in("nominating", photo_required=True),
        selection_notice=selection_in("notice"),
        voting_candidate=candidate(selection_in("voting")),
        visit=VisitLogFactory(author=grid_worker, building=building, topic=topic),
        issue=IssueReportFactory(author=grid_worker, building=building),
        check=SortingCheckFactory(author=grid_worker, building=building),
        volunteer=volunteer,
        pending_membership=pending_membership,
        applicant=applicant,
        upcoming=upcoming,
        past=past,
        role=role,
        shift=shift,
        pending_hours=pending_hours,
        reward=reward,
        redemption=redemption,
        service_ordered=service_ordered,
        service_accepted=service_accepted,
        service_done=service_done,
    )
