"""Step 5: a year of grid work: visit logs, issue reports, sorting checks."""

from __future__ import annotations

import uuid
from typing import Any

from django.utils import timezone

from grids.models import IssueCategory, IssueReport, SortingCheck, VisitLog, VisitTopic

from .base import (
    BATCH_SIZE,
    Context,
    flush,
    keeping_timestamps,
    later,
    named_ids,
    past_moment,
    target,
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
    topics = named_ids(VisitTopic, DEFAULT_VISIT_TOPICS)
    categories = named_ids(IssueCategory, DEFAULT_ISSUE_CATEGORIES)

    def where() -> dict[str, Any]:
        building, grid, worker = rng.choice(places)
        return {"building_id": building, "grid_id": grid, "author_id": worker}

    with keeping_timestamps(VisitLog, IssueReport, SortingCheck):
        rows: list = []
        for _ in range(visits):
            at = past_moment(ctx)
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
                flush(VisitLog, rows)
        flush(VisitLog, rows)

        statuses = {status: 0 for status in IssueReport.Status.values}
        for _ in range(issues):
            at = past_moment(ctx)
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
                report.assigned_at = later(ctx, at, low=1, high=48)
                if chance < resolved:
                    report.status = IssueReport.Status.RESOLVED
                    report.resolved_at = later(ctx, report.assigned_at, low=2, high=240)
                    report.resolution = rng.choice(RESOLUTIONS)
                report.updated_at = report.resolved_at or report.assigned_at
            statuses[report.status] += 1
            rows.append(report)
            if len(rows) >= BATCH_SIZE:
                flush(IssueReport, rows)
        flush(IssueReport, rows)

        for _ in range(checks):
            at = past_moment(ctx)
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
                flush(SortingCheck, rows)
        flush(SortingCheck, rows)
    return (
        f"{visits + issues + checks} grid log entries: {visits} visit logs, "
        f"{issues} issue reports ({statuses['open']} open, "
        f"{statuses['assigned']} assigned, {statuses['resolved']} resolved), "
        f"{checks} sorting checks, by {len(set(w for _b, _g, w in places))} grid "
        "workers"
    )
