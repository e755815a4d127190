"""The benchmark data generator: a large community, written fast with ``bulk_create``.

``manage.py bench_generate`` runs :data:`STEPS` in order. Each step owns one kind of
row (with the rows that hang off it), lives in the module named after it and reports
one line, so a new model only needs a new step and its line in ``STEPS``. Generated
rows are marked (username prefix, title prefix, a description marker on fallback
structure) so :func:`bench_reset` can
remove them again. The whole thing is for benchmark databases only, never production.
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Q

from activities.models import Activity
from community_portal.dbguards import ForbidDeletion
from grids.models import Building, Grid
from venues.models import Space, Venue
from volunteers.models import Team

from .activities import step_activities, step_records, step_registrations
from .base import (
    RESIDENT_PASSWORD,
    STRUCTURE_MARK,
    TARGETS,
    TITLE_PREFIX,
    USER_PREFIX,
    Context,
    Step,
    target,
)
from .grid_logs import step_grid_logs
from .matters import step_matters
from .residents import step_residents
from .structure import step_structure
from .volunteers import step_volunteers

__all__ = [
    "RESIDENT_PASSWORD",
    "STEPS",
    "STRUCTURE_MARK",
    "TARGETS",
    "TITLE_PREFIX",
    "USER_PREFIX",
    "bench_generate",
    "bench_reset",
    "target",
]


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


def bench_generate(
    *, scale: float, now: datetime.datetime, seed: int = 42, out: TextIO
) -> Context:
    """Run every step at ``scale``, one transaction per step, writing one line each.

    ``now`` is the moment the community is generated around (a year of past logs and
    activities, half a year ahead): the command passes the clock, tests a fixed one."""
    ctx = Context(scale=scale, rng=random.Random(seed), now=now, out=out)
    for step in STEPS:
        started = time.monotonic()
        with transaction.atomic():
            summary = step.run(ctx)
        out.write(f"{step.name}: {summary} [{time.monotonic() - started:.1f} s]\n")
    return ctx


@contextmanager
def _deletion_guard_lifted(model) -> Iterator[None]:
    """Inside a transaction on PostgreSQL: the ``ForbidDeletion`` trigger of
    ``model``'s table off until the block ends (a benchmark database only)."""
    table = model._meta.db_table
    trigger = ForbidDeletion(table=table)._trigger()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT 1 FROM pg_trigger WHERE tgname = %s", [trigger])
            guarded = cursor.fetchone() is not None
        else:
            guarded = False
        if guarded:
            # ALTER TABLE is transactional: should the block fail, the rollback
            # turns the trigger back on with everything else.
            assert connection.in_atomic_block, "only inside the reset's transaction"
            _alter_trigger(cursor, table=table, trigger=trigger, state="DISABLE")
        yield
        if guarded:
            _alter_trigger(cursor, table=table, trigger=trigger, state="ENABLE")


def _alter_trigger(cursor, *, table: str, trigger: str, state: str) -> None:
    # PostgreSQL alters no table with deferred checks pending (the foreign keys of
    # rows written earlier in the transaction): run them now, then defer again.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute(f'ALTER TABLE "{table}" {state} TRIGGER "{trigger}"')
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def bench_reset(*, out: TextIO) -> None:
    """Delete everything the generator made (marked rows only)."""
    User = get_user_model()
    bench_activities = Activity.objects.filter(title__startswith=TITLE_PREFIX)
    bench_users = User.objects.filter(username__startswith=USER_PREFIX)
    with transaction.atomic():
        # Append-only tables first (they protect what they point at): their models
        # refuse a delete, and on PostgreSQL a trigger does too, so the generator's
        # own rows go by a raw DELETE with the trigger off for this transaction.
        for label, lookup in (
            ("volunteers.PointsEntry", Q(volunteer__user__in=bench_users)),
            ("venues.MatterEvent", Q(matter__author__in=bench_users)),
        ):
            model = apps.get_model(label)
            rows = model.objects.filter(lookup)
            with _deletion_guard_lifted(model):
                deleted = rows._raw_delete(rows.db)
            out.write(f"deleted {deleted} {model._meta.verbose_name_plural} rows\n")
        # Then what protects the residents and activities from deletion.
        for label, lookup in (
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
