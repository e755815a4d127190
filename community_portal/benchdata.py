"""The benchmark data generator: a large community, written fast with ``bulk_create``.

``manage.py bench_generate`` runs :data:`STEPS` in order. Each step owns one kind of
row and reports one line; a step whose model is not built yet says so and is skipped,
so a new model only needs a new step here. Generated rows are marked (username prefix,
title prefix, a description marker on fallback structure) so :func:`bench_reset` can
remove them again. The whole thing is for benchmark databases only, never production.
"""

from __future__ import annotations

import datetime
import io
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TextIO

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.core.exceptions import FieldDoesNotExist
from django.core.management import call_command, get_commands, load_command_class
from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone

# Sizes at --scale 1.0.
TARGETS = {
    "residents": 20_000,
    "activities": 5_000,
    "registrations": 200_000,
    "grid_logs": 100_000,
    "matters": 20_000,
}
BATCH_SIZE = 5_000

USER_PREFIX = "bench_"
TITLE_PREFIX = "〔压测〕"
# Set on the description of venues, grids and teams that the generator had to create.
STRUCTURE_MARK = "（压测数据）"
SLUG_PREFIX = "bench-"
# One password for every generated resident, hashed once.
RESIDENT_PASSWORD = "bench-resident-password"  # noqa: S105 — benchmark data only

SURNAMES = "张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦傅方邹熊孟秦邱江尹薛阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文辉力宁鑫斌波宇浩凯健俊帆帅旭晨阳佳欣怡梓涵子轩浩然雨萱一诺皓轩思彤梦琪"

# (title, strand, audience): the plan's recurring events, varied by the generator.
ACTIVITY_KINDS = [
    ("我们的节日·春节写春联送福字", "traditional_culture", "everyone"),
    ("我们的节日·元宵猜灯谜", "traditional_culture", "everyone"),
    ("我们的节日·清明网上祭英烈", "traditional_culture", "everyone"),
    ("我们的节日·端午包粽子", "traditional_culture", "parent_child"),
    ("我们的节日·七夕家风故事会", "traditional_culture", "everyone"),
    ("我们的节日·中秋邻里团圆会", "traditional_culture", "everyone"),
    ("我们的节日·重阳敬老宴", "traditional_culture", "elderly"),
    ("幸福邻里“家”年华·科普宣传", "modern_ideas", "everyone"),
    ("幸福邻里“家”年华·健康讲座", "modern_ideas", "elderly"),
    ("幸福邻里“家”年华·惠民服务", "modern_ideas", "everyone"),
    ("舌尖上的XX巧手厨艺大比拼", "modern_ideas", "everyone"),
    ("最美庭院评选", "modern_ideas", "everyone"),
    ("最美家庭评选", "modern_ideas", "everyone"),
    ("书画工作室·“我和我的祖国”书画展", "talent_studio", "everyone"),
    ("书画工作室·少儿书法课", "talent_studio", "children"),
    ("乒乓工作室·“奋斗新时代”友谊赛", "talent_studio", "everyone"),
    ("社区甬剧团排练", "talent_studio", "elderly"),
    ("学雷锋志愿服务", "volunteering", "everyone"),
    ("夏日送清凉关爱", "volunteering", "everyone"),
    ("秋季慰问老年人", "volunteering", "elderly"),
    ("冬季困难群体慰问", "volunteering", "everyone"),
    ("10.28男性健康讲座", "volunteering", "men"),
    ("3.8女性健康讲座", "volunteering", "women"),
    ("老年妇女健康服务", "volunteering", "women"),
    ("悦寿宴（80岁以上老人）", "volunteering", "elderly"),
    ("“爱小丫”公益课", "volunteering", "children"),
    ("荧火光亲子阅读", "volunteering", "parent_child"),
    ("清爽行动", "volunteering", "everyone"),
    ("便民服务日", "volunteering", "everyone"),
    ("假日学校", "volunteering", "children"),
    ("道德讲堂", "volunteering", "everyone"),
    ("健康课堂", "volunteering", "elderly"),
    ("垃圾分类“一个孩子带动一户家庭”", "volunteering", "parent_child"),
]
CAPACITIES = [None, None, 20, 30, 30, 40, 50, 60, 80, 120]

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


def target(name: str, *, scale: float) -> int:
    """How many rows of ``name`` a run at ``scale`` makes (at least one when > 0)."""
    if scale <= 0:
        return 0
    return max(1, round(TARGETS[name] * scale))


