"""Calendar arithmetic for the demo schedule: the window around today, monthly and
quarterly slots, and the traditional festivals, whose dates come from lunar-python."""

import calendar
import datetime
from functools import cache

from lunar_python import Lunar

# Festivals of "我们的节日": the lunar (month, day), or the solar term for 清明.
LUNAR_FESTIVALS = {
    "春节": (1, 1),
    "元宵": (1, 15),
    "端午": (5, 5),
    "七夕": (7, 7),
    "中秋": (8, 15),
    "重阳": (9, 9),
}
SOLAR_TERM_FESTIVALS = {"清明": "清明"}
FESTIVALS = ("春节", "元宵", "清明", "端午", "七夕", "中秋", "重阳")


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (or earlier), clamped to the month's end."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def demo_window(*, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The demo covers the past three and the next three months."""
    return add_months(today, -3), add_months(today, 3)


def months_between(
    *, start: datetime.date, end: datetime.date
) -> list[tuple[int, int]]:
    """Every (year, month) that the span touches."""
    months = []
    current = start.replace(day=1)
    while current <= end:
        months.append((current.year, current.month))
        current = add_months(current, 1)
    return months


def quarters_between(
    *, start: datetime.date, end: datetime.date
) -> list[tuple[int, int]]:
    """Every (year, quarter) that the span touches."""
    quarters = []
    for year, month in months_between(start=start, end=end):
        quarter = (year, (month - 1) // 3 + 1)
        if quarter not in quarters:
            quarters.append(quarter)
    return quarters


def nth_weekday(*, year: int, month: int, weekday: int, n: int) -> datetime.date:
    """The n-th given weekday (Monday = 0) of a month; n = -1 is the last one."""
    days = [
        datetime.date(year, month, day)
        for day in range(1, calendar.monthrange(year, month)[1] + 1)
        if datetime.date(year, month, day).weekday() == weekday
    ]
    return days[n - 1] if n > 0 else days[n]


@cache  # lunar-python computes a whole lunar year per call
def festival_date(*, name: str, year: int) -> datetime.date:
    """The Gregorian date of a festival in the lunar year that starts in ``year``."""
    if name in SOLAR_TERM_FESTIVALS:
        solar = Lunar.fromYmd(year, 1, 1).getJieQiTable()[SOLAR_TERM_FESTIVALS[name]]
    else:
        month, day = LUNAR_FESTIVALS[name]
        solar = Lunar.fromYmd(year, month, day).getSolar()
    return datetime.date(solar.getYear(), solar.getMonth(), solar.getDay())
