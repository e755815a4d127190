"""Status declared once: the pipelines of activities and registrations, the only
way their status changes; and the refusal codes with the portal's 404/403 policy."""

import pytest
from django.urls import reverse

from activities import services
from activities.errors import Code
from activities.models import Activity, Registration
from community_portal.errors import Refusal, ServiceError
from community_portal.status import BAD_TRANSITION
from tests.activities.factories import RegistrationFactory
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db

A = Activity.Status
R = Registration.Status


def test_the_activity_pipeline_is_todays_moves():
    moves = {
        (source, target)
        for source in A.values
        for target in A.values
        if Activity.PIPELINE.allows(source, target)
    }
    assert moves == {
        (A.DRAFT, A.PUBLISHED),
        (A.DRAFT, A.CANCELLED),
        (A.PUBLISHED, A.CANCELLED),
    }


def test_the_registration_pipeline():
    moves = {
        (source, target)
        for source in R.values
        for target in R.values
        if Registration.PIPELINE.allows(source, target)
    }
    assert moves == {
        (R.WAITLISTED, R.CONFIRMED),
        (R.WAITLISTED, R.CANCELLED),
        (R.CONFIRMED, R.CANCELLED),
    }


@pytest.mark.parametrize(
    "source, target",
    [(A.CANCELLED, A.PUBLISHED), (A.PUBLISHED, A.DRAFT), (A.CANCELLED, A.DRAFT)],
)
def test_a_disallowed_activity_move_is_refused_and_changes_nothing(source, target):
    activity = ActivityFactory(status=source)
    with pytest.raises(ServiceError) as refused:
        Activity.PIPELINE.move(activity, target)
    assert refused.value.code == BAD_TRANSITION
    assert activity.status == source


def test_a_cancelled_registration_cannot_be_confirmed_again():
    registration = RegistrationFactory(cancelled=True)
    with pytest.raises(ServiceError) as refused:
        Registration.PIPELINE.move(registration, R.CONFIRMED)
    assert refused.value.code == BAD_TRANSITION
    assert registration.status == R.CANCELLED


def test_cancelling_a_draft_goes_through_the_pipeline(staff_user):
    activity = ActivityFactory(status=A.DRAFT)
    services.activity_cancel(activity_id=activity.pk, by_user=staff_user)
    activity.refresh_from_db()
    assert activity.status == A.CANCELLED


@pytest.mark.parametrize("code", list(Code))
def test_each_code_has_the_policys_kind(code):
    error = ServiceError(code, "…")
    if code.endswith("_not_found"):
        assert (error.kind, error.http_status) == (Refusal.NOT_FOUND, 404)
    elif code == Code.NOT_ALLOWED:
        assert (error.kind, error.http_status) == (Refusal.NOT_ALLOWED, 403)
    else:
        assert error.kind == Refusal.INVALID


def test_a_missing_activity_is_a_not_found_refusal(resident):
    with pytest.raises(ServiceError) as refused:
        services.registration_create(activity_id=999999, user=resident)
    assert refused.value.code == Code.ACTIVITY_NOT_FOUND
    assert refused.value.http_status == 404


@pytest.mark.parametrize(
    "error, status",
    [
        (ServiceError(Code.NOT_ALLOWED, "不可以"), 403),
        (ServiceError(Code.ACTIVITY_NOT_FOUND, "没有"), 404),
        (ServiceError(Code.CLOSED, "已截止"), 409),
    ],
)
def test_the_sign_up_page_answers_a_refusal_by_the_policy(
    client, resident, monkeypatch, error, status
):
    activity = ActivityFactory()

    def refuse(**kwargs):
        raise error

    monkeypatch.setattr(services, "registration_create", refuse)
    client.force_login(resident)
    response = client.post(
        reverse("activities:register", kwargs={"pk": activity.pk}),
        {"companions": "0"},
    )
    assert response.status_code == status
