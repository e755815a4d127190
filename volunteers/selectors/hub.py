"""Reads of the 悦公益 hub: the seasons, the teams, who needs volunteers, the
leaderboards."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, Sum
from django.utils import timezone

from community_portal import versioned_cache
from community_portal.masking import mask_name

from ..models import (
    HoursEntry,
    SeasonalService,
    Strand,
    Team,
    Volunteer,
    VolunteerRole,
)
from .common import activity_manager, published_status

LEADERBOARD_SIZE = 20
HUB_LEADERBOARD_SIZE = 5
NEEDING_VOLUNTEERS_LIMIT = 6
SEASON_CARD_ACTIVITIES = 3


@dataclass(frozen=True)
class BoardRow:
    rank: int
    name: str
    hours: Decimal
    url: str = ""


@dataclass(frozen=True)
class SeasonCard:
    service: SeasonalService
    activities: list  # of activities.Activity


@dataclass(frozen=True)
class HubPage:
    seasons: list[SeasonCard]
    teams: list[Team]
    needing: list
    volunteers_this_year: list[BoardRow]
    teams_this_year: list[BoardRow]
    me: "Volunteer | None"
    year: int


def _year_filter(year: int | None) -> Q:
    if year is None:
        return Q()
    return Q(
        served_on__gte=datetime.date(year, 1, 1),
        served_on__lt=datetime.date(year + 1, 1, 1),
    )


# The leaderboards' sums of verified hours are kept in the shared cache under this
# name's version, which every saved or deleted hours entry changes, and a deleted team
# (its entries lose their team through ``update()``) (``VolunteersConfig.ready``).
# Only the ids and sums are kept: names and addresses are read afresh.
HOURS_CACHE = "volunteers:hours"


def _totals_compute(*, by: str, year: int | None, limit: int):
    def compute() -> list[dict]:
        entries = HoursEntry.objects.verified().filter(_year_filter(year))
        if by == "team_id":
            entries = entries.filter(team__isnull=False)
        return list(
            entries.values(by)
            .annotate(total=Sum("hours"))
            .order_by("-total", by)[:limit]
        )

    return compute


def _top_totals_many(
    boards: list[tuple[str, int | None]], *, limit: int
) -> list[list[dict]]:
    """The top sums of each ``(by, year)`` board: cached, all read in one trip."""
    keys = [f"top:{by}:{year}:{limit}" for by, year in boards]
    values = versioned_cache.cached_many(
        HOURS_CACHE,
        {
            key: _totals_compute(by=by, year=year, limit=limit)
            for key, (by, year) in zip(keys, boards, strict=True)
        },
    )
    return [values[key] for key in keys]


def _volunteer_rows(totals: list[dict], names: dict[int, str]) -> list[BoardRow]:
    return [
        BoardRow(
            rank=rank,
            name=mask_name(names.get(row["volunteer_id"], "")),
            hours=row["total"],
        )
        for rank, row in enumerate(totals, start=1)
    ]


def _team_rows(totals: list[dict], teams: dict[int, Team]) -> list[BoardRow]:
    rows = []
    for rank, row in enumerate(totals, start=1):
        team = teams.get(row["team_id"])
        if team is not None:
            rows.append(
                BoardRow(
                    rank=rank,
                    name=team.name,
                    hours=row["total"],
                    url=team.get_absolute_url(),
                )
            )
    return rows


def _volunteer_names(*totals: list[dict]) -> dict[int, str]:
    ids = {row["volunteer_id"] for board in totals for row in board}
    return dict(Volunteer.objects.filter(pk__in=ids).values_list("pk", "user__name"))


def _boards(
    boards: list[tuple[str, int | None]], *, limit: int
) -> list[list[BoardRow]]:
    """The rows of each ``(by, year)`` board (``by``: ``"volunteer_id"`` or
    ``"team_id"``): the cached sums in one trip to the cache, then one query for
    the volunteers' names and one for the teams, whatever the number of boards."""
    totals = _top_totals_many(boards, limit=limit)
    of_volunteers = [
        t for (by, _y), t in zip(boards, totals, strict=True) if by == "volunteer_id"
    ]
    of_teams = [
        t for (by, _y), t in zip(boards, totals, strict=True) if by == "team_id"
    ]
    names = _volunteer_names(*of_volunteers) if of_volunteers else {}
    teams = (
        Team.objects.in_bulk({row["team_id"] for board in of_teams for row in board})
        if of_teams
        else {}
    )
    return [
        _volunteer_rows(board, names)
        if by == "volunteer_id"
        else _team_rows(board, teams)
        for (by, _year), board in zip(boards, totals, strict=True)
    ]


