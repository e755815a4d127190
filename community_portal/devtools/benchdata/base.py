"""What every step of the generator shares: the sizes, the marks on generated rows,
the run's context and the bulk-insert helpers."""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TextIO

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone

from community_portal.permissions import Role

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


def flush(model: type[models.Model], rows: list) -> list:
    created = model.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    rows.clear()
    return created


@contextmanager
def keeping_timestamps(*model_classes: type[models.Model]) -> Iterator[None]:
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


def staff_user_id() -> int | None:
    """Someone to have handled matters, issues and hours: a member of staff if the
    database has one (load_demo makes one), else a superuser, else nobody."""
    User = get_user_model()
    staff = User.objects.filter(groups__name=Role.STAFF).order_by("pk").first()
    staff = staff or User.objects.filter(is_superuser=True).order_by("pk").first()
    return staff.pk if staff else None


def named_ids(model: type[models.Model], names: list[str]) -> list[int]:
    """The active rows of a staff-edited list (topics, categories); the plan's
    names when the list is empty."""
    ids = list(model.objects.filter(is_active=True).values_list("id", flat=True))
    if not ids:
        for position, name in enumerate(names, start=1):
            model.objects.get_or_create(name=name, defaults={"position": position})
        ids = list(model.objects.filter(is_active=True).values_list("id", flat=True))
    return ids


def past_moment(ctx: Context, *, days: int = 365) -> datetime.datetime:
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


def later(
    ctx: Context, moment: datetime.datetime, *, low: float, high: float
) -> datetime.datetime:
    """``moment`` plus ``low`` to ``high`` hours, but not after now."""
    return min(
        moment + datetime.timedelta(hours=ctx.rng.uniform(low, high)),
        ctx.now,
    )


def weighted_sample(
    rng: random.Random, population: list[int], weights: list[float], k: int
) -> list[int]:
    """``k`` distinct members, the heavier ones more likely (Efraimidis–Spirakis)."""
    if k >= len(population):
        return list(population)
    keys = [rng.random() ** (1 / w) for w in weights]
    ranked = sorted(range(len(population)), key=keys.__getitem__, reverse=True)
    return [population[i] for i in ranked[:k]]
