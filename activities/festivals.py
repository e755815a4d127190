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

# (key, name, lunar month, lunar day); 清明 (lunar month None) is a solar term,
# 除夕 (lunar day None) the last day of the lunar year, the eve of 春节.
_FESTIVALS = [
    ("laba", _("Laba Festival"), 12, 8),
    ("new_years_eve", _("Chinese New Year's Eve"), 12, None),
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
    # the same number, so its festivals of months 1 to 9 fall inside that Gregorian
    # year. Those of the twelfth month belong to the lunar year before: 除夕 is the
    # eve of this year's 春节 (in January or February), while 腊八 falls between
    # late December and late January, so a Gregorian year may hold two 腊八 (2003:
    # 10 January and 30 December) or none (2004).
    new_year = Lunar.fromYmd(year, 1, 1)
    dates = []
    for key, _name, month, day in _FESTIVALS:
        if month is None:
            dates.append((key, _to_date(new_year.getJieQiTable()[QINGMING])))
        elif day is None:
            dates.append((key, _to_date(new_year.getSolar().next(-1))))
        elif month == 12:
            for lunar_year in (year - 1, year):
                date = _to_date(Lunar.fromYmd(lunar_year, month, day).getSolar())
                if date.year == year:
                    dates.append((key, date))
        else:
            dates.append((key, _to_date(Lunar.fromYmd(year, month, day).getSolar())))
    return tuple(sorted(dates, key=lambda key_date: key_date[1]))


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
