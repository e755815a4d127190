"""Service requests from order to rating."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.factories import StaffUserFactory, TeamFactory, UserFactory
from volunteers import services
from volunteers.errors import Code
from volunteers.models import (
    HoursEntry,
    PointsEntry,
    ServiceCategory,
    ServiceRequest,
    TeamMembership,
)

from .factories import (
    VolunteerFactory,
)
from .helpers import jpeg, refused

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


# --- service requests ----------------------------------------------------------------------


def order(requester, **kwargs):
    values = {
        "requester": requester,
        "category_id": ServiceCategory.objects.get(name="便民维修").pk,
        "description": "厨房水龙头漏水",
        "wanted_at": timezone.now() + datetime.timedelta(days=1),
        "place": "5幢2单元301室",
    }
    values.update(kwargs)
    return services.service_request_create(**values)


def test_the_whole_journey_is_timestamped(resident, staff_user):
    team = TeamFactory()
    member = VolunteerFactory()
    TeamMembership.objects.create(team=team, volunteer=member, status="approved")
    request = order(resident)
    assert request.status == ServiceRequest.Status.ORDERED
    services.service_request_dispatch(
        request_id=request.pk, team_id=team.pk, by_user=staff_user
    )
    services.service_request_accept(request_id=request.pk, by_user=member.user)
    services.service_request_complete(
        request_id=request.pk,
        by_user=member.user,
        note="换了阀芯",
        hours="1",
        photos=[jpeg()],
    )
    services.service_request_rate(
        request_id=request.pk, by_user=resident, rating=5, comment="谢谢"
    )
    request.refresh_from_db()
    assert request.status == ServiceRequest.Status.RATED
    assert request.created_at <= request.dispatched_at <= request.accepted_at
    assert request.accepted_at <= request.done_at <= request.rated_at
    assert request.photos.count() == 1
    assert request.rating == 5


def test_a_finished_request_writes_the_hours_for_staff_to_verify(resident, staff_user):
    team = TeamFactory()
    member = VolunteerFactory()
    TeamMembership.objects.create(team=team, volunteer=member, status="approved")
    request = order(resident)
    services.service_request_dispatch(
        request_id=request.pk, team_id=team.pk, by_user=staff_user
    )
    services.service_request_accept(request_id=request.pk, by_user=member.user)
    refused(
        Code.BAD_HOURS,
        services.service_request_complete,
        request_id=request.pk,
        by_user=member.user,
        note="好了",
        hours="30",
    )
    request.refresh_from_db()
    assert request.status == ServiceRequest.Status.ACCEPTED
    services.service_request_complete(
        request_id=request.pk, by_user=member.user, note="好了", hours="1.5"
    )
    entry = HoursEntry.objects.get()
    assert (entry.volunteer, entry.service_request, entry.activity) == (
        member,
        request,
        None,
    )
    assert (entry.status, entry.hours, entry.source) == (
        "pending",
        Decimal("1.5"),
        "service_request",
    )
    assert entry.team == team
    assert entry.served_on == timezone.localdate(request.done_at)
    assert str(request) in HoursEntry.objects.with_related().get().served_for()
    services.hours_verify(entry_ids=[entry.pk], by_user=staff_user)
    assert PointsEntry.objects.get(hours_entry=entry).amount > 0


def test_staff_order_on_behalf_of_a_resident(resident, staff_user, team_leader):
    request = order(resident, ordered_by=staff_user)
    assert request.requester == resident and request.ordered_by == staff_user
    refused(Code.NOT_ALLOWED, order, resident, ordered_by=team_leader)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"description": "  "},
        {"place": ""},
        {"category_id": 999999},
        {"wanted_at": timezone.now() - datetime.timedelta(days=2)},
        {"wanted_at": timezone.now() + datetime.timedelta(days=400)},
    ],
)
def test_bad_orders_are_refused(resident, kwargs):
    refused(Code.INVALID, order, resident, **kwargs)
    assert not ServiceRequest.objects.exists()


def test_acting_on_someone_elses_request_is_refused(resident, staff_user):
    team = TeamFactory()
    member, outsider = VolunteerFactory(), VolunteerFactory()
    TeamMembership.objects.create(team=team, volunteer=member, status="approved")
    request = order(resident)
    refused(
        Code.NOT_ALLOWED,
        services.service_request_dispatch,
        request_id=request.pk,
        team_id=team.pk,
        by_user=member.user,
    )
    services.service_request_dispatch(
        request_id=request.pk, team_id=team.pk, by_user=staff_user
    )
    refused(
        Code.NOT_ALLOWED,
        services.service_request_accept,
        request_id=request.pk,
        by_user=outsider.user,
    )
    services.service_request_accept(request_id=request.pk, by_user=member.user)
    refused(
        Code.WRONG_STATUS,
        services.service_request_accept,
        request_id=request.pk,
        by_user=member.user,
    )
    refused(
        Code.NOT_ALLOWED,
        services.service_request_complete,
        request_id=request.pk,
        by_user=outsider.user,
        note="x",
        hours="1",
    )
    refused(
        Code.NOT_ALLOWED,
        services.service_request_cancel,
        request_id=request.pk,
        by_user=outsider.user,
    )
    services.service_request_complete(
        request_id=request.pk, by_user=member.user, note="好了", hours="1"
    )
    refused(
        Code.NOT_ALLOWED,
        services.service_request_rate,
        request_id=request.pk,
        by_user=member.user,
        rating=5,
    )
    refused(
        Code.BAD_RATING,
        services.service_request_rate,
        request_id=request.pk,
        by_user=resident,
        rating=6,
    )
    request.refresh_from_db()
    assert request.status == ServiceRequest.Status.DONE


def test_a_bad_photo_marks_nothing_done(resident, staff_user):
    team = TeamFactory()
    member = VolunteerFactory()
    TeamMembership.objects.create(team=team, volunteer=member, status="approved")
    request = order(resident)
    services.service_request_dispatch(
        request_id=request.pk, team_id=team.pk, by_user=staff_user
    )
    services.service_request_accept(request_id=request.pk, by_user=member.user)
    bad = SimpleUploadedFile("x.jpg", b"not a picture", "image/jpeg")
    refused(
        Code.BAD_PHOTO,
        services.service_request_complete,
        request_id=request.pk,
        by_user=member.user,
        note="好了",
        hours="1",
        photos=[bad],
    )
    request.refresh_from_db()
    assert request.status == ServiceRequest.Status.ACCEPTED
    assert not request.photos.exists()


def test_the_requester_cancels_before_it_is_taken(resident):
    request = order(resident)
    services.service_request_cancel(request_id=request.pk, by_user=resident)
    refused(
        Code.WRONG_STATUS,
        services.service_request_cancel,
        request_id=request.pk,
        by_user=resident,
    )


def test_only_staff_user_factory_is_staff():
    assert services.is_clerk_or_staff(StaffUserFactory())


def test_staff_order_for_the_one_resident_with_a_phone_number(staff_user):
    elder = UserFactory(phone="13800138000")
    request = order(staff_user, ordered_by=staff_user, requester_phone=" 13800138000 ")
    assert (request.requester, request.ordered_by) == (elder, staff_user)


@pytest.mark.parametrize("owners", [0, 2])
def test_a_phone_number_that_names_no_single_resident_is_refused_on_its_field(
    staff_user, owners
):
    for _ in range(owners):
        UserFactory(phone="13800138000")
    error = refused(
        Code.INVALID,
        order,
        staff_user,
        ordered_by=staff_user,
        requester_phone="13800138000",
    )
    assert error.field == "requester_phone"
    assert not ServiceRequest.objects.exists()


def test_only_staff_may_order_for_someone_by_phone(resident):
    UserFactory(phone="13800138000")
    refused(
        Code.NOT_ALLOWED,
        order,
        resident,
        ordered_by=resident,
        requester_phone="13800138000",
    )