@dataclass
class Context:
    """What the steps share: the scale, the random source, and what earlier steps
    loaded or made (ids only, so memory stays small at full scale)."""

    scale: float
    rng: random.Random
    now: datetime.datetime
    out: TextIO
    spaces: list[tuple[int, int]] = field(default_factory=list)  # (space, venue)
    venue_ids: list[int] = field(default_factory=list)
    grid_ids: list[int] = field(default_factory=list)
    building_ids: list[int] = field(default_factory=list)
    teams: list[tuple[int, str]] = field(default_factory=list)  # (team, strand)
    alliance_ids: list[int] = field(default_factory=list)
    campaign_ids: list[int] = field(default_factory=list)
    user_ids: list[int] = field(default_factory=list)
    # (id, capacity, starts_at, ends_at) of the activities made in this run.
    activities: list[tuple[int, int | None, datetime.datetime, datetime.datetime]] = (
        field(default_factory=list)
    )


@dataclass(frozen=True)
class Step:
    name: str
    run: Callable[[Context], str]


def has_field(model: type[models.Model], name: str) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def unfilled_required_fields(model: type[models.Model], filled: set[str]) -> list[str]:
    """Concrete fields a bulk insert would leave empty although the model needs them."""
    missing = []
    for f in model._meta.concrete_fields:
        if (
            f.primary_key
            or f.null
            or f.has_default()
            or getattr(f, "auto_now", False)
            or getattr(f, "auto_now_add", False)
            or f.name in filled
            or f.attname in filled
        ):
            continue
        missing.append(f.name)
    return missing


def find_model(*, app_label: str | None = None, name_contains: str):
    """The first installed model whose class name contains ``name_contains``."""
    for model in apps.get_models():
        if app_label and model._meta.app_label != app_label:
            continue
        if name_contains.lower() in model.__name__.lower():
            return model
    return None


def _flush(model: type[models.Model], rows: list) -> list:
    created = model.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    rows.clear()
    return created


# --- steps ---------------------------------------------------------------------------


def _structure_missing() -> list[str]:
    from grids.models import Building, Grid
    from venues.models import Space
    from volunteers.models import Team

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
    from grids.models import Building, Grid
    from venues.models import Space, Venue
    from volunteers.models import Team

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
    from activities.models import Campaign
    from grids.models import Building, Grid
    from venues.models import Alliance, Space, Venue
    from volunteers.models import Team

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
    ctx.building_ids = list(Building.objects.values_list("id", flat=True))
    ctx.teams = list(Team.objects.values_list("id", "strand"))
    ctx.alliance_ids = list(Alliance.objects.values_list("id", flat=True))
    ctx.campaign_ids = list(Campaign.objects.values_list("id", flat=True))
    return (
        f"{how}: {len(ctx.venue_ids)} venues, {len(ctx.spaces)} spaces, "
        f"{len(ctx.grid_ids)} grids, {len(ctx.building_ids)} buildings, "
        f"{len(ctx.teams)} teams, {len(ctx.campaign_ids)} campaigns"
    )


def step_residents(ctx: Context) -> str:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from community_portal.accounts.roles import Role
    from grids.models import Grid

    User = get_user_model()
    count = target("residents", scale=ctx.scale)
    rng = ctx.rng
    password = make_password(RESIDENT_PASSWORD)  # once: hashing is the slow part
    with_building = has_field(User, "building") and bool(ctx.building_ids)
    offset = User.objects.filter(username__startswith=USER_PREFIX).count()
    rows, created = [], []
    for index in range(offset, offset + count):
        user = User(
            username=f"{USER_PREFIX}{index:06d}",
            name=rng.choice(SURNAMES)
            + "".join(rng.choices(GIVEN, k=rng.choice((1, 2)))),
            phone=f"1{rng.choice('3578')}{rng.randrange(10**9):09d}",
            birth_year=rng.randint(1930, 2012),
            password=password,
            date_joined=ctx.now - datetime.timedelta(days=rng.randrange(3 * 365)),
        )
        if with_building:
            user.building_id = rng.choice(ctx.building_ids)
        rows.append(user)
        if len(rows) >= BATCH_SIZE:
            created += _flush(User, rows)
    created += _flush(User, rows)
    ctx.user_ids = [user.pk for user in created]
    if None in ctx.user_ids:  # a backend that does not return ids from bulk inserts
        ctx.user_ids = list(
            User.objects.filter(username__startswith=USER_PREFIX)
            .order_by("-id")
            .values_list("id", flat=True)[:count]
        )

    # One grid worker per grid, drawn from the new residents.
    workers = list(zip(ctx.grid_ids, ctx.user_ids, strict=False))
    if workers:
        Grid.workers.through.objects.bulk_create(
            [Grid.workers.through(grid_id=g, user_id=u) for g, u in workers]
        )
        group = Group.objects.filter(name=Role.GRID_WORKER).first()
        if group:
            User.groups.through.objects.bulk_create(
                [User.groups.through(group_id=group.pk, user_id=u) for _g, u in workers]
            )
    return f"{len(ctx.user_ids)} residents ({len(workers)} of them grid workers)"


