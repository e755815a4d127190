"""Row builders of the accounts' admin."""

from community_portal.accounts.models import Household, HouseholdMember, User
from community_portal.permissions import Role
from tests.factories import (
    BuildingFactory,
    GridFactory,
    UserFactory,
)


def build_users(n):
    building = BuildingFactory(number=901, grid=GridFactory(number=9))
    return [
        UserFactory(roles=[Role.GRID_WORKER, Role.TEAM_LEADER], building=building)
        for _ in range(n)
    ]


def build_households(n):
    """Households with a manager and a child each (the change page's inline)."""
    building = BuildingFactory(number=902, grid=GridFactory(number=9))
    households = []
    for _ in range(n):
        adult = UserFactory(birth_year=1980)
        household = Household.objects.create(
            building=building, room=f"{Household.objects.count() + 1}-101"
        )
        HouseholdMember.objects.create(
            household=household,
            user=adult,
            name=adult.name,
            birth_year=1980,
            relation=HouseholdMember.Relation.SELF,
            is_manager=True,
        )
        HouseholdMember.objects.create(
            household=household, name="小明", birth_year=2018
        )
        households.append(household)
    return households


ROW_BUILDERS = {
    User: build_users,
    Household: build_households,
}
