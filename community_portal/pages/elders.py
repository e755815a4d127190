"""Reads of the 80+ roster (``/staff/elders/``) for the quarterly 悦寿宴: the
residents who are 80 or more in the quarter's year, with accounts or as household
members without one, per grid and building, those whose birthday falls in the
quarter marked, and each one's place at the quarter's 悦寿宴 (signed up, waiting,
checked in).

Age follows the portal's one rule (``activities.services.common``): only the
birth year is certain, so someone counts as N in the calendar year of their Nth
birthday. The birth month is optional; unknown months are shown as such.

Both kinds of people are read in one ``UNION ALL`` query, ordered by grid,
building and room and cut into pages in SQL; the page's registrations are one
more query. The page runs a fixed number of queries at any size.
"""

import datetime
import re
from dataclasses import dataclass

from django.core.paginator import Page
from django.db.models import CharField, F, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import Activity, Registration
from community_portal.accounts.models import HouseholdMember, User
from community_portal.pagination import paginate
from community_portal.permissions import is_community_staff
from grids.models import Grid

ELDER_AGE = 80
PER_PAGE = 100
BANQUET_TITLE = "悦寿宴"
USER, MEMBER = "u", "m"

_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


class RosterInputError(ValueError):
    """A quarter or grid the roster cannot show (answered with a 400)."""


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def parse(cls, value: str | None, *, today: datetime.date | None = None):
        """``2026-Q4``; empty means the current quarter."""
        if not value:
            today = today or timezone.localdate()
            return cls(today.year, (today.month - 1) // 3 + 1)
        match = _QUARTER.match(value.strip())
        if not match or not 1900 <= int(match[1]) <= 2100:
            raise RosterInputError(
                _("“%(value)s” is not a quarter: write it like 2026-Q4 (Q1 to Q4).")
                % {"value": value[:20]}
            )
        return cls(int(match[1]), int(match[2]))

    def __str__(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def months(self) -> range:
        first = 3 * (self.number - 1) + 1
        return range(first, first + 3)

    @property
    def start(self) -> datetime.datetime:
        return datetime.datetime(
            self.year, self.months[0], 1, tzinfo=timezone.get_current_timezone()
        )

    @property
    def end(self) -> datetime.datetime:
        following = self.shifted(1)
        return following.start

    @property
    def born_by(self) -> int:
        """The latest birth year of someone who is 80 in this quarter's year."""
        return self.year - ELDER_AGE

    def shifted(self, quarters: int) -> "Quarter":
        index = self.year * 4 + self.number - 1 + quarters
        return Quarter(index // 4, index % 4 + 1)


@dataclass(frozen=True)
class RosterScope:
    """Whose roster: staff see every grid (``grid`` may be ``None``: the whole
    community); a grid worker one of their own grids."""

    quarter: Quarter
    grid: Grid | None
    grids: list[Grid]  # the grids to choose from


@dataclass
class ElderRow:
    key: str  # "u-<user id>" or "m-<member id>"
    kind: str
    pk: int
    name: str
    birth_year: int
    birth_month: int | None
    grid_number: int | None
    grid_theme: str
    building_number: int | None
    room: str
    age: int
    birthday_in_quarter: bool | None  # None: the month is unknown
    registration: Registration | None = None


def grid_choices(*, user) -> list[Grid]:
    """The grids ``user`` may pick: every one for staff, their own for a worker."""
    return list(
        Grid.objects.all() if is_community_staff(user) else user.worker_grids.all()
    )


def roster_scope(*, user, quarter: str | None, grid: str | None) -> RosterScope:
    """Parse the page's input for ``user``. Raises ``RosterInputError`` for a bad
    quarter or a grid that does not exist, ``PermissionError`` for a grid (or the
    whole community) that ``user`` may not see."""
    parsed = Quarter.parse(quarter)
    staff = is_community_staff(user)
    grids = grid_choices(user=user)
    chosen = None
    if grid:
        chosen = next((g for g in grids if str(g.pk) == grid.strip()), None)
        if chosen is None:
            if not grid.strip().isdigit() or not Grid.objects.filter(pk=grid).exists():
                raise RosterInputError(
                    _("There is no grid “%(grid)s”.") % {"grid": grid[:20]}
                )
            raise PermissionError
    elif not staff:
        if not grids:
            raise PermissionError
        chosen = grids[0]
    return RosterScope(quarter=parsed, grid=chosen, grids=grids)


def _people(scope: RosterScope) -> QuerySet:
    """Both kinds of elders as one ``UNION ALL`` of the same columns."""
    born_by = scope.quarter.born_by
    users = User.objects.filter(is_active=True, birth_year__lte=born_by).annotate(
        kind=Value(USER, output_field=CharField()),
        grid_ref=Coalesce(
            F("building__grid_id"), F("household_member__household__building__grid_id")
        ),
        grid_number=Coalesce(
            F("building__grid__number"),
            F("household_member__household__building__grid__number"),
        ),
        grid_theme=Coalesce(
            F("building__grid__theme"),
            F("household_member__household__building__grid__theme"),
        ),
        building_number=Coalesce(
            F("building__number"),
            F("household_member__household__building__number"),
        ),
        room=Coalesce(F("household_member__household__room"), Value("")),
    )
    members = HouseholdMember.objects.filter(
        user__isnull=True, birth_year__lte=born_by
    ).annotate(
        kind=Value(MEMBER, output_field=CharField()),
        grid_ref=F("household__building__grid_id"),
        grid_number=F("household__building__grid__number"),
        grid_theme=F("household__building__grid__theme"),
        building_number=F("household__building__number"),
        room=F("household__room"),
    )
    if scope.grid is not None:
        users = users.filter(grid_ref=scope.grid.pk)
        members = members.filter(grid_ref=scope.grid.pk)
    columns = [
        "kind",
        "pk",
        "name",
        "birth_year",
        "birth_month",
        "grid_number",
        "grid_theme",
        "building_number",
        "room",
    ]
    return (
        # No ordering inside the parts of a UNION (SQLite refuses it; the models'
        # default orderings would add one): the whole is ordered below.
        users.order_by()
        .values_list(*columns)
        .union(members.order_by().values_list(*columns), all=True)
        .order_by(
            F("grid_number").asc(nulls_last=True),
            F("building_number").asc(nulls_last=True),
            "room",
            "birth_year",
            "name",
            "kind",
            "pk",
        )
    )


def _row(values: tuple, quarter: Quarter) -> ElderRow:
    kind, pk, name, year, month, grid_number, theme, building, room = values
    return ElderRow(
        key=f"{kind}-{pk}",
        kind=kind,
        pk=pk,
        name=name,
        birth_year=year,
        birth_month=month,
        grid_number=grid_number,
        grid_theme=theme or "",
        building_number=building,
        room=room or "",
        age=quarter.year - year,
        birthday_in_quarter=None if month is None else month in quarter.months,
    )


def banquet_of(quarter: Quarter) -> Activity | None:
    """The quarter's 悦寿宴: the first activity of the quarter whose title says so
    (not cancelled, not a draft)."""
    return (
        Activity.objects.filter(
            title__contains=BANQUET_TITLE,
            starts_at__gte=quarter.start,
            starts_at__lt=quarter.end,
        )
        .exclude(status__in=[Activity.Status.CANCELLED, Activity.Status.DRAFT])
        .order_by("starts_at", "pk")
        .first()
    )


def _attach_registrations(rows: list[ElderRow], activity: Activity | None) -> None:
    """Each row's active registration at ``activity`` (one query for the page)."""
    if activity is None or not rows:
        return
    user_ids = [row.pk for row in rows if row.kind == USER]
    member_ids = [row.pk for row in rows if row.kind == MEMBER]
    by_key = {}
    for registration in (
        Registration.objects.active()
        .filter(activity_id=activity.pk)
        .filter(
            Q(member__isnull=True, user_id__in=user_ids)
            | Q(member_id__in=member_ids)
            | Q(member__user_id__in=user_ids)
        )
        .select_related("member")
    ):
        if registration.member_id is None:
            by_key[f"{USER}-{registration.user_id}"] = registration
        else:
            by_key[f"{MEMBER}-{registration.member_id}"] = registration
            if registration.member.user_id:
                by_key[f"{USER}-{registration.member.user_id}"] = registration
    for row in rows:
        row.registration = by_key.get(row.key)


@dataclass(frozen=True)
class Roster:
    scope: RosterScope
    banquet: Activity | None
    page: Page  # of ElderRow

    @property
    def sign_up_open(self) -> bool:
        """Whether the 悦寿宴 still takes sign-ups (the service checks again)."""
        return (
            self.banquet is not None
            and self.banquet.status == Activity.Status.PUBLISHED
            and timezone.now() < self.banquet.registration_deadline
        )


def elder_roster(*, scope: RosterScope, page: object = 1, per_page=PER_PAGE) -> Roster:
    rows = paginate(_people(scope), page=page, per_page=per_page)
    rows.object_list = [_row(values, scope.quarter) for values in rows.object_list]
    banquet = banquet_of(scope.quarter)
    _attach_registrations(rows.object_list, banquet)
    return Roster(scope=scope, banquet=banquet, page=rows)


def elder_roster_rows(*, scope: RosterScope):
    """Every row of the roster, for the CSV export (read in chunks of a page)."""
    banquet = banquet_of(scope.quarter)
    people = _people(scope)
    start = 0
    while True:
        chunk = [_row(values, scope.quarter) for values in people[start : start + 500]]
        _attach_registrations(chunk, banquet)
        yield from chunk
        if len(chunk) < 500:
            return
        start += 500


def elder_keys_in_scope(*, scope: RosterScope, keys: list[str]) -> set[str]:
    """Which of ``keys`` (``u-12``, ``m-5``) are on this roster."""
    return {f"{kind}-{pk}" for kind, pk, *_rest in _people(scope)} & set(keys)


def parse_key(key: str) -> tuple[str, int] | None:
    kind, _sep, pk = key.partition("-")
    if kind in (USER, MEMBER) and pk.isdigit():
        return kind, int(pk)
    return None
