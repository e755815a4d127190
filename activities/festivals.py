"""The dates of 我们的节日 (Our Festivals), the traditional festivals the plan's
festival team builds its events around.

Their dates follow the Chinese lunisolar calendar (清明 a solar term), so they are
computed with ``lunar_python`` for any Gregorian year, never typed in by hand.
"""

import datetime
import functools
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from lunar_python import Lunar

# (key, name, lunar month, lunar day); 清明 (lunar month None) is a solar term.
_FESTIVALS = [
    ("spring_festival", _("Spring Festival"), 1, 1),
    ("lantern_festival", _("Lantern Festival"), 1, 15),
    ("qingming", _("Qingming Festival"), None, None),
    ("dragon_boat", _("Dragon Boat Festival"), 5, 5),
    ("qixi", _("Qixi Festival"), 7, 7),
    ("mid_autumn", _("Mid-Autumn Festival"), 8, 15),
    ("double_ninth", _("Double Ninth Festival"), 9, 9),
]
QINGMING = "清明"


@dataclass(frozen=True)
class Festival:
    name: str | Promise  # translated lazily: 春节, 中秋 … in Chinese
    date: datetime.date
    key: str  # stable, for programs and CSS: "spring_festival", "mid_autumn" …


def _to_date(solar) -> datetime.date:
    return datetime.date(solar.getYear(), solar.getMonth(), solar.getDay())


@functools.cache
def _dates(year: int) -> tuple[tuple[str, datetime.date], ...]:
    # Lunar year ``year`` begins in January or February of the Gregorian year of
    # the same number, so each of these festivals falls inside that Gregorian year.
    new_year = Lunar.fromYmd(year, 1, 1)
    dates = []
    for key, _name, month, day in _FESTIVALS:
        if month is None:
            date = _to_date(new_year.getJieQiTable()[QINGMING])
        else:
            date = _to_date(Lunar.fromYmd(year, month, day).getSolar())
        dates.append((key, date))
    return tuple(dates)


def festival_dates(year: int) -> list[Festival]:
    """The festivals of a Gregorian year, in calendar order."""
    names = {key: name for key, name, _month, _day in _FESTIVALS}
    return [Festival(name=names[key], date=date, key=key) for key, date in _dates(year)]


def festivals_between(start: datetime.date, end: datetime.date) -> list[Festival]:
    """The festivals from ``start`` to ``end``, both included, in date order (for
    the calendar page)."""
    if end < start:
        return []
    return [
        festival
        for year in range(start.year, end.year + 1)
        for festival in festival_dates(year)
        if start <= festival.date <= end
    ]
