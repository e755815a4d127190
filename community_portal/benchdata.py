"""The benchmark data generator: a large community, written fast with ``bulk_create``.

``manage.py bench_generate`` runs :data:`STEPS` in order. Each step owns one kind of
row (with the rows that hang off it) and reports one line, so a new model only needs
a new step here. Generated rows are marked (username prefix,
title prefix, a description marker on fallback structure) so :func:`bench_reset` can
remove them again. The whole thing is for benchmark databases only, never production.
"""

from __future__ import annotations

import datetime
import io
import random
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
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
    "volunteers": 2_000,
    "volunteer_hours": 20_000,
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
    buildings: list[tuple[int, int]] = field(default_factory=list)  # (building, grid)
    teams: list[tuple[int, str]] = field(default_factory=list)  # (team, strand)
    alliance_ids: list[int] = field(default_factory=list)
    campaign_ids: list[int] = field(default_factory=list)
    user_ids: list[int] = field(default_factory=list)
    grid_workers: dict[int, int] = field(default_factory=dict)  # grid -> user
    # A member of staff, for who handled matters, issues and hours (None: nobody).
    staff_id: int | None = None
    # (id, capacity, starts_at, ends_at) of the activities made in this run.
    activities: list[tuple[int, int | None, datetime.datetime, datetime.datetime]] = (
        field(default_factory=list)
    )
    activity_teams: dict[int, int | None] = field(default_factory=dict)


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
    ctx.buildings = list(Building.objects.values_list("id", "grid_id"))
    ctx.building_ids = [building for building, _grid in ctx.buildings]
    ctx.teams = list(Team.objects.values_list("id", "strand"))
    ctx.alliance_ids = list(Alliance.objects.values_list("id", flat=True))
    ctx.campaign_ids = list(Campaign.objects.values_list("id", flat=True))
    ctx.staff_id = _staff_user_id()
    return (
        f"{how}: {len(ctx.venue_ids)} venues, {len(ctx.spaces)} spaces, "
        f"{len(ctx.grid_ids)} grids, {len(ctx.building_ids)} buildings, "
        f"{len(ctx.teams)} teams, {len(ctx.campaign_ids)} campaigns"
    )


def step_residents(ctx: Context) -> str:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from community_portal.permissions import Role
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
    ctx.grid_workers = dict(workers)
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
    ctx.activity_teams = {a.pk: a.team_id for a in created}

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


# --- grid work, matters, volunteers, records --------------------------------------


@contextmanager
def _keeping_timestamps(*model_classes: type[models.Model]) -> Iterator[None]:
    """Let ``bulk_create`` keep the ``created_at``/``updated_at`` a step sets.

    ``auto_now_add`` would stamp every generated row with this very second, and a
    year of logs, matters and hours would all look new to the pages that sort and
    count by them. Only for this process, and only inside the block."""
    saved = []
    for model in model_classes:
        for f in model._meta.concrete_fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                saved.append((f, f.auto_now, f.auto_now_add))
                f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _staff_user_id() -> int | None:
    """Someone to have handled matters, issues and hours: a member of staff if the
    database has one (load_demo makes one), else a superuser, else nobody."""
    from django.contrib.auth import get_user_model

    from community_portal.permissions import Role

    User = get_user_model()
    staff = User.objects.filter(groups__name=Role.STAFF).order_by("pk").first()
    staff = staff or User.objects.filter(is_superuser=True).order_by("pk").first()
    return staff.pk if staff else None


def _named_ids(model: type[models.Model], names: list[str]) -> list[int]:
    """The active rows of a staff-edited list (topics, categories); the plan's
    names when the list is empty."""
    ids = list(model.objects.filter(is_active=True).values_list("id", flat=True))
    if not ids:
        for position, name in enumerate(names, start=1):
            model.objects.get_or_create(name=name, defaults={"position": position})
        ids = list(model.objects.filter(is_active=True).values_list("id", flat=True))
    return ids


