"""Every status of the alliance changes through its model's pipeline: a move the
table does not list is refused, and the admin cannot change a status by saving."""

import pytest
from django.urls import reverse
from django.utils import timezone

from community_portal.status import BAD_TRANSITION
from tests.factories import TeamFactory, UserFactory
from volunteers import services
from volunteers.models import (
    HoursEntry,
    Redemption,
    ServiceRequest,
    TeamMembership,
    Volunteer,
    VolunteerShift,
)

from .factories import (
    HoursEntryFactory,
    RedemptionFactory,
    ServiceRequestFactory,
    TeamMembershipFactory,
    VolunteerFactory,
    VolunteerShiftFactory,
)
from .helpers import refused

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("model", "current", "allowed", "refused_moves"),
    [
        (
            Volunteer,
            "pending",
            {"approved", "declined"},
            {"pending"},
        ),
        (Volunteer, "declined", {"pending"}, {"approved"}),
        (Volunteer, "approved", set(), {"pending", "declined"}),
        (TeamMembership, "pending", {"approved", "declined"}, {"left"}),
        (TeamMembership, "approved", set(), {"pending", "declined", "left"}),
        (VolunteerShift, "signed_up", {"cancelled"}, {"signed_up"}),
        (VolunteerShift, "cancelled", set(), {"signed_up"}),
        (HoursEntry, "pending", {"verified", "rejected"}, set()),
        (HoursEntry, "verified", set(), {"pending", "rejected"}),
        (HoursEntry, "rejected", set(), {"pending", "verified"}),
        (Redemption, "issued", {"confirmed", "voided"}, set()),
        (Redemption, "confirmed", set(), {"issued", "voided"}),
        (
            ServiceRequest,
            "ordered",
            {"dispatched", "cancelled"},
            {"accepted", "done", "rated"},
        ),
        (
            ServiceRequest,
            "dispatched",
            {"dispatched", "accepted", "cancelled"},
            {"done", "rated"},
        ),
        (ServiceRequest, "accepted", {"done"}, {"cancelled", "rated", "ordered"}),
        (ServiceRequest, "done", {"rated"}, {"cancelled", "accepted"}),
        (ServiceRequest, "rated", set(), {"done"}),
        (ServiceRequest, "cancelled", set(), {"ordered", "dispatched"}),
    ],
)
def test_each_pipeline_lists_todays_moves(model, current, allowed, refused_moves):
    assert model.PIPELINE.targets(current) == allowed
    for new in refused_moves:
        assert not model.PIPELINE.allows(current, new)


def test_a_disallowed_move_is_refused_and_nothing_changes():
    entry = HoursEntryFactory()  # verified
    refused(BAD_TRANSITION, HoursEntry.PIPELINE.move, entry, "pending")
    assert entry.status == "verified"
    request = ServiceRequestFactory()
    refused(BAD_TRANSITION, ServiceRequest.PIPELINE.move, request, "done")
    assert request.status == "ordered"


def test_a_service_goes_through_the_pipeline(staff_user, monkeypatch):
    """The pipeline, not the service's own check, has the last word: with the
    table emptied, an approval the service would allow is refused."""
    volunteer = Volunteer.objects.create(user=UserFactory(), status="pending")
    monkeypatch.setattr(Volunteer.PIPELINE, "transitions", {})
    refused(
        BAD_TRANSITION,
        services.volunteer_approve,
        volunteer_id=volunteer.pk,
        by_user=staff_user,
    )
    volunteer.refresh_from_db()
    assert volunteer.status == "pending" and volunteer.number is None


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def rows():
    team = TeamFactory()
    return [
        (Volunteer.objects.create(user=UserFactory(), status="pending"), "approved"),
        (TeamMembershipFactory(team=team, status="pending"), "approved"),
        (VolunteerShiftFactory(), "cancelled"),
        (HoursEntryFactory(status="pending", verified_at=None), "verified"),
        (RedemptionFactory(), "voided"),
        (
            ServiceRequestFactory(
                team=team, status="dispatched", dispatched_at=timezone.now()
            ),
            "cancelled",
        ),
    ]


def test_an_admin_save_cannot_change_a_status(client, superuser):
    client.force_login(superuser)
    for row, other in rows():
        meta = row._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[row.pk])
        page = client.get(url)
        assert page.status_code == 200
        # The status is shown, never as a field to edit.
        assert 'name="status"' not in page.content.decode(), meta.model_name
        before = row.status
        response = client.post(url, {"status": other, "_save": "Save"})
        assert response.status_code == 403, meta.model_name
        row.refresh_from_db()
        assert row.status == before, meta.model_name


def test_admin_actions_change_status_through_the_services(client, staff_user):
    applicant = Volunteer.objects.create(user=UserFactory(), status="pending")
    approved = VolunteerFactory()
    client.force_login(staff_user)
    client.post(
        reverse("admin:volunteers_volunteer_changelist"),
        {"action": "approve", "_selected_action": [applicant.pk, approved.pk]},
    )
    applicant.refresh_from_db()
    assert applicant.status == "approved"
    assert applicant.number == f"YG{applicant.pk:06d}"  # the service's number
    assert applicant.decided_by == staff_user


def test_staff_decide_memberships_and_cancel_requests_by_admin_actions(
    client, staff_user
):
    pending = TeamMembershipFactory(status="pending")
    decided = TeamMembershipFactory(status="approved")
    taken = ServiceRequestFactory(
        team=TeamFactory(),
        status="accepted",
        dispatched_at=timezone.now(),
        accepted_at=timezone.now(),
        accepted_by=UserFactory(),
    )
    open_request = ServiceRequestFactory()
    client.force_login(staff_user)
    client.post(
        reverse("admin:volunteers_teammembership_changelist"),
        {"action": "decline", "_selected_action": [pending.pk, decided.pk]},
    )
    pending.refresh_from_db()
    decided.refresh_from_db()
    assert (pending.status, pending.decided_by) == ("declined", staff_user)
    assert decided.status == "approved"  # not pending: refused, left alone
    client.post(
        reverse("admin:volunteers_servicerequest_changelist"),
        {"action": "cancel", "_selected_action": [taken.pk, open_request.pk]},
    )
    taken.refresh_from_db()
    open_request.refresh_from_db()
    assert taken.status == "accepted"  # somebody took it: the service says no
    assert open_request.status == "cancelled" and open_request.cancelled_at
