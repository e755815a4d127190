"""The people and objects of the access matrix (``tests/access/test_matrix.py``).

One ``World`` per test: the seven roles' users and the objects a URL needs are made
lazily, so a test builds only what its row uses. Objects are owned by a particular
user (the resident, grid worker 1, the team leader's team...) so that the matrix
exercises "objects of other users": everyone else must be refused.
"""

import datetime
import functools
import uuid

from django.utils import timezone

from activities.models import Registration
from community_portal.permissions import Role
from tests.activities.factories import RegistrationFactory
from tests.factories import (
    ActivityFactory,
    AllianceFactory,
    BuildingFactory,
    GridFactory,
    StaffUserFactory,
    TeamFactory,
    UserFactory,
    VenueFactory,
)
from tests.grids.factories import (
    IssueReportFactory,
    SortingCheckFactory,
    VisitLogFactory,
)
from tests.venues.factories import MatterFactory
from tests.volunteers.factories import (
    RewardFactory,
    ServiceRequestFactory,
    TeamMembershipFactory,
    VolunteerFactory,
    VolunteerRoleFactory,
    VolunteerShiftFactory,
    past_activity,
)
from volunteers.models import ServiceRequest, TeamMembership

ANONYMOUS = "anonymous"
RESIDENT = "resident"
VOLUNTEER = "volunteer"
LEADER = "leader"
GRID1 = "grid1"
GRID2 = "grid2"
STAFF = "staff"
ROLES = (ANONYMOUS, RESIDENT, VOLUNTEER, LEADER, GRID1, GRID2, STAFF)

# Distinct texts, so a page can be searched for another user's object.
RESIDENT_REQUEST_TEXT = "居民点单：帮忙修理阳台晾衣架"
GRID1_VISIT_NOTE = "网格一走访：独居老人王阿姨血压偏高"
HIDDEN_MATTER_TITLE = "被隐藏的说事：三楼住户私事"
RESIDENT_ACTIVITY_TITLE = "居民报名的健康讲座"
OTHER_ACTIVITY_TITLE = "志愿者报名的书画课"


