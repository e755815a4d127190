"""The demo's households: the elder's daughter manages hers and can sign her
mother up; a second run adds nothing."""

import pytest

from activities.models import Registration
from community_portal.accounts.models import Household, HouseholdMember
from community_portal.accounts.selectors import household_signup_members
from community_portal.devtools.demo import pictures
from community_portal.devtools.demo.loader import demo_load
from grids.selectors import grid_household_participation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_pictures(monkeypatch):
    monkeypatch.setattr(pictures, "IMAGE_SIZE", (120, 80))


def test_the_demo_households_load_once():
    demo_load()
    daughter = HouseholdMember.objects.get(user__username="daughter")
    assert daughter.is_manager
    members = household_signup_members(user=daughter.user)
    assert {member.name for member in members} == {"周桂英", "陈小雨"}
    assert next(m for m in members if m.name == "周桂英").user.username == "elder"
    households = Household.objects.count()
    registrations = Registration.objects.count()

    result = demo_load(refresh=True)

    assert Household.objects.count() == households == 2
    assert Registration.objects.count() == registrations
    assert result["created"] == 0 and result["updated"] == 0
    resident = HouseholdMember.objects.get(user__username="resident").household
    figure = grid_household_participation(grid=resident.building.grid)
    assert figure.households >= 1