def leaderboard_volunteers(
    *, year: int | None, limit: int = LEADERBOARD_SIZE
) -> list[BoardRow]:
    """Approved volunteers by verified hours (this ``year`` or, with ``None``, all
    time), masked names. Two queries whatever the number of entries (one once the
    sums are cached): the sum runs in the database on the leaderboard index."""
    [rows] = _boards([("volunteer_id", year)], limit=limit)
    return rows


def leaderboard_teams(
    *, year: int | None, limit: int = LEADERBOARD_SIZE
) -> list[BoardRow]:
    """Teams by the verified hours served at their activities."""
    [rows] = _boards([("team_id", year)], limit=limit)
    return rows


@dataclass(frozen=True)
class Leaderboard:
    volunteers_year: list[BoardRow]
    volunteers_all: list[BoardRow]
    teams_year: list[BoardRow]
    teams_all: list[BoardRow]


def leaderboard_page(*, year: int, limit: int = LEADERBOARD_SIZE) -> Leaderboard:
    """The leaderboard page's four boards (volunteers and teams, this ``year`` and
    all time) in two queries and one trip to the cache once the sums are cached."""
    return Leaderboard(
        *_boards(
            [
                ("volunteer_id", year),
                ("volunteer_id", None),
                ("team_id", year),
                ("team_id", None),
            ],
            limit=limit,
        )
    )


# The season cards' activities are kept in the shared cache under this name's
# version, which every saved or deleted activity and seasonal service changes
# (``VolunteersConfig.ready``; activities are only ever written through ``save()``).
SEASONS_CACHE = "volunteers:seasons"


def _season_activities(services: list[SeasonalService]) -> dict[int, list]:
    """Up to ``SEASON_CARD_ACTIVITIES`` published activities from this year on whose
    titles carry each service's keyword: one query per seasonal service (a handful
    of configured rows), so a busy keyword never crowds out the others; kept until
    an activity or a seasonal service is written."""
    year = timezone.localdate().year
    start = datetime.datetime(year, 1, 1, tzinfo=timezone.get_default_timezone())

    def compute() -> dict[int, list]:
        found: dict[int, list] = {}
        for service in services:
            if not service.activity_keyword:
                found[service.pk] = []
                continue
            found[service.pk] = list(
                activity_manager()
                .published()
                .filter(title__contains=service.activity_keyword, starts_at__gte=start)
                .order_by("starts_at", "id")[:SEASON_CARD_ACTIVITIES]
            )
        return found

    key = f"{year}:" + ",".join(str(service.pk) for service in services)
    return versioned_cache.cached(SEASONS_CACHE, key, compute)


def activities_needing_volunteers(*, limit: int = NEEDING_VOLUNTEERS_LIMIT) -> list:
    """Coming published activities that ask for volunteers, soonest first (the
    hub's preview, which names each and its start; the activity list has them
    all)."""
    # EXISTS rather than a join and DISTINCT over every column (planned in 2 ms),
    # and only the columns the preview shows.
    return list(
        activity_manager()
        .filter(
            Exists(VolunteerRole.objects.filter(activity=OuterRef("pk"))),
            status=published_status(),
        )
        .upcoming()
        .only("title", "starts_at")[:limit]
    )


def volunteer_hub(*, user) -> HubPage:
    services = list(SeasonalService.objects.all())
    found = _season_activities(services)
    year = timezone.localdate().year
    me = None
    if user.is_authenticated:
        me = Volunteer.objects.filter(user_id=user.pk).first()
    volunteers_this_year, teams_this_year = _boards(
        [("volunteer_id", year), ("team_id", year)], limit=HUB_LEADERBOARD_SIZE
    )
    return HubPage(
        seasons=[SeasonCard(service=s, activities=found[s.pk]) for s in services],
        teams=list(
            Team.objects.active().filter(strand=Strand.VOLUNTEERING).with_related()
        ),
        needing=activities_needing_volunteers(),
        volunteers_this_year=volunteers_this_year,
        teams_this_year=teams_this_year,
        me=me,
        year=year,
    )