class World:
    """Users per role and the objects of the matrix, each made on first use."""

    def user(self, role: str):
        return None if role == ANONYMOUS else getattr(self, role)

    # --- the seven roles --------------------------------------------------------------

    @functools.cached_property
    def resident(self):
        return UserFactory(username="resident", name="张小明")

    @functools.cached_property
    def volunteer(self):
        """An approved volunteer (member of no team of the matrix)."""
        user = UserFactory(username="volunteer", name="孙志愿")
        VolunteerFactory(user=user)
        return user

    @functools.cached_property
    def leader(self):
        return self.leader_team.leader

    @functools.cached_property
    def leader_team(self):
        user = UserFactory(username="leader", name="李队长", roles=[Role.TEAM_LEADER])
        return TeamFactory(leader=user, name="悦公益服务队")

    @functools.cached_property
    def grid1(self):
        user = UserFactory(
            username="gridworker1", name="赵网格", roles=[Role.GRID_WORKER]
        )
        self.grid_1.workers.add(user)
        return user

    @functools.cached_property
    def grid2(self):
        user = UserFactory(
            username="gridworker2", name="钱网格", roles=[Role.GRID_WORKER]
        )
        GridFactory(number=2).workers.add(user)
        return user

    @functools.cached_property
    def staff(self):
        return StaffUserFactory(username="staff", name="王主任")

    # --- objects ----------------------------------------------------------------------

    @functools.cached_property
    def grid_1(self):
        return GridFactory(number=1)

    @functools.cached_property
    def building_1(self):
        return BuildingFactory(number=1, grid=self.grid_1)

    @functools.cached_property
    def venue(self):
        return VenueFactory(name="悦立方文化家园", slug="yue-cube")

    @functools.cached_property
    def bookable_space(self):
        from tests.venues.booking_helpers import bookable_space

        return bookable_space(venue=self.venue, slug="access-tables")

    @functools.cached_property
    def resident_booking(self):
        """The resident's pending booking tomorrow, 10:00–11:00."""
        from venues.models import SpaceBooking

        day = timezone.localdate() + datetime.timedelta(days=1)
        starts_at = timezone.make_aware(
            datetime.datetime.combine(day, datetime.time(10)),
            timezone.get_default_timezone(),
        )
        return SpaceBooking.objects.create(
            space=self.bookable_space,
            user=self.resident,
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=1),
        )

    @functools.cached_property
    def selection(self):
        """A selection with voting open (and one approved candidate)."""
        from tests.venues.selection_helpers import selection_in

        return selection_in("voting", slug="access-courtyards")

    @functools.cached_property
    def selection_candidate(self):
        from tests.venues.selection_helpers import candidate

        return candidate(self.selection, name="1幢 王家")

    @functools.cached_property
    def alliance(self):
        return AllianceFactory(name="攸品邻里中心", slug="youpin")

    @functools.cached_property
    def other_team(self):
        """A team nobody of the matrix belongs to (to ask to join)."""
        return TeamFactory(name="我们的节日", slug="our-festivals")

    @functools.cached_property
    def activity(self):
        """A published, upcoming activity of the leader's team; the resident has a
        confirmed seat."""
        activity = ActivityFactory(
            title=RESIDENT_ACTIVITY_TITLE, team=self.leader_team, venue=self.venue
        )
        RegistrationFactory(activity=activity, user=self.resident)
        return activity

    @functools.cached_property
    def resident_registration(self) -> Registration:
        return Registration.objects.get(activity=self.activity, user=self.resident)

    @functools.cached_property
    def other_registration(self) -> Registration:
        """The volunteer's seat at another activity (the resident must not see it)."""
        activity = ActivityFactory(title=OTHER_ACTIVITY_TITLE, venue=self.venue)
        return RegistrationFactory(activity=activity, user=self.volunteer)

    @functools.cached_property
    def past_activity(self):
        """Yesterday's activity of the leader's team; the resident came (checked in)."""
        activity = past_activity(team=self.leader_team, venue=self.venue)
        RegistrationFactory(
            activity=activity,
            user=self.resident,
            checked_in_at=activity.starts_at + datetime.timedelta(minutes=5),
        )
        return activity

    @functools.cached_property
    def volunteer_role(self):
        return VolunteerRoleFactory(activity=self.activity)

    @functools.cached_property
    def volunteer_shift(self):
        """The volunteer's sign-up for a role."""
        return VolunteerShiftFactory(
            role=self.volunteer_role, volunteer=self.volunteer.volunteer
        )

    @functools.cached_property
    def pending_membership(self) -> TeamMembership:
        """Someone asks to join the leader's team."""
        return TeamMembershipFactory(
            team=self.leader_team,
            volunteer=VolunteerFactory(user=UserFactory(name="周申请")),
            status=TeamMembership.Status.PENDING,
        )

    @functools.cached_property
    def pending_volunteer(self):
        return VolunteerFactory(user=UserFactory(name="吴申请"), pending=True)

    @functools.cached_property
    def reward(self):
        return RewardFactory(name="环保购物袋")

    @functools.cached_property
    def service_request(self) -> ServiceRequest:
        """The resident's order, dispatched to the leader's team."""
        return ServiceRequestFactory(
            requester=self.resident,
            description=RESIDENT_REQUEST_TEXT,
            status=ServiceRequest.Status.DISPATCHED,
            team=self.leader_team,
            dispatched_at=timezone.now(),
            dispatched_by=self.staff,
        )

    def _grid1_entry(self, factory, **kwargs):
        return factory(
            building=self.building_1,
            grid=self.grid_1,
            author=self.grid1,
            submission_key=uuid.uuid4(),
            **kwargs,
        )

    @functools.cached_property
    def visit_log(self):
        """Grid worker 1's visit in grid 1."""
        return self._grid1_entry(VisitLogFactory, notes=GRID1_VISIT_NOTE)

    @functools.cached_property
    def issue_report(self):
        return self._grid1_entry(IssueReportFactory)

    @functools.cached_property
    def sorting_check(self):
        return self._grid1_entry(SortingCheckFactory)

    @functools.cached_property
    def open_matter(self):
        """The resident's matter, open and on the public board."""
        return MatterFactory(author=self.resident, title="楼道灯不亮")

    @functools.cached_property
    def hidden_matter(self):
        """The resident's matter that staff hid: only its author and staff see it."""
        return MatterFactory(
            author=self.resident,
            title=HIDDEN_MATTER_TITLE,
            is_hidden=True,
            hidden_reason="涉及个人隐私",
        )
