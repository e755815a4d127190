"""The feature services create the notices of their events."""

import datetime

import pytest
from django.utils import timezone

from activities import notifications
from community_portal.notices.models import Notice
from tests.activities.factories import RegistrationFactory
from tests.factories import ActivityFactory, TeamFactory, UserFactory
from tests.venues.factories import MatterFactory
from tests.volunteers.factories import HoursEntryFactory, VolunteerFactory
from venues import services as venue_services
from volunteers import services as volunteer_services
from volunteers.models import HoursEntry, ServiceCategory, TeamMembership

pytestmark = pytest.mark.django_db


def titles(user):
    """The notices of the matter's steps (not the author's follow-up question)."""
    return list(
        user.notices.exclude(key__startswith="matter_follow_up:")
        .order_by("pk")
        .values_list("title", flat=True)
    )


def test_matter_answers_reach_the_author_and_the_seconders(staff_user):
    matter = MatterFactory(title="楼道灯")
    seconder, bystander = UserFactory(), UserFactory()
    venue_services.matter_second(matter_id=matter.pk, user=seconder)

    venue_services.matter_accept(matter_id=matter.pk, by_user=staff_user)
    venue_services.matter_reply(matter_id=matter.pk, by_user=staff_user, text="已报修")
    venue_services.matter_resolve(
        matter_id=matter.pk, by_user=staff_user, text="灯已换好"
    )

    for person in (matter.author, seconder):
        assert len(titles(person)) == 3
        assert all("楼道灯" in title for title in titles(person))
        assert person.notices.filter(body="灯已换好", kind="matter").exists()
    assert titles(bystander) == []


def test_each_step_of_a_service_request_tells_the_requester(resident, staff_user):
    team = TeamFactory()
    member = VolunteerFactory()
    TeamMembership.objects.create(team=team, volunteer=member, status="approved")
    request = volunteer_services.service_request_create(
        requester=resident,
        category_id=ServiceCategory.objects.get(name="便民维修").pk,
        description="厨房水龙头漏水",
        wanted_at=timezone.now() + datetime.timedelta(days=1),
        place="5幢2单元301室",
    )
    volunteer_services.service_request_dispatch(
        request_id=request.pk, team_id=team.pk, by_user=staff_user
    )
    volunteer_services.service_request_accept(
        request_id=request.pk, by_user=member.user
    )
    volunteer_services.service_request_complete(
        request_id=request.pk, by_user=member.user, note="换了阀芯", hours="1.5"
    )
    notices = resident.notices.filter(kind=Notice.Kind.SERVICE_REQUEST)
    assert notices.count() == 3
    assert {n.url for n in notices} == {request.get_absolute_url()}


def test_a_moved_activity_tells_everyone_registered_once_per_change(
    django_capture_on_commit_callbacks,
):
    activity = ActivityFactory(title="悦寿宴", location="一楼")
    confirmed = RegistrationFactory(activity=activity, user=UserFactory())
    gone = RegistrationFactory(activity=activity, user=UserFactory(), cancelled=True)

    notifications.activity_changed(activity_id=activity.pk)
    notifications.activity_changed(activity_id=activity.pk)
    assert confirmed.user.notices.count() == 1
    activity.location = "二楼"
    activity.save()
    notifications.activity_changed(activity_id=activity.pk)
    assert confirmed.user.notices.count() == 2
    assert "二楼" in confirmed.user.notices.first().body
    assert not gone.user.notices.exists()


def test_hours_verified_or_rejected_tell_the_volunteer(staff_user):
    verified = HoursEntryFactory(status=HoursEntry.Status.PENDING, verified_at=None)
    rejected = HoursEntryFactory(status=HoursEntry.Status.PENDING, verified_at=None)
    volunteer_services.hours_verify(entry_ids=[verified.pk], by_user=staff_user)
    volunteer_services.hours_verify(entry_ids=[verified.pk], by_user=staff_user)
    volunteer_services.hours_reject(
        entry_ids=[rejected.pk], by_user=staff_user, reason="时长填错"
    )
    assert verified.volunteer.user.notices.get().kind == Notice.Kind.HOURS
    assert rejected.volunteer.user.notices.get().body == "时长填错"
