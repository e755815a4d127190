"""Reporting periods and scopes of the figures and ledgers (台账): a month
(``2026-11``), a quarter (``2026-Q4``) or a year (``2026``), each a run of local
calendar days; and the part of the community the figures are about (a grid, a
team, a venue or the whole community), by id only.

Parsing never raises anything but ``ServiceError`` (``INVALID``) with a message
for people, so a page shows it instead of failing.
"""

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import ServiceError
from .timeutils import local_day_bounds

MONTH, QUARTER, YEAR = "month", "quarter", "year"
# Figures before the portal existed, or decades ahead, are a typo.
FIRST_YEAR, LAST_YEAR = 2000, 2100

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-[Qq](\d)$")
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True)
class Period:
    """``start`` to ``end``: local calendar days, both included."""

    kind: str
    year: int
    number: int  # the month (1–12) or the quarter (1–4); 0 for a year

    @property
    def start(self) -> datetime.date:
        if self.kind == YEAR:
            return datetime.date(self.year, 1, 1)
        if self.kind == QUARTER:
            return datetime.date(self.year, 3 * self.number - 2, 1)
        return datetime.date(self.year, self.number, 1)

    @property
    def end(self) -> datetime.date:
        last_month = {YEAR: 12, QUARTER: 3 * self.number}.get(self.kind, self.number)
        following = _add_months(datetime.date(self.year, last_month, 1), 1)
        return following - datetime.timedelta(days=1)

    @property
    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """``[start 00:00, the day after end 00:00)``, aware, in local time."""
        return local_day_bounds(self.start, self.end)

    @property
    def key(self) -> str:
        """What ``parse_period`` reads back: ``2026-Q4``, ``2026-11``, ``2026``."""
        if self.kind == YEAR:
            return str(self.year)
        if self.kind == QUARTER:
            return f"{self.year}-Q{self.number}"
        return f"{self.year}-{self.number:02d}"

    @property
    def label(self) -> str:
        if self.kind == YEAR:
            return _("Year %(year)s") % {"year": self.year}
        if self.kind == QUARTER:
            return _("Q%(quarter)s %(year)s") % {
                "quarter": self.number,
                "year": self.year,
            }
        return _("%(month)s/%(year)s") % {"month": self.number, "year": self.year}

    @property
    def months(self) -> list[datetime.date]:
        """The first day of each month of the period, in order."""
        months, month = [], self.start
        while month <= self.end:
            months.append(month)
            month = _add_months(month, 1)
        return months

    def shifted(self, steps: int) -> "Period":
        """The period ``steps`` periods of the same kind later (earlier if < 0)."""
        if self.kind == YEAR:
            return Period(YEAR, self.year + steps, 0)
        per_year = 4 if self.kind == QUARTER else 12
        index = self.year * per_year + self.number - 1 + steps
        return Period(self.kind, index // per_year, index % per_year + 1)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _bad_period(text: str) -> ServiceError:
    return ServiceError(
        "bad_period",
        _(
            "“%(text)s” is not a period. Write a month (2026-11), a quarter "
            "(2026-Q4) or a year (2026)."
        )
        % {"text": text[:40]},
        field="period",
    )


def parse_period(text: str | None, *, today: datetime.date | None = None) -> Period:
    """The period ``text`` names; empty is the current quarter. A period that
    does not exist (``2026-Q5``, ``2026-13``, ``abc``) is a ``ServiceError``."""
    text = (text or "").strip()
    if not text:
        return current_quarter(today=today)
    kind, number = None, 0
    if match := _QUARTER.match(text):
        kind, number = QUARTER, int(match[2])
        valid = 1 <= number <= 4
    elif match := _MONTH.match(text):
        kind, number = MONTH, int(match[2])
        valid = 1 <= number <= 12
    elif match := _YEAR.match(text):
        kind, valid = YEAR, True
    if kind is None or not valid:
        raise _bad_period(text)
    year = int(match[1])
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise _bad_period(text)
    return Period(kind, year, number)


def current_quarter(*, today: datetime.date | None = None) -> Period:
    today = today or timezone.localdate()
    return Period(QUARTER, today.year, (today.month - 1) // 3 + 1)


# --- scopes ---------------------------------------------------------------------------

GRID, TEAM, VENUE = "grid", "team", "venue"
SCOPE_KINDS = (GRID, TEAM, VENUE)


@dataclass(frozen=True)
class Scope:
    """Whose figures: the whole community (everything ``None``), one grid, one
    venue, or some teams (a team leader's, or the one chosen). Ids only: the
    page that builds it checks that they exist."""

    grid_id: int | None = None
    venue_id: int | None = None
    team_ids: tuple[int, ...] | None = None

    @property
    def is_community(self) -> bool:
        return self.grid_id is None and self.venue_id is None and self.team_ids is None

    @property
    def has_places(self) -> bool:
        """Grid work (matters, issues, sorting) belongs to places: the whole
        community or a grid, not a team or a venue."""
        return self.team_ids is None and self.venue_id is None


def parse_scope(text: str | None) -> tuple[str, int] | None:
    """``grid:3`` → ``("grid", 3)``; empty (the whole community) → ``None``.
    Anything else is a ``ServiceError``; whether the grid exists is the page's
    to check."""
    text = (text or "").strip()
    if not text or text == "community":
        return None
    kind, _sep, number = text.partition(":")
    if kind in SCOPE_KINDS and number.isascii() and number.isdigit():
        pk = int(number)
        if 0 < pk < 2**31:
            return kind, pk
    raise ServiceError("bad_scope", scope_missing_message(), field="scope")


def scope_missing_message() -> str:
    return _(
        "There is no such grid, team or venue. Choose one from the list, or the "
        "whole community."
    )
