"""The demo's households (户): the elder's daughter signs her mother up from her
own phone; the resident's family, whose child took part in garbage sorting (so
the grid page's household participation has a figure)."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from activities.models import Activity, Registration
from community_portal.accounts.models import Household, HouseholdMember
from grids.models import Building

from .writer import Writer

Relation = HouseholdMember.Relation

# (building, room, [(name, birth year, relation, username or None, manages)]).
HOUSEHOLDS = [
    (
        22,
        "1-202",
        [
            ("周丽华", 1968, Relation.SELF, "daughter", True),
            ("周桂英", 1940, Relation.PARENT, "elder", False),
            ("陈小雨", 2016, Relation.GRANDCHILD, None, False),
        ],
    ),
    (
        5,
        "2-301",
        [
            ("张小明", 1985, Relation.SELF, "resident", True),
            ("张乐乐", 2018, Relation.CHILD, None, False),
            ("张建国", 1952, Relation.PARENT, None, False),
            ("王秀英", 1942, Relation.GRANDPARENT, None, False),
        ],
    ),
]
# Birth months known (the 80+ roster marks the quarter's birthdays by them).
BIRTH_MONTHS = {"周桂英": 11, "王秀英": 12}
# Who of the resident's household was at the last garbage-sorting activity.
SORTING_CHILD = "张乐乐"


def load_households(writer: Writer) -> int:
    users = {
        user.username: user
        for user in get_user_model().objects.filter(
            username__in=[
                username
                for _b, _r, members in HOUSEHOLDS
                for _n, _y, _rel, username, _m in members
                if username
            ]
        )
    }
    count = 0
    for number, room, members in HOUSEHOLDS:
        household = writer.upsert(
            Household,
            lookup={"building": Building.objects.get(number=number), "room": room},
        )
        for name, year, relation, username, manages in members:
            writer.upsert(
                HouseholdMember,
                lookup={"household": household, "name": name, "birth_year": year},
                values={
                    "relation": relation,
                    "user": users.get(username),
                    "is_manager": manages,
                    "birth_month": BIRTH_MONTHS.get(name),
                },
            )
        count += 1
    _sorting_attendance(writer, manager=users["resident"])
    return count


def _sorting_attendance(writer: Writer, *, manager) -> None:
    """The child's seat, checked in, at the latest garbage-sorting activity held."""
    activity = (
        Activity.objects.filter(
            status=Activity.Status.PUBLISHED,
            campaigns__slug="garbage-sorting",
            ends_at__lt=timezone.now(),
        )
        .order_by("-starts_at")
        .first()
    )
    if activity is None:
        return
    child = HouseholdMember.objects.get(
        household__members__user=manager, name=SORTING_CHILD
    )
    writer.upsert(
        Registration,
        lookup={"activity": activity, "member": child},
        create_values={
            "user": manager,
            "status": Registration.Status.CONFIRMED,
            "confirmed_at": activity.starts_at,
            "checked_in_at": activity.starts_at,
        },
    )
