"""Issue 11, point 2: every event that concerns a person creates a notice for the
right people (and for nobody else). One row of the table per event."""

import datetime

import pytest
from django.utils import timezone

from activities import services as activity_services
from activities.models import Registration
from activities.services.reminders import reminders_send
from community_portal.notices.models import Notice
from tests.activities.factories import RegistrationFactory
from tests.factories import ActivityFactory, StaffUserFactory, TeamFactory, UserFactory
from tests.venues.factories import MatterFactory
from tests.volunteers.factories import (
    HoursEntryFactory,
    RewardFactory,
    VolunteerFactory,
    give_points,
)
from venues import services as venue_services
from volunteers import services as volunteer_services
from volunteers.models import HoursEntry, ServiceCategory, TeamMembership

pytestmark = pytest.mark.django_db


def registration_confirmed(staff):
    user = UserFactory()
    activity = ActivityFactory(capacity=5)
    activity_services.registration_create(activity_id=activity.pk, user=user)
    return [user], Notice.Kind.REGISTRATION


def registration_waitlisted(staff):
    activity = ActivityFactory(capacity=1)
    RegistrationFactory(activity=activity)
    user = UserFactory()
    registration = activity_services.registration_create(
        activity_id=activity.pk, user=user
    )
    assert registration.status == Registration.Status.WAITLISTED
    return [user], Notice.Kind.REGISTRATION


def promoted(staff):
    activity = ActivityFactory(capacity=1)
    seat = RegistrationFactory(activity=activity)
    waiting = RegistrationFactory(activity=activity, waitlisted=True)
    activity_services.registration_cancel(registration_id=seat.pk, user=seat.user)
    return [waiting.user], Notice.Kind.REGISTRATION


def activity_cancelled(staff):
    activity = ActivityFactory()
    people = [RegistrationFactory(activity=activity).user for _ in range(2)]
    people.append(RegistrationFactory(activity=activity, waitlisted=True).user)
    RegistrationFactory(activity=activity, cancelled=True)
    activity_services.activity_cancel(activity_id=activity.pk, by_user=staff)
    return people, Notice.Kind.ACTIVITY


def time_or_place_changed(staff):
    from activities import tasks

    activity = ActivityFactory(location="一楼")
    people = [RegistrationFactory(activity=activity).user for _ in range(2)]
    activity.location = "二楼"
    activity.save()
    tasks.notify_activity_changed.enqueue(activity.pk)
    return people, Notice.Kind.ACTIVITY


def reminder(staff):
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    activity = ActivityFactory(
        starts_at=tomorrow.replace(hour=10, minute=0, second=0, microsecond=0)
    )
    user = RegistrationFactory(activity=activity).user
    assert reminders_send() == 1
    return [user], Notice.Kind.REMINDER


def _matter_with_a_seconder():
    matter = MatterFactory()
    seconder = UserFactory()
    venue_services.matter_second(matter_id=matter.pk, user=seconder)
    return matter, [matter.author, seconder]


def matter_accepted(staff):
    matter, people = _matter_with_a_seconder()
    venue_services.matter_accept(matter_id=matter.pk, by_user=staff)
    return people, Notice.Kind.MATTER


def matter_answered(staff):
    matter, people = _matter_with_a_seconder()
    venue_services.matter_reply(matter_id=matter.pk, by_user=staff, text="已报修")
    return people, Notice.Kind.MATTER


def matter_resolved(staff):
    matter, people = _matter_with_a_seconder()
    venue_services.matter_resolve(matter_id=matter.pk, by_user=staff, text="修好了")
    # The author is asked besides (point 5).
    assert matter.author.notices.filter(key__startswith="matter_follow_up:").exists()
    return people, Notice.Kind.MATTER


def _service_request(requester):
    return volunteer_services.service_request_create(
        requester=requester,
        category_id=ServiceCategory.objects.get(name="便民维修").pk,
        description="厨房水龙头漏水",
        wanted_at=timezone.now() + datetime.timedelta(days=1),
        place="5幢2单元301室",
    )


