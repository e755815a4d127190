"""Reads kept in the shared cache under a version that the writes change.

A *name* (``"grids:sorting"``) owns one version: a random token in the shared cache
(Redis in production, so every worker sees a bump). ``cached()`` keys its values on
the name's current version; every write that could change them calls ``bump()`` —
model writes through a ``post_save``/``post_delete`` receiver (``bump_receiver``),
writes through ``update()``/``bulk_create``/``F()`` (no signals) in their service.

The version changes at once and again when the transaction commits: a request that
read the old rows between the two cannot keep them cached past the commit. This is
the month calendar's pattern (``activities.month_cache``), for any name.
"""

import secrets
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")

# A safety net only: the versions make a cached value stale, not the clock.
DEFAULT_TIMEOUT = 24 * 3600
_MISSING = object()


def _version_key(name: str) -> str:
    return f"{name}:version"


def _new_version() -> str:
    # Random, not the clock: tests travel in time, and two writes may share a tick.
    return secrets.token_hex(8)


def version(name: str) -> str:
    key = _version_key(name)
    current = cache.get(key)
    if current is None:
        # Two first readers at once: whoever adds first wins, both use that.
        cache.add(key, _new_version(), timeout=None)
        current = cache.get(key)
    return current


def bump(name: str) -> None:
    """Make every value cached under ``name`` stale (now and on commit)."""

    def _set() -> None:
        cache.set(_version_key(name), _new_version(), timeout=None)

    _set()
    transaction.on_commit(_set)


def cached(
    name: str, key: str, compute: Callable[[], T], *, timeout: int = DEFAULT_TIMEOUT
) -> T:
    """``compute()``'s value, kept under ``name``'s version and ``key`` (which must
    name everything else the value depends on: a date, a language, a user)."""
    full_key = f"{name}:{version(name)}:{key}"
    value = cache.get(full_key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(full_key, value, timeout)
    return value


def cached_many(
    name: str,
    computes: dict[str, Callable[[], T]],
    *,
    timeout: int = DEFAULT_TIMEOUT,
) -> dict[str, T]:
    """``cached()`` for several keys under one name: the version read once and the
    values in one round trip (``get_many``); each missing one computed and all of
    them stored in one more."""
    prefix = f"{name}:{version(name)}:"
    found = cache.get_many([prefix + key for key in computes])
    values, missing = {}, {}
    for key, compute in computes.items():
        if prefix + key in found:
            values[key] = found[prefix + key]
        else:
            values[key] = missing[prefix + key] = compute()
    if missing:
        cache.set_many(missing, timeout)
    return values


def forget(name: str, key: str) -> None:
    """Drop the one value ``cached(name, key, …)`` keeps now (one that has gone
    stale with the clock rather than by a write)."""
    cache.delete(f"{name}:{version(name)}:{key}")


def bump_receiver(name: str) -> Callable[..., None]:
    """A ``post_save``/``post_delete`` receiver that bumps ``name`` (connect it with
    ``weak=False``: nothing else holds it)."""

    def receiver(**kwargs) -> None:
        bump(name)

    return receiver


def forget_everything() -> None:
    """Empty the whole cache: for the development tools that write in bulk
    (``bulk_create`` fires no signal, so no version would change), run before a
    server reads the new rows."""
    cache.clear()