def _activity_start(ctx: Context, index: int, count: int) -> datetime.datetime:
    """Spread evenly over a year centred on today, at a daytime hour."""
    day = -182 + (365 * index) // max(count, 1)
    date = timezone.localdate(ctx.now) + datetime.timedelta(days=day)
    hour = ctx.rng.choice((9, 9, 10, 14, 14, 15, 16, 19))
    return timezone.make_aware(
        datetime.datetime.combine(date, datetime.time(hour, ctx.rng.choice((0, 30))))
    )


def step_activities(ctx: Context) -> str:
    from activities.models import Activity

    count = target("activities", scale=ctx.scale)
    rng = ctx.rng
    teams_by_strand: dict[str, list[int]] = {}
    for team, strand in ctx.teams:
        teams_by_strand.setdefault(strand, []).append(team)
    rows, created = [], []
    for index in range(count):
        title, strand, audience = rng.choice(ACTIVITY_KINDS)
        starts_at = _activity_start(ctx, index, count)
        activity = Activity(
            title=f"{TITLE_PREFIX}{title}（第{index + 1}期）",
            strand=strand,
            audience=audience,
            starts_at=starts_at,
            ends_at=starts_at
            + datetime.timedelta(minutes=rng.choice((60, 90, 120, 180))),
            capacity=rng.choice(CAPACITIES),
            summary=f"{title}，欢迎居民报名参加。",
            description=(
                f"{title}。活动由社区新时代文明实践中心组织，"
                "请提前十分钟到场签到，带好报名手机。"
            ),
            status=Activity.Status.PUBLISHED,
        )
        place = rng.random()
        if place < 0.7 and ctx.spaces:
            activity.space_id, activity.venue_id = rng.choice(ctx.spaces)
        elif place < 0.9 and ctx.grid_ids:
            activity.grid_id = rng.choice(ctx.grid_ids)
            activity.location = "网格楼道"
        elif ctx.venue_ids:
            activity.venue_id = rng.choice(ctx.venue_ids)
        team_pool = teams_by_strand.get(strand) or [team for team, _s in ctx.teams]
        if team_pool and rng.random() < 0.85:
            activity.team_id = rng.choice(team_pool)
        if ctx.alliance_ids and rng.random() < 0.15:
            activity.alliance_id = rng.choice(ctx.alliance_ids)
        rows.append(activity)
        if len(rows) >= BATCH_SIZE:
            created += _flush(Activity, rows)
    created += _flush(Activity, rows)
    ctx.activities = [(a.pk, a.capacity, a.starts_at, a.ends_at) for a in created]

    # Zero to two central-work campaign tags each.
    Link = Activity.campaigns.through
    links, link_count = [], 0
    for activity_id, *_rest in ctx.activities:
        tags = min(len(ctx.campaign_ids), rng.choice((0, 1, 1, 2)))
        for campaign_id in rng.sample(ctx.campaign_ids, k=tags):
            links.append(Link(activity_id=activity_id, campaign_id=campaign_id))
            link_count += 1
            if len(links) >= BATCH_SIZE:
                _flush(Link, links)
    _flush(Link, links)
    return f"{len(ctx.activities)} activities with {link_count} campaign tags"


def _registration_sizes(
    ctx: Context, *, total: int, activities: int, residents: int
) -> list[int]:
    """Sign-ups per activity: around the average (half to one and a half times), at
    most one per resident, adding up to ``total`` whenever the residents allow it."""
    weights = [ctx.rng.uniform(0.5, 1.5) for _ in range(activities)]
    factor = total / sum(weights)
    sizes = [min(residents, int(weight * factor)) for weight in weights]
    short = total - sum(sizes)
    while short > 0:  # hand out the rounding remainder; ends when nobody has room
        handed = 0
        for index, size in enumerate(sizes):
            if short == 0:
                break
            if size < residents:
                sizes[index] += 1
                short -= 1
                handed += 1
        if not handed:
            break
    return sizes