def _team_with_member():
    team = TeamFactory()
    member = VolunteerFactory()
    TeamMembership.objects.create(team=team, volunteer=member, status="approved")
    return team, member


def service_request_dispatched(staff):
    requester = UserFactory()
    request = _service_request(requester)
    team, _member = _team_with_member()
    volunteer_services.service_request_dispatch(
        request_id=request.pk, team_id=team.pk, by_user=staff
    )
    return [requester], Notice.Kind.SERVICE_REQUEST


def service_request_accepted(staff):
    requester = UserFactory()
    request = _service_request(requester)
    team, member = _team_with_member()
    volunteer_services.service_request_dispatch(
        request_id=request.pk, team_id=team.pk, by_user=staff
    )
    Notice.objects.all().delete()
    volunteer_services.service_request_accept(
        request_id=request.pk, by_user=member.user
    )
    return [requester], Notice.Kind.SERVICE_REQUEST


def service_request_done(staff):
    requester = UserFactory()
    request = _service_request(requester)
    team, member = _team_with_member()
    volunteer_services.service_request_dispatch(
        request_id=request.pk, team_id=team.pk, by_user=staff
    )
    volunteer_services.service_request_accept(
        request_id=request.pk, by_user=member.user
    )
    Notice.objects.all().delete()
    volunteer_services.service_request_complete(
        request_id=request.pk, by_user=member.user, note="换了阀芯", hours="1.5"
    )
    return [requester], Notice.Kind.SERVICE_REQUEST


def hours_verified(staff):
    entry = HoursEntryFactory(status=HoursEntry.Status.PENDING, verified_at=None)
    volunteer_services.hours_verify(entry_ids=[entry.pk], by_user=staff)
    return [entry.volunteer.user], Notice.Kind.HOURS


def hours_rejected(staff):
    entry = HoursEntryFactory(status=HoursEntry.Status.PENDING, verified_at=None)
    volunteer_services.hours_reject(entry_ids=[entry.pk], by_user=staff, reason="错")
    return [entry.volunteer.user], Notice.Kind.HOURS


def redemption_confirmed(staff):
    volunteer = VolunteerFactory()
    give_points(volunteer, 50)
    reward = RewardFactory(points=20, stock=5)
    redemption = volunteer_services.reward_redeem(
        reward_id=reward.pk, user=volunteer.user
    )
    volunteer_services.redemption_confirm(code=redemption.code, by_user=staff)
    return [volunteer.user], Notice.Kind.POINTS


def application_approved(staff):
    volunteer = VolunteerFactory(pending=True)
    volunteer_services.volunteer_approve(volunteer_id=volunteer.pk, by_user=staff)
    return [volunteer.user], Notice.Kind.VOLUNTEER


def application_declined(staff):
    volunteer = VolunteerFactory(pending=True)
    volunteer_services.volunteer_decline(
        volunteer_id=volunteer.pk, by_user=staff, reason="名额已满"
    )
    return [volunteer.user], Notice.Kind.VOLUNTEER


EVENTS = [
    registration_confirmed,
    registration_waitlisted,
    promoted,
    activity_cancelled,
    time_or_place_changed,
    reminder,
    matter_accepted,
    matter_answered,
    matter_resolved,
    service_request_dispatched,
    service_request_accepted,
    service_request_done,
    hours_verified,
    hours_rejected,
    redemption_confirmed,
    application_approved,
    application_declined,
]


@pytest.mark.parametrize("event", EVENTS, ids=[e.__name__ for e in EVENTS])
def test_the_event_tells_exactly_the_people_it_concerns(
    event, django_capture_on_commit_callbacks
):
    staff = StaffUserFactory()
    bystander = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        people, kind = event(staff)
    told = Notice.objects.filter(kind=kind).exclude(key__startswith="matter_follow_up:")
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted(
        p.pk for p in people
    )
    assert not bystander.notices.exists()
    assert not staff.notices.exists()