def _past_moment(ctx: Context, *, days: int = 365) -> datetime.datetime:
    """A working-hours moment within the last ``days`` days (never in the future)."""
    date = timezone.localdate(ctx.now) - datetime.timedelta(
        days=ctx.rng.randrange(days)
    )
    moment = timezone.make_aware(
        datetime.datetime.combine(
            date, datetime.time(ctx.rng.randint(8, 18), ctx.rng.randrange(60))
        )
    )
    return min(moment, ctx.now)


def _later(
    ctx: Context, moment: datetime.datetime, *, low: float, high: float
) -> datetime.datetime:
    """``moment`` plus ``low`` to ``high`` hours, but not after now."""
    return min(
        moment + datetime.timedelta(hours=ctx.rng.uniform(low, high)),
        ctx.now,
    )


VISIT_NOTES = [
    "走访独居老人，身体状况良好，提醒注意用电用气安全。",
    "了解家庭近况，住户反映楼道灯不亮，已记录上报。",
    "邻里之间因噪音有矛盾，上门听取双方意见并调解。",
    "宣传垃圾分类知识，住户表示支持并领取了分类指南。",
    "老人腿脚不便，希望有志愿者帮忙买菜，已对接悦公益。",
    "住户建议楼下增加休闲座椅，已转达议事会。",
]
ISSUE_TEXTS = [
    "楼道堆放杂物，存在消防隐患。",
    "垃圾桶满溢，周边有异味。",
    "单元门门禁损坏，外来人员随意进出。",
    "路灯不亮，夜间出行不便。",
    "邻里因停车位发生争执。",
    "绿化带积水，滋生蚊虫。",
]
RESOLUTIONS = [
    "已联系物业清理完毕。",
    "已报修，维修人员当天处理。",
    "已上门调解，双方达成一致。",
]
SORTING_NOTES = ["", "", "", "厨余垃圾混投较多", "宣传后明显改善"]
DEFAULT_VISIT_TOPICS = ["养老关爱", "家庭矛盾", "安全", "环境", "意见建议", "其他"]
DEFAULT_ISSUE_CATEGORIES = ["安全隐患", "环境卫生", "矛盾纠纷", "垃圾分类", "其他"]
# Of every 20 grid log entries: 10 visits, 3 issue reports, 7 sorting checks.
GRID_LOG_MIX = (10, 3, 7)


