"""Scheduled jobs that run once per period, however many nodes start them.

Every node of a deployment has the same crontab (or systemd timers), so every node
starts ``send_reminders`` at 18:00. ``run_once(name, period)`` lets the first of them
run and tells the others to stand down: it claims a key for the current period in the
shared cache (``cache.add`` is Redis' ``SET NX``, atomic across nodes), and the claim
expires with the period. A job that fails gives its claim back, so the next start
(another node's, or the next timer) tries again.

Periods are counted in local time (``TIME_ZONE``) from midnight: with ``1d`` each
calendar day is one period, with ``1h`` each clock hour. Schedule the job away from a
period's boundary (18:00 for a daily job, not 00:00), so that nodes whose clocks differ
by a second do not fall into two periods.

The claim is only as shared as the cache: with the per-process default cache
(``make run``) every process claims its own. ``check --deploy`` requires a shared
``CACHE_URL`` in production (``portal.E002``).

``manage.py run_once --period 1d send_reminders`` wraps any management command.
"""

import datetime
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.cache import cache
from django.utils import timezone

from .ratelimit import parse_rate

KEY_PREFIX = "run-once"


def parse_period(period: str | int | datetime.timedelta) -> int:
    """Seconds of ``period``: ``"1d"``, ``"6h"``, ``"15m"``, a number of seconds or a
    ``timedelta`` (the same units as the rate limits)."""
    if isinstance(period, datetime.timedelta):
        seconds = int(period.total_seconds())
    elif isinstance(period, int):
        seconds = period
    else:
        seconds = parse_rate(f"1/{period.strip()}").period
    if seconds <= 0:
        raise ValueError(f"The period must be positive, not {period!r}.")
    return seconds


def _slot(seconds: int, now: datetime.datetime) -> tuple[int, int]:
    """The number of the period ``now`` falls in, and the seconds left in it."""
    local = timezone.localtime(now)
    # Local wall-clock seconds since the epoch: daily periods start at local midnight.
    wall = int(local.replace(tzinfo=datetime.UTC).timestamp())
    return wall // seconds, seconds - wall % seconds


def claim_key(name: str, period: str | int | datetime.timedelta, *, now=None) -> str:
    seconds = parse_period(period)
    number, _left = _slot(seconds, now or timezone.now())
    return f"{KEY_PREFIX}:{name}:{seconds}:{number}"


@contextmanager
def run_once(
    name: str,
    period: str | int | datetime.timedelta,
    *,
    now: datetime.datetime | None = None,
) -> Iterator[bool]:
    """``with run_once("send_reminders", "1d") as mine:`` — ``mine`` is ``True`` for
    exactly one caller per period across every node sharing the cache. When the block
    raises, the claim is given back (and the error goes on)."""
    seconds = parse_period(period)
    number, left = _slot(seconds, now or timezone.now())
    key = f"{KEY_PREFIX}:{name}:{seconds}:{number}"
    holder = f"{socket.gethostname()}:{uuid.uuid4().hex[:8]}"
    # A minute past the period's end, so a slow clock elsewhere still sees the claim.
    mine = cache.add(key, holder, timeout=left + 60)
    try:
        yield mine
    except BaseException:
        if mine and cache.get(key) == holder:
            cache.delete(key)
        raise


def claimed_by(name: str, period: str | int | datetime.timedelta, *, now=None):
    """Who holds this period's claim of ``name`` (``host:token``), or ``None``."""
    return cache.get(claim_key(name, period, now=now))
