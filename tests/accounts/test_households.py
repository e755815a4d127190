"""My household (/accounts/household/): register it, add members, bad input; and
what the sign-up form of an activity offers an adult of a household."""

import pytest
from django.urls import reverse
from django.utils import translation

from activities.models import Registration
from activities.services import party_registration_create
from community_portal.accounts.errors import Code
from community_portal.accounts.models import Household, HouseholdMember
from community_portal.accounts.services import (
    household_create,
    household_member_add,
    household_member_remove,
)
from community_portal.errors import ServiceError
from tests.activities.helpers import in_chinese, page
from tests.factories import ActivityFactory, BuildingFactory, UserFactory

pytestmark = pytest.mark.django_db
HOUSEHOLD_URL = reverse("accounts:household")


@pytest.fixture(autouse=True)
def _default_language(settings):
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def adult():
    return UserFactory(birth_year=1985, name="王芳")


@pytest.fixture
def adult_client(client, adult):
    client.force_login(adult)
    return client


def registered(adult):
    household_create(user=adult, building_id=BuildingFactory().pk, room="2-301")
    return adult.household_member.household


def test_an_adult_registers_the_household_and_manages_it(adult_client, adult):
    building = BuildingFactory()

    response = adult_client.post(
        HOUSEHOLD_URL, {"building": building.pk, "room": " 2-301 "}, follow=True
    )

    household = Household.objects.get()
    assert (household.building, household.room) == (building, "2-301")
    member = HouseholdMember.objects.get()
    assert (member.user, member.is_manager, member.birth_year) == (adult, True, 1985)
    assert in_chinese("Your household is registered.") in page(response)


def test_an_address_taken_is_refused_with_what_was_typed(adult_client, adult):
    neighbour = UserFactory(birth_year=1970)
    household = registered(neighbour)

    response = adult_client.post(
        HOUSEHOLD_URL, {"building": household.building_id, "room": "2-301"}
    )

    assert response.status_code == 400
    assert "2-301" in page(response)
    assert Household.objects.count() == 1
    assert not HouseholdMember.objects.filter(user=adult).exists()


def test_a_member_is_added_and_shown(adult_client, adult):
    registered(adult)

    response = adult_client.post(
        HOUSEHOLD_URL,
        {"name": "小明", "birth_year": "2018", "relation": "child"},
        follow=True,
    )

    assert HouseholdMember.objects.filter(name="小明", birth_year=2018).exists()
    assert "小明" in page(response)


def test_a_member_added_twice_is_refused_and_saved_once(adult_client, adult):
    registered(adult)
    data = {"name": "小明", "birth_year": "2018", "relation": "child"}
    adult_client.post(HOUSEHOLD_URL, data)

    response = adult_client.post(HOUSEHOLD_URL, {**data, "name": " 小明 "})

    assert response.status_code == 400
    message = in_chinese(
        "%(name)s (born %(year)s) is already a member of your household."
    )
    assert message % {"name": "小明", "year": 2018} in page(response)
    assert HouseholdMember.objects.filter(name="小明").count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {"name": "", "birth_year": "2018", "relation": "child"},
        {"name": "小明", "birth_year": "3018", "relation": "child"},
        {"name": "小明", "birth_year": "abc", "relation": "child"},
        {"name": "小明" * 40, "birth_year": "2018", "relation": "child"},
        {"name": "小明", "birth_year": "2018", "relation": "boss"},
    ],
)
def test_bad_member_input_is_shown_again_and_nothing_saved(adult_client, adult, data):
    registered(adult)

    response = adult_client.post(HOUSEHOLD_URL, data)

    assert response.status_code == 400
    assert HouseholdMember.objects.count() == 1  # the adult only


def test_only_a_manager_adds_members(adult):
    with pytest.raises(ServiceError) as refused:
        household_member_add(user=adult, name="小明", birth_year=2018, relation="child")
    assert refused.value.code == Code.HOUSEHOLD_NOT_ALLOWED
    assert refused.value.http_status == 403


def test_a_minor_cannot_register_a_household():
    child = UserFactory(birth_year=2015)
    with pytest.raises(ServiceError) as refused:
        household_create(user=child, building_id=BuildingFactory().pk, room="1-101")
    assert refused.value.code == Code.NOT_ADULT
    assert not Household.objects.exists()


def test_a_member_who_signed_up_stays_in_the_records(adult):
    registered(adult)
    child = household_member_add(
        user=adult, name="小明", birth_year=2018, relation="child"
    )
    Registration.objects.create(
        activity=ActivityFactory(), user=adult, member=child, status="confirmed"
    )

    with pytest.raises(ServiceError) as refused:
        household_member_remove(user=adult, member_id=child.pk)

    assert refused.value.code == Code.MEMBER_HAS_SIGNUPS
    assert HouseholdMember.objects.filter(pk=child.pk).exists()


def test_a_member_is_removed_by_the_manager_only(adult_client, adult, client):
    registered(adult)
    child = household_member_add(
        user=adult, name="小明", birth_year=2018, relation="child"
    )
    url = reverse("accounts:household_member_remove", args=[child.pk])
    stranger = UserFactory()
    client.force_login(stranger)
    assert client.post(url).status_code == 403
    client.force_login(adult)

    client.post(url)

    assert not HouseholdMember.objects.filter(pk=child.pk).exists()


def test_my_activities_and_the_profile_link_to_the_household(adult_client):
    for name in ("me", "accounts:profile"):
        assert HOUSEHOLD_URL in page(adult_client.get(reverse(name)))


def test_the_household_page_needs_a_login(client):
    response = client.get(HOUSEHOLD_URL)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_the_household_page_costs_the_same_queries_with_more_members(
    adult_client, adult, assert_same_queries
):
    registered(adult)
    years = iter(range(1990, 2020))

    def grow():
        for _ in range(5):
            year = next(years)
            household_member_add(
                user=adult, name=f"成员{year}", birth_year=year, relation="child"
            )

    assert_same_queries(adult_client, HOUSEHOLD_URL, grow=grow)


def test_the_activity_page_costs_the_same_queries_with_more_members(
    adult_client, adult, assert_same_queries
):
    registered(adult)
    activity = ActivityFactory(capacity=50, max_companions=20)
    years = iter(range(1990, 2020))

    def grow():
        members = [
            household_member_add(
                user=adult, name=f"成员{year}", birth_year=year, relation="child"
            )
            for year in [next(years) for _ in range(4)]
        ]
        party_registration_create(
            activity_id=activity.pk,
            user=adult,
            member_ids=[member.pk for member in members],
            include_self=False,
        )

    assert_same_queries(adult_client, activity.get_absolute_url(), grow=grow)
