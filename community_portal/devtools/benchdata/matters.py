"""Step 6: matters raised in the talk corridor, with their seconds and timelines."""

from __future__ import annotations

import datetime
import uuid

from venues.models import Matter, MatterEvent, MatterSecond

from .base import (
    BATCH_SIZE,
    TITLE_PREFIX,
    Context,
    flush,
    keeping_timestamps,
    later,
    past_moment,
    target,
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
    with keeping_timestamps(Matter, MatterEvent, MatterSecond):
        for start in range(0, count, BATCH_SIZE):
            matters, plans = [], []
            for _ in range(start, min(count, start + BATCH_SIZE)):
                title, category = rng.choice(MATTER_KINDS)
                raised = past_moment(ctx)
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
                    plan.append(("hidden", later(ctx, raised, low=1, high=24)))
                    hidden += 1
                statuses[matter.status] += 1
                matters.append(matter)
                plans.append((plan, seconders))
            created = flush(Matter, matters)

            seconds, events = [], []
            for matter, (plan, seconders) in zip(created, plans, strict=True):
                for user_id in seconders:
                    at = later(ctx, matter.created_at, low=0.1, high=24 * 30)
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
            flush(MatterSecond, seconds)
            flush(MatterEvent, events)
    mix = ", ".join(f"{n} {status}" for status, n in statuses.items())
    return (
        f"{count} matters ({mix}; {hidden} hidden) with {seconds_made} seconds and "
        f"{events_made} timeline events"
    )