def step_registrations(ctx: Context) -> str:
    try:
        Registration = apps.get_model("activities", "Registration")
    except LookupError:
        return "skipped: model not built yet"
    if Registration._meta.db_table not in connection.introspection.table_names():
        return "skipped: model not migrated yet"
    fields = {"activity", "user", "status"}
    for optional in ("confirmed_at", "waitlisted_at", "checked_in_at"):
        if has_field(Registration, optional):
            fields.add(optional)
    missing = unfilled_required_fields(Registration, fields)
    if missing:
        return (
            "skipped: Registration needs fields the generator does not fill yet: "
            + ", ".join(missing)
        )
    statuses = {
        value for value, _label in Registration._meta.get_field("status").choices
    }
    if not {"confirmed", "waitlisted"} <= statuses:
        return "skipped: Registration has no confirmed/waitlisted status"
    if not ctx.activities or not ctx.user_ids:
        return "skipped: no activities or residents made in this run"

    rng = ctx.rng
    total = target("registrations", scale=ctx.scale)
    sizes = _registration_sizes(
        ctx, total=total, activities=len(ctx.activities), residents=len(ctx.user_ids)
    )
    rows: list = []
    made = confirmed = 0
    for (activity_id, capacity, starts_at, ends_at), k in zip(
        ctx.activities, sizes, strict=True
    ):
        signed_up_at = starts_at - datetime.timedelta(days=rng.randint(1, 14))
        for seat, user_id in enumerate(rng.sample(ctx.user_ids, k)):
            is_confirmed = capacity is None or seat < capacity
            values: dict[str, Any] = {
                "activity_id": activity_id,
                "user_id": user_id,
                "status": "confirmed" if is_confirmed else "waitlisted",
            }
            if is_confirmed and "confirmed_at" in fields:
                values["confirmed_at"] = signed_up_at
            if not is_confirmed and "waitlisted_at" in fields:
                values["waitlisted_at"] = signed_up_at + datetime.timedelta(
                    seconds=seat
                )
            if (
                is_confirmed
                and "checked_in_at" in fields
                and ends_at < ctx.now
                and rng.random() < 0.8
            ):
                values["checked_in_at"] = starts_at + datetime.timedelta(
                    minutes=rng.randint(-10, 15)
                )
            rows.append(Registration(**values))
            confirmed += is_confirmed
            if len(rows) >= BATCH_SIZE:
                _flush(Registration, rows)
        made += k
    _flush(Registration, rows)
    return (
        f"{made} registrations ({confirmed} confirmed, {made - confirmed} waitlisted)"
    )


def _not_built_step(*, app_label: str | None, name_contains: str, what: str):
    def run(ctx: Context) -> str:
        model = find_model(app_label=app_label, name_contains=name_contains)
        if model is None:
            return "skipped: model not built yet"
        return (
            f"skipped: {model._meta.label} exists but has no generator step yet "
            f"({target(what, scale=ctx.scale)} rows wanted): add one in "
            "community_portal/benchdata.py"
        )

    return run


STEPS: list[Step] = [
    Step("structure", step_structure),
    Step("residents", step_residents),
    Step("activities", step_activities),
    Step("registrations", step_registrations),
    Step(
        "grid logs",
        _not_built_step(app_label="grids", name_contains="Log", what="grid_logs"),
    ),
    Step(
        "matters",
        _not_built_step(app_label=None, name_contains="Matter", what="matters"),
    ),
]


def bench_generate(*, scale: float, seed: int = 42, out: TextIO) -> Context:
    """Run every step at ``scale``, one transaction per step, writing one line each."""
    ctx = Context(scale=scale, rng=random.Random(seed), now=timezone.now(), out=out)
    for step in STEPS:
        started = time.monotonic()
        with transaction.atomic():
            summary = step.run(ctx)
        out.write(f"{step.name}: {summary} [{time.monotonic() - started:.1f} s]\n")
    return ctx


def bench_reset(*, out: TextIO) -> None:
    """Delete everything the generator made (marked rows only)."""
    from django.contrib.auth import get_user_model

    from activities.models import Activity
    from grids.models import Building, Grid
    from venues.models import Space, Venue
    from volunteers.models import Team

    User = get_user_model()
    bench_activities = Activity.objects.filter(title__startswith=TITLE_PREFIX)
    bench_users = User.objects.filter(username__startswith=USER_PREFIX)
    with transaction.atomic():
        try:
            Registration = apps.get_model("activities", "Registration")
        except LookupError:
            Registration = None
        if Registration is not None:
            deleted, _ = Registration.objects.filter(
                Q(activity__in=bench_activities) | Q(user__in=bench_users)
            ).delete()
            out.write(f"deleted {deleted} registrations\n")
        deleted, _ = bench_activities.delete()
        out.write(f"deleted {deleted} activity rows (with their campaign tags)\n")
        deleted, _ = bench_users.delete()
        out.write(f"deleted {deleted} resident rows (with their group memberships)\n")
        marked_grids = Grid.objects.filter(description=STRUCTURE_MARK)
        Building.objects.filter(grid__in=marked_grids).delete()
        marked_venues = Venue.objects.filter(description=STRUCTURE_MARK)
        Space.objects.filter(venue__in=marked_venues).delete()
        structure = sum(
            qs.delete()[0]
            for qs in (
                marked_grids,
                marked_venues,
                Team.objects.filter(description=STRUCTURE_MARK),
            )
        )
        out.write(f"deleted {structure} fallback structure rows\n")
