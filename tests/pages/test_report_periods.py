"""The kernel's periods and scopes (``community_portal.periods``): what they
read, the local days they cover, and what they refuse."""

import datetime

import pytest

from community_portal.errors import ServiceError
from community_portal.periods import Scope, current_quarter, parse_period, parse_scope


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026-Q4", datetime.date(2026, 10, 1), datetime.date(2026, 12, 31)),
        ("2026-q1", datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)),
        ("2026-11", datetime.date(2026, 11, 1), datetime.date(2026, 11, 30)),
        ("2028-2", datetime.date(2028, 2, 1), datetime.date(2028, 2, 29)),
        (" 2026 ", datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)),
    ],
)
def test_periods_cover_their_days(text, start, end):
    period = parse_period(text)
    assert (period.start, period.end) == (start, end)
    assert parse_period(period.key) == period


def test_bounds_are_local_midnights():
    lower, upper = parse_period("2026-Q4").bounds
    assert lower.isoformat() == "2026-10-01T00:00:00+08:00"
    assert upper.isoformat() == "2027-01-01T00:00:00+08:00"


def test_months_keys_and_neighbours():
    q4 = parse_period("2026-Q4")
    assert [month.month for month in q4.months] == [10, 11, 12]
    assert q4.key == "2026-Q4"
    assert q4.shifted(1).key == "2027-Q1" and q4.shifted(-4).key == "2025-Q4"
    assert parse_period("2026-01").shifted(-1).key == "2025-12"
    assert parse_period("2026").shifted(1).key == "2027"
    assert len(parse_period("2026").months) == 12


def test_empty_is_the_current_quarter():
    today = datetime.date(2026, 11, 30)
    assert parse_period("", today=today) == current_quarter(today=today)
    assert parse_period(None, today=today).key == "2026-Q4"


@pytest.mark.parametrize(
    "text", ["2026-Q5", "2026-Q0", "abc", "2026-13", "2026-00", "1999", "2026-Q", "Q4"]
)
def test_periods_that_do_not_exist_are_refused(text):
    with pytest.raises(ServiceError) as refused:
        parse_period(text)
    assert refused.value.field == "period" and refused.value.http_status == 400


def test_scopes():
    assert parse_scope("") is None and parse_scope("community") is None
    assert parse_scope("grid:3") == ("grid", 3)
    assert parse_scope(" team:12 ") == ("team", 12)
    for text in ("grid", "grid:", "grid:0", "city:1", "grid:x", "venue:１"):
        with pytest.raises(ServiceError):
            parse_scope(text)
    assert Scope().is_community and Scope().has_places
    assert Scope(grid_id=1).has_places and not Scope(grid_id=1).is_community
    assert not Scope(team_ids=(1,)).has_places
    assert not Scope(venue_id=1).has_places
