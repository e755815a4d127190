"""Forms start from what the profile knows, bring up the number keypad for phone
numbers, and their buttons say what they do."""

import pytest
from django.urls import reverse

from tests.factories import BuildingFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_matter_form_starts_with_my_building_and_says_submit(client):
    building = BuildingFactory(number=7)
    client.force_login(UserFactory(building=building))

    response = client.get(reverse("venues:matter_create"))

    assert response.context["form"]["building"].value() == building.pk
    assert "Submit the matter" in response.content.decode() or "提交说事" in (
        response.content.decode()
    )


def test_service_form_starts_with_my_phone_and_building(client):
    user = UserFactory(phone="13800002222", building=BuildingFactory(number=9))
    client.force_login(user)

    response = client.get(reverse("volunteers:service_new"))

    form = response.context["form"]
    assert form["contact_phone"].value() == "13800002222"
    assert "9" in str(form["place"].value())
    field = str(form["contact_phone"])
    assert 'type="tel"' in field and 'inputmode="tel"' in field
    assert 'autocomplete="tel"' in field
