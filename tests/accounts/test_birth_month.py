"""The optional birth month (1–12) of residents and household members: the
profile, the household form, the service and the database constraint."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from community_portal.accounts.models import HouseholdMember, User
from community_portal.accounts.services import household_create, household_member_add
from community_portal.errors import ServiceError
from tests.factories import BuildingFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_profile_takes_a_birth_month_and_leaves_it_unknown(client):
    resident = UserFactory(birth_year=1945)
    client.force_login(resident)
    data = {"name": "张桂花", "phone": "13911112222", "birth_year": "1945"}
    response = client.post(reverse("accounts:profile"), {**data, "birth_month": "11"})
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.birth_month == 11
    client.post(reverse("accounts:profile"), {**data, "birth_month": ""})
    resident.refresh_from_db()
    assert resident.birth_month is None
    response = client.post(reverse("accounts:profile"), {**data, "birth_month": "13"})
    assert response.status_code == 200  # the form again, with its error
    resident.refresh_from_db()
    assert resident.birth_month is None


def test_a_household_member_gets_a_birth_month(client):
    adult = UserFactory(birth_year=1968)
    household_create(user=adult, building_id=BuildingFactory().pk, room="1-202")
    client.force_login(adult)
    response = client.post(
        reverse("accounts:household"),
        {
            "name": "周奶奶",
            "birth_year": "1940",
            "birth_month": "12",
            "relation": "parent",
        },
    )
    assert response.status_code == 302
    assert HouseholdMember.objects.get(name="周奶奶").birth_month == 12
    with pytest.raises(ServiceError):
        household_member_add(
            user=adult, name="周爷爷", birth_year=1939, birth_month=0, relation="parent"
        )


def test_the_database_refuses_a_month_out_of_range():
    user = UserFactory()
    with pytest.raises(IntegrityError):
        User.objects.filter(pk=user.pk).update(birth_month=13)