def step_grid_logs(ctx: Context) -> str:
    """Visit logs, issue reports and sorting checks over the past 12 months, each by
    the grid worker of its building's grid."""
    from grids.models import (
        IssueCategory,
        IssueReport,
        SortingCheck,
        VisitLog,
        VisitTopic,
    )

    places = [
        (building, grid, ctx.grid_workers[grid])
        for building, grid in ctx.buildings
        if grid in ctx.grid_workers
    ]
    if not places:
        return "skipped: no grid has both buildings and a grid worker"
    rng = ctx.rng
    total = target("grid_logs", scale=ctx.scale)
    visits = total * GRID_LOG_MIX[0] // sum(GRID_LOG_MIX)
    issues = total * GRID_LOG_MIX[1] // sum(GRID_LOG_MIX)
    checks = total - visits - issues
    topics = _named_ids(VisitTopic, DEFAULT_VISIT_TOPICS)
    categories = _named_ids(IssueCategory, DEFAULT_ISSUE_CATEGORIES)

    def where() -> dict[str, Any]:
        building, grid, worker = rng.choice(places)
        return {"building_id": building, "grid_id": grid, "author_id": worker}

    with _keeping_timestamps(VisitLog, IssueReport, SortingCheck):
        rows: list = []
        for _ in range(visits):
            at = _past_moment(ctx)
            rows.append(
                VisitLog(
                    **where(),
                    submission_key=uuid.UUID(int=rng.getrandbits(128), version=4),
                    visited_on=timezone.localdate(at),
                    unit=f"{rng.randint(1, 6)}-{rng.randint(1, 18)}0{rng.randint(1, 4)}",
                    topic_id=rng.choice(topics),
                    notes=rng.choice(VISIT_NOTES),
                    created_at=at,
                    updated_at=at,
                )
            )
            if len(rows) >= BATCH_SIZE:
                _flush(VisitLog, rows)
        _flush(VisitLog, rows)

        statuses = {status: 0 for status in IssueReport.Status.values}
        for _ in range(issues):
            at = _past_moment(ctx)
            report = IssueReport(
                **where(),
                submission_key=uuid.UUID(int=rng.getrandbits(128), version=4),
                category_id=rng.choice(categories),
                urgency=rng.choice(("low", "normal", "normal", "normal", "urgent")),
                description=rng.choice(ISSUE_TEXTS),
                created_at=at,
                updated_at=at,
            )
            # Older reports are mostly resolved; recent ones are still being handled.
            resolved, assigned = (
                (0.9, 0.07) if (ctx.now - at).days > 30 else (0.3, 0.35)
            )
            chance = rng.random()
            if chance < resolved + assigned:
                report.status = IssueReport.Status.ASSIGNED
                report.assignee_id = ctx.staff_id
                report.assigned_at = _later(ctx, at, low=1, high=48)
                if chance < resolved:
                    report.status = IssueReport.Status.RESOLVED
                    report.resolved_at = _later(
                        ctx, report.assigned_at, low=2, high=240
                    )
                    report.resolution = rng.choice(RESOLUTIONS)
                report.updated_at = report.resolved_at or report.assigned_at
            statuses[report.status] += 1
            rows.append(report)
            if len(rows) >= BATCH_SIZE:
                _flush(IssueReport, rows)
        _flush(IssueReport, rows)

        for _ in range(checks):
            at = _past_moment(ctx)
            checked = rng.randint(8, 60)
            # Participation creeps up over the year, as the campaign intends.
            base = 0.85 - 0.2 * (ctx.now - at).days / 365
            correct = round(checked * min(1.0, max(0.0, rng.gauss(base, 0.08))))
            aware = round(checked * min(1.0, max(0.0, rng.gauss(base + 0.08, 0.06))))
            rows.append(
                SortingCheck(
                    **where(),
                    submission_key=uuid.UUID(int=rng.getrandbits(128), version=4),
                    checked_on=timezone.localdate(at),
                    households_checked=checked,
                    households_correct=correct,
                    households_aware=aware,
                    notes=rng.choice(SORTING_NOTES),
                    created_at=at,
                    updated_at=at,
                )
            )
            if len(rows) >= BATCH_SIZE:
                _flush(SortingCheck, rows)
        _flush(SortingCheck, rows)
    return (
        f"{visits + issues + checks} grid log entries: {visits} visit logs, "
        f"{issues} issue reports ({statuses['open']} open, "
        f"{statuses['assigned']} assigned, {statuses['resolved']} resolved), "
        f"{checks} sorting checks, by {len(set(w for _b, _g, w in places))} grid "
        "workers"
    )


MATTER_KINDS = [
    ("楼下停车太乱，希望划线管理", "parking"),
    ("小区健身器材损坏", "facilities"),
    ("垃圾分类投放点离家太远", "environment"),
    ("楼道灯坏了很久没人修", "facilities"),
    ("希望增加老年人活动场地", "suggestion"),
    ("电动车在楼道充电有安全隐患", "safety"),
    ("楼上漏水影响我家", "neighbours"),
    ("物业报修响应太慢", "property"),
    ("绿化带被占用种菜", "environment"),
    ("广场舞音量太大", "neighbours"),
    ("建议开设暑期少儿托管班", "suggestion"),
    ("快递柜不够用", "other"),
]
MATTER_REPLIES = [
    "已收到，社区将于本周内上门查看。",
    "已转物业处理，请耐心等候。",
    "已列入下月说事议事会议程。",
]
MATTER_RESOLUTIONS = [
    "已处理完毕，感谢居民的监督。",
    "经议事会协商，已形成解决方案并落实。",
    "已联系相关部门整改到位。",
]
HIDDEN_REASON = "含他人隐私信息，已隐藏"
# (open, accepted, in progress) chances; the rest are resolved.
MATTER_STATUS_MIX = {"recent": (0.35, 0.25, 0.2), "older": (0.05, 0.1, 0.1)}


