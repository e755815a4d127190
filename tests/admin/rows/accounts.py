"""Row builders of the accounts' admin."""

from community_portal.accounts.models import User
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


ROW_BUILDERS = {
    User: build_users,
}
