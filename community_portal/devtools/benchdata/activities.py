"""Steps 3, 4 and 8: activities with their campaign tags, registrations, and the
published records of past activities."""

from __future__ import annotations

import datetime
from typing import Any

from django.apps import apps
from django.db import connection
from django.utils import timezone

from activities.models import Activity, recount_seats

from .base import (
    BATCH_SIZE,
    TITLE_PREFIX,
    Context,
    flush,
    has_field,
    keeping_timestamps,
    later,
    target,
    unfilled_required_fields,
)

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


def _activity_start(ctx: Context, index: int, count: int) -> datetime.datetime:
    """Spread evenly over a year centred on today, at a daytime hour."""
    day = -182 + (365 * index) // max(count, 1)
    date = timezone.localdate(ctx.now) + datetime.timedelta(days=day)
    hour = ctx.rng.choice((9, 9, 10, 14, 14, 15, 16, 19))
    return timezone.make_aware(
        datetime.datetime.combine(date, datetime.time(hour, ctx.rng.choice((0, 30))))
    )


def step_activities(ctx: Context) -> str:

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
            created += flush(Activity, rows)
    created += flush(Activity, rows)
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
                flush(Link, links)
    flush(Link, links)
    return f"{len(ctx.activities)} activities with {link_count} campaign tags"


def registration_sizes(
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
    sizes = registration_sizes(
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
                flush(Registration, rows)
        made += k
    flush(Registration, rows)
    # bulk_create sends no signals: the seat counters are recounted here.
    recount_seats(Activity.objects.filter(pk__in=[row[0] for row in ctx.activities]))
    return (
        f"{made} registrations ({confirmed} confirmed, {made - confirmed} waitlisted)"
    )


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
    with keeping_timestamps(ActivityRecord):
        for activity_id, _capacity, _starts_at, ends_at in past:
            if rng.random() >= RECORD_SHARE:
                continue
            published_at = later(ctx, ends_at, low=2, high=96)
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
        flush(ActivityRecord, rows)
    return f"{made} published activity records (of {len(past)} past activities)"