def _matter_plan(ctx: Context, raised: datetime.datetime) -> list[tuple[str, int]]:
    """The timeline a matter went through: (event kind, hours after it was raised),
    ending in its status."""
    rng = ctx.rng
    still_open, accepted, in_progress = MATTER_STATUS_MIX[
        "recent" if (ctx.now - raised).days <= 60 else "older"
    ]
    chance = rng.random()
    plan = [("raised", 0)]
    if chance < still_open:
        return plan
    hours = rng.randint(2, 72)
    plan += [("accepted", hours), ("reply", hours)]
    if chance < still_open + accepted:
        return plan
    hours += rng.randint(24, 24 * 7)
    plan.append(("in_progress", hours))
    if chance < still_open + accepted + in_progress:
        return plan
    plan.append(("resolved", hours + rng.randint(24, 24 * 21)))
    return plan


def step_matters(ctx: Context) -> str:
    """Matters raised by residents over the past year, a few seconded widely, with
    the public timeline that led to each status."""
    from venues.models import Matter, MatterEvent, MatterSecond

    if not ctx.user_ids:
        return "skipped: no residents made in this run"
    rng = ctx.rng
    count = target("matters", scale=ctx.scale)
    status_after = {
        "raised": "open",
        "accepted": "accepted",
        "in_progress": "in_progress",
        "resolved": "resolved",
    }
    statuses = {status: 0 for status in Matter.Status.values}
    seconds_made = events_made = hidden = 0
    with _keeping_timestamps(Matter, MatterEvent, MatterSecond):
        for start in range(0, count, BATCH_SIZE):
            matters, plans = [], []
            for _ in range(start, min(count, start + BATCH_SIZE)):
                title, category = rng.choice(MATTER_KINDS)
                raised = _past_moment(ctx)
                plan = [
                    (kind, min(raised + datetime.timedelta(hours=h), ctx.now))
                    for kind, h in _matter_plan(ctx, raised)
                ]
                # Most matters gather a handful of seconds; a few gather many.
                wanted = min(
                    len(ctx.user_ids) - 1, int(rng.paretovariate(1.4)) - 1, 300
                )
                author = rng.choice(ctx.user_ids)
                seconders = [
                    u for u in rng.sample(ctx.user_ids, wanted + 1) if u != author
                ][:wanted]
                last_kind, last_at = plan[-1]
                matter = Matter(
                    title=f"{TITLE_PREFIX}{title}",
                    description=f"{title}，希望社区能协调解决。",
                    category=category,
                    building_id=rng.choice(ctx.building_ids)
                    if ctx.building_ids
                    else None,
                    author_id=author,
                    is_anonymous=rng.random() < 0.2,
                    status=status_after.get(last_kind, "accepted"),
                    seconds_count=len(seconders),
                    first_reply_at=plan[1][1] if len(plan) > 1 else None,
                    resolved_at=last_at if last_kind == "resolved" else None,
                    submission_key=uuid.UUID(int=rng.getrandbits(128), version=4),
                    created_at=raised,
                    updated_at=last_at,
                )
                if rng.random() < 0.02:
                    matter.is_hidden, matter.hidden_reason = True, HIDDEN_REASON
                    plan.append(("hidden", _later(ctx, raised, low=1, high=24)))
                    hidden += 1
                statuses[matter.status] += 1
                matters.append(matter)
                plans.append((plan, seconders))
            created = _flush(Matter, matters)

            seconds, events = [], []
            for matter, (plan, seconders) in zip(created, plans, strict=True):
                for user_id in seconders:
                    at = _later(ctx, matter.created_at, low=0.1, high=24 * 30)
                    seconds.append(
                        MatterSecond(
                            matter_id=matter.pk, user_id=user_id, created_at=at
                        )
                    )
                for kind, at in plan:
                    text = ""
                    if kind == "reply":
                        text = rng.choice(MATTER_REPLIES)
                    elif kind == "resolved":
                        text = rng.choice(MATTER_RESOLUTIONS)
                    elif kind == "hidden":
                        text = HIDDEN_REASON
                    events.append(
                        MatterEvent(
                            matter_id=matter.pk,
                            kind=kind,
                            text=text,
                            by_user_id=matter.author_id
                            if kind == "raised"
                            else ctx.staff_id,
                            created_at=at,
                        )
                    )
            seconds_made += len(seconds)
            events_made += len(events)
            _flush(MatterSecond, seconds)
            _flush(MatterEvent, events)
    mix = ", ".join(f"{n} {status}" for status, n in statuses.items())
    return (
        f"{count} matters ({mix}; {hidden} hidden) with {seconds_made} seconds and "
        f"{events_made} timeline events"
    )


