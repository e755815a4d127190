"""Step 1: venues, spaces, grids, buildings and teams (the database's own, else
load_demo's, else a basic fallback)."""

from __future__ import annotations

import io
from typing import Any, TextIO

from django.core.management import call_command, get_commands, load_command_class

from activities.models import Campaign
from grids.models import Building, Grid
from venues.models import Alliance, Space, Venue
from volunteers.models import Team

from .base import SLUG_PREFIX, STRUCTURE_MARK, Context, staff_user_id

# Fallback structure, used only when neither the database nor load_demo provides it.
FALLBACK_VENUES = [
    (
        "“悦立方”文化家园",
        "culture_home",
        ["悦荟区", "悦丰馆", "博悦舍", "悦享堂", "悦珍阁", "悦健室"],
    ),
    ("说事长廊", "talk_corridor", ["说事长廊议事区"]),
    ("文化网格", "culture_grids", ["网格活动点"]),
]
FALLBACK_THEMES = [
    "悦廉",
    "悦家",
    "悦善",
    "悦居",
    "悦邻",
    "悦才",
    "悦享",
    "悦孝",
    "悦为",
]
FALLBACK_TEAMS = [
    ("我们的节日", "traditional_culture"),
    ("传统文化志愿队", "traditional_culture"),
    ("幸福邻里“家”年华", "modern_ideas"),
    ("科普宣传队", "modern_ideas"),
    ("健康讲座团", "modern_ideas"),
    ("XXX书画工作室", "talent_studio"),
    ("XXX乒乓工作室", "talent_studio"),
    ("社区甬剧团", "talent_studio"),
    ("“悦公益”志愿联盟", "volunteering"),
    ("清爽行动队", "volunteering"),
    ("便民服务队", "volunteering"),
    ("荧火光亲子阅读团", "volunteering"),
]
BUILDING_COUNT = 26


def _structure_missing() -> list[str]:

    checks = {"spaces": Space, "grids": Grid, "buildings": Building, "teams": Team}
    return [name for name, model in checks.items() if not model.objects.exists()]


def _load_demo(out: TextIO) -> str:
    app_name = get_commands().get("load_demo")
    if app_name is None:
        return "load_demo not available"
    command = load_command_class(app_name, "load_demo")
    parser = command.create_parser("manage.py", "load_demo")
    # Its account table and hints are for people; keep only its summary line.
    log = io.StringIO()
    options: dict[str, Any] = {"stdout": log}
    if "force" in {action.dest for action in parser._actions}:
        options["force"] = True
    call_command(command, **options)
    summary = [line for line in log.getvalue().splitlines() if "loaded" in line]
    return f"ran load_demo ({summary[-1].strip()})" if summary else "ran load_demo"


def _create_fallback_structure(missing: list[str]) -> None:

    if "spaces" in missing:
        for position, (name, kind, spaces) in enumerate(FALLBACK_VENUES, start=1):
            venue, _created = Venue.objects.get_or_create(
                name=name,
                defaults={
                    "slug": f"{SLUG_PREFIX}venue-{position}",
                    "kind": kind,
                    "summary": name,
                    "description": STRUCTURE_MARK,
                    "position": position,
                },
            )
            Space.objects.bulk_create(
                [
                    Space(venue=venue, name=space, purpose=space, position=index)
                    for index, space in enumerate(spaces)
                ]
            )
    if "grids" in missing:
        Grid.objects.bulk_create(
            [
                Grid(
                    number=number,
                    theme=theme,
                    theme_meaning=theme,
                    slogan=f"{theme}文化，你我同行",
                    stairwell=f"{theme}楼道",
                    description=STRUCTURE_MARK,
                )
                for number, theme in enumerate(FALLBACK_THEMES, start=1)
            ]
        )
    if "buildings" in missing:
        grids = list(Grid.objects.order_by("number").values_list("id", flat=True))
        Building.objects.bulk_create(
            [
                # 26 buildings over 9 grids: 2 to 4 each, in order.
                Building(number=number, grid_id=grids[(number - 1) * len(grids) // 26])
                for number in range(1, BUILDING_COUNT + 1)
            ]
        )
    if "teams" in missing:
        Team.objects.bulk_create(
            [
                Team(
                    name=name,
                    slug=f"{SLUG_PREFIX}team-{position}",
                    strand=strand,
                    summary=name,
                    description=STRUCTURE_MARK,
                    position=position,
                )
                for position, (name, strand) in enumerate(FALLBACK_TEAMS, start=1)
            ]
        )


def step_structure(ctx: Context) -> str:
    """Venues, spaces, grids, buildings, teams: the database's own, else load_demo's,
    else a basic fallback."""
    how = "existing"
    missing = _structure_missing()
    if missing:
        how = _load_demo(ctx.out)
        missing = _structure_missing()
        if missing:
            _create_fallback_structure(missing)
            how += f"; created fallback {', '.join(missing)}"
    ctx.spaces = list(Space.objects.values_list("id", "venue_id"))
    ctx.venue_ids = list(Venue.objects.values_list("id", flat=True))
    ctx.grid_ids = list(Grid.objects.values_list("id", flat=True))
    ctx.buildings = list(Building.objects.values_list("id", "grid_id"))
    ctx.building_ids = [building for building, _grid in ctx.buildings]
    ctx.teams = list(Team.objects.values_list("id", "strand"))
    ctx.alliance_ids = list(Alliance.objects.values_list("id", flat=True))
    ctx.campaign_ids = list(Campaign.objects.values_list("id", flat=True))
    ctx.staff_id = staff_user_id()
    return (
        f"{how}: {len(ctx.venue_ids)} venues, {len(ctx.spaces)} spaces, "
        f"{len(ctx.grid_ids)} grids, {len(ctx.building_ids)} buildings, "
        f"{len(ctx.teams)} teams, {len(ctx.campaign_ids)} campaigns"
    )
