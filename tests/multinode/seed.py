"""The multinode test's minimal data, written once after the release step: a grid
with a building, its grid worker, a resident and a resident to be locked out. Prints
the ids the test needs as one JSON line. Runs with a node's environment (production
settings, through pgBouncer)."""

import json

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402

from community_portal.permissions import Role  # noqa: E402
from grids.models import Building, Grid, VisitTopic  # noqa: E402

PASSWORD = "multinode-Pass-2026"  # noqa: S105


def main() -> None:
    User = get_user_model()
    grid = Grid.objects.create(
        number=1,
        theme="悦廉",
        theme_meaning="清廉",
        slogan="多节点网格的标语",
        stairwell="悦廉楼道",
    )
    building = Building.objects.create(number=1, grid=grid, households=40)
    worker = User.objects.create_user(
        username="mn-worker", password=PASSWORD, name="赵网格"
    )
    worker.groups.add(Group.objects.get_or_create(name=Role.GRID_WORKER)[0])
    grid.workers.add(worker)
    User.objects.create_user(username="mn-resident", password=PASSWORD, name="钱居民")
    User.objects.create_user(username="mn-locked", password=PASSWORD, name="孙居民")
    topic = VisitTopic.objects.active().first() or VisitTopic.objects.create(
        name="走访"
    )
    print(
        json.dumps(
            {
                "password": PASSWORD,
                "building": building.pk,
                "topic": topic.pk,
                "grid": grid.number,
            }
        )
    )


main()