VOLUNTEER_NUMBER_PREFIX = "BENCH-"
SERVED_HOURS = [Decimal(h) for h in ("1.0", "1.5", "2.0", "2.0", "2.5", "3.0", "4.0")]


def step_volunteers(ctx: Context) -> str:
    """Approved volunteers and their verified hours at the past activities of this
    run, with the points those hours earned: what the leaderboards add up."""
    from volunteers.models import HoursEntry, PointsEntry, PointsRate, Volunteer

    if not ctx.user_ids:
        return "skipped: no residents made in this run"
    rng = ctx.rng
    wanted = min(target("volunteers", scale=ctx.scale), len(ctx.user_ids))
    user_ids = rng.sample(ctx.user_ids, wanted)
    with _keeping_timestamps(Volunteer, HoursEntry):
        volunteers = []
        for user_id in user_ids:
            applied = _past_moment(ctx, days=3 * 365)
            volunteers.append(
                Volunteer(
                    user_id=user_id,
                    status=Volunteer.Status.APPROVED,
                    number=f"{VOLUNTEER_NUMBER_PREFIX}{user_id:08d}",
                    availability=rng.sample(
                        ["sat-am", "sun-am", "sat-pm", "wed-eve"], 2
                    ),
                    decided_at=_later(ctx, applied, low=2, high=72),
                    decided_by_id=ctx.staff_id,
                    created_at=applied,
                    updated_at=applied,
                )
            )
        volunteer_ids = [v.pk for v in _flush(Volunteer, volunteers)]

        past = [a for a in ctx.activities if a[3] < ctx.now]
        if not past:
            return f"{len(volunteer_ids)} volunteers; no past activity to serve at"
        sizes = _registration_sizes(
            ctx,
            total=target("volunteer_hours", scale=ctx.scale),
            activities=len(past),
            residents=len(volunteer_ids),
        )
        # Some volunteers serve far more than others: the boards need a spread.
        weights = [rng.paretovariate(1.5) for _ in volunteer_ids]
        rows, earned = [], []
        for (activity_id, _capacity, starts_at, ends_at), k in zip(
            past, sizes, strict=True
        ):
            for volunteer_id in _weighted_sample(rng, volunteer_ids, weights, k):
                verified_at = _later(ctx, ends_at, low=2, high=72)
                rows.append(
                    HoursEntry(
                        volunteer_id=volunteer_id,
                        activity_id=activity_id,
                        team_id=ctx.activity_teams.get(activity_id),
                        served_on=timezone.localdate(starts_at),
                        hours=rng.choice(SERVED_HOURS),
                        source=rng.choice(HoursEntry.Source.values),
                        status=HoursEntry.Status.VERIFIED,
                        entered_by_id=ctx.staff_id,
                        verified_at=verified_at,
                        verified_by_id=ctx.staff_id,
                        created_at=ends_at,
                        updated_at=verified_at,
                    )
                )
                if len(rows) >= BATCH_SIZE:
                    earned += _flush(HoursEntry, rows)
        earned += _flush(HoursEntry, rows)

    # The ledger, volunteer by volunteer in the order the hours were verified, so
    # that every line's balance_after is the running sum.
    rates = list(
        PointsRate.objects.order_by("valid_from").values_list(
            "valid_from", "points_per_hour"
        )
    )
    earned.sort(key=lambda e: (e.volunteer_id, e.verified_at, e.pk))
    balances: dict[int, int] = {}
    ledger = []
    for entry in earned:
        rate = next((p for since, p in reversed(rates) if since <= entry.served_on), 0)
        points = int((entry.hours * rate).to_integral_value(rounding=ROUND_HALF_UP))
        if points <= 0:
            continue
        balance = balances[entry.volunteer_id] = (
            balances.get(entry.volunteer_id, 0) + points
        )
        ledger.append(
            PointsEntry(
                volunteer_id=entry.volunteer_id,
                kind=PointsEntry.Kind.EARNED,
                amount=points,
                balance_after=balance,
                hours_entry_id=entry.pk,
                created_at=entry.verified_at,
                created_by_id=ctx.staff_id,
            )
        )
        if len(ledger) >= BATCH_SIZE:
            _flush(PointsEntry, ledger)
    points_made = sum(balances.values())
    _flush(PointsEntry, ledger)
    return (
        f"{len(volunteer_ids)} approved volunteers with {len(earned)} verified hours "
        f"entries ({sum(e.hours for e in earned)} hours, {points_made} points)"
    )


