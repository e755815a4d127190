"""Walk-ins at the door: someone found by the search, or a new resident."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from activities.models import Registration
from community_portal.accounts.models import User
from tests.activities.factories import RegistrationFactory
from tests.activities.helpers import (
    checkin_url,
    in_chinese,
    page,
    today_activity,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


# --- walk-ins ---------------------------------------------------------------------------


def walk_in_url(activity) -> str:
    return reverse("activities:walk_in", kwargs={"pk": activity.pk})


def test_staff_find_a_resident_and_add_them_as_a_walk_in(staff_client):
    activity = today_activity(capacity=1, max_companions=1)
    RegistrationFactory(activity=activity)  # full
    person = UserFactory(name="赵奶奶", phone="13900001111")
    found = staff_client.get(checkin_url(activity), {"q": "0000111"})
    assert list(found.context["found"]) == [person]
    assert "139****1111" in page(found)

    response = staff_client.post(
        walk_in_url(activity),
        {"kind": "existing", "walk-in-user": person.pk, "walk-in-companions": "1"},
    )
    assert response.status_code == 302
    registration = Registration.objects.get(activity=activity, user=person)
    assert registration.is_walk_in and registration.is_checked_in
    assert registration.companions == 1
    assert response.url.endswith(f"?done={registration.pk}")


def test_a_search_term_too_short_finds_nobody(staff_client):
    activity = today_activity()
    UserFactory(name="钱")
    response = staff_client.get(checkin_url(activity), {"q": "钱"})
    assert response.context["found"] == []


def test_a_new_resident_is_created_and_checked_in(staff_client):
    activity = today_activity()
    response = staff_client.post(
        walk_in_url(activity),
        {
            "kind": "new",
            "new-name": " 孙爷爷 ",
            "new-phone": "139 1234 5678",
            "new-companions": "",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(phone="13912345678")
    assert user.name == "孙爷爷"
    assert user.groups.count() == 0
    registration = Registration.objects.get(activity=activity, user=user)
    assert registration.is_walk_in and registration.is_checked_in


def test_a_known_phone_is_not_made_into_a_second_account(staff_client):
    activity = today_activity()
    UserFactory(phone="13912345678")
    users = User.objects.count()
    response = staff_client.post(
        walk_in_url(activity),
        {"kind": "new", "new-name": "孙爷爷", "new-phone": "13912345678"},
    )
    assert response.status_code == 200
    assert response.context["new_form"].errors["phone"]
    assert "孙爷爷" in page(response)  # what was typed is kept
    assert User.objects.count() == users
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"new-name": "孙爷爷", "new-phone": "12ab"}, "phone"),
        ({"new-name": "   ", "new-phone": "13912345678"}, "name"),
        (
            {"new-name": "孙爷爷", "new-phone": "13912345678", "new-companions": "-1"},
            "companions",
        ),
    ],
)
def test_bad_new_resident_input_saves_nothing(staff_client, data, field):
    activity = today_activity()
    users = User.objects.count()
    response = staff_client.post(walk_in_url(activity), {"kind": "new", **data})
    assert response.status_code == 200
    assert response.context["new_form"].errors[field]
    assert User.objects.count() == users
    assert not Registration.objects.exists()


def test_a_walk_in_for_a_cancelled_activity_creates_no_account(staff_client):
    activity = today_activity(status="cancelled")
    users = User.objects.count()
    response = staff_client.post(
        walk_in_url(activity),
        {"kind": "new", "new-name": "孙爷爷", "new-phone": "13912345678"},
    )
    assert response.status_code == 200
    assert escape(in_chinese("This activity has been cancelled.")) in page(response)
    assert User.objects.count() == users
    assert not Registration.objects.exists()


def test_too_many_companions_for_a_walk_in_is_refused(staff_client):
    activity = today_activity(max_companions=0)
    person = UserFactory()
    response = staff_client.post(
        walk_in_url(activity),
        {"kind": "existing", "walk-in-user": person.pk, "walk-in-companions": "2"},
    )
    assert response.status_code == 200
    assert escape(in_chinese("This activity does not take companions.")) in page(
        response
    )
    assert not Registration.objects.exists()


@pytest.mark.parametrize("user_value", ["", "abc", "999999"])
def test_a_forged_walk_in_person_is_refused(staff_client, user_value):
    activity = today_activity()
    response = staff_client.post(
        walk_in_url(activity), {"kind": "existing", "walk-in-user": user_value}
    )
    assert response.status_code == 200
    assert response.context["user_form"].errors["user"]
    assert not Registration.objects.exists()


def test_team_leaders_cannot_add_walk_ins(client, team_leader, leader_team):
    activity = today_activity(team=leader_team)
    client.force_login(team_leader)
    response = client.post(
        walk_in_url(activity),
        {"kind": "existing", "walk-in-user": UserFactory().pk},
    )
    assert response.status_code == 403
    assert client.get(walk_in_url(activity)).status_code == 405
    assert not Registration.objects.exists()