def _weighted_sample(
    rng: random.Random, population: list[int], weights: list[float], k: int
) -> list[int]:
    """``k`` distinct members, the heavier ones more likely (Efraimidis–Spirakis)."""
    if k >= len(population):
        return list(population)
    keys = [rng.random() ** (1 / w) for w in weights]
    ranked = sorted(range(len(population)), key=keys.__getitem__, reverse=True)
    return [population[i] for i in ranked[:k]]


RECORD_SHARE = 0.6


def step_records(ctx: Context) -> str:
    """Published records (纪实) of most past activities: the highlights page."""
    try:
        ActivityRecord = apps.get_model("activities", "ActivityRecord")
    except LookupError:
        return "skipped: model not built yet"
    past = [a for a in ctx.activities if a[3] < ctx.now]
    rng = ctx.rng
    rows = []
    with _keeping_timestamps(ActivityRecord):
        for activity_id, _capacity, _starts_at, ends_at in past:
            if rng.random() >= RECORD_SHARE:
                continue
            published_at = _later(ctx, ends_at, low=2, high=96)
            rows.append(
                ActivityRecord(
                    activity_id=activity_id,
                    summary="活动顺利开展，居民踊跃参与，现场气氛热烈。",
                    is_published=True,
                    published_at=published_at,
                    author_id=ctx.staff_id,
                    created_at=published_at,
                    updated_at=published_at,
                )
            )
        made = len(rows)
        _flush(ActivityRecord, rows)
    return f"{made} published activity records (of {len(past)} past activities)"


STEPS: list[Step] = [
    Step("structure", step_structure),
    Step("residents", step_residents),
    Step("activities", step_activities),
    Step("registrations", step_registrations),
    Step("grid logs", step_grid_logs),
    Step("matters", step_matters),
    Step("volunteers", step_volunteers),
    Step("records", step_records),
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
        # What protects the residents and activities from deletion goes first.
        for label, lookup in (
            ("volunteers.PointsEntry", Q(volunteer__user__in=bench_users)),
            (
                "volunteers.HoursEntry",
                Q(volunteer__user__in=bench_users) | Q(activity__in=bench_activities),
            ),
            ("volunteers.Volunteer", Q(user__in=bench_users)),
            ("activities.ActivityRecord", Q(activity__in=bench_activities)),
            ("grids.VisitLog", Q(author__in=bench_users)),
            ("grids.IssueReport", Q(author__in=bench_users)),
            ("grids.SortingCheck", Q(author__in=bench_users)),
            ("venues.Matter", Q(author__in=bench_users)),
        ):
            try:
                model = apps.get_model(label)
            except LookupError:
                continue
            deleted, _ = model.objects.filter(lookup).delete()
            out.write(f"deleted {deleted} {model._meta.verbose_name_plural} rows\n")
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
