"""Recurring series (the quarterly 悦寿宴) and the dates of 我们的节日."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError
from django.utils import timezone, translation
from lunar_python import Solar

from activities.errors import Code
from activities.festivals import festival_dates, festivals_between
from activities.models import Activity, ActivitySeries, Audience, SeriesSkippedDate
from activities.services import series_dates, series_generate
from community_portal.errors import ServiceError
from tests.factories import SpaceFactory, TeamFactory
from volunteers.models import Strand

SHANGHAI = ZoneInfo("Asia/Shanghai")


def make_series(**kwargs) -> ActivitySeries:
    space = SpaceFactory(name="悦享堂")
    values = {
        "title": "悦寿宴",
        "frequency": ActivitySeries.Frequency.QUARTERLY,
        "starts_on": datetime.date(2027, 1, 15),
        "ends_on": datetime.date(2027, 12, 31),
        "start_time": datetime.time(11, 0),
        "duration": datetime.timedelta(hours=2),
        "strand": Strand.VOLUNTEERING,
        "venue": space.venue,
        "space": space,
        "team": TeamFactory(),
        "audience": Audience.ELDERLY,
        "capacity": 40,
        "min_age": 80,
        "summary": "为社区80岁以上老人集体祝寿",
        "description": "每季度一次，悦公益志愿者服务。",
    }
    values.update(kwargs)
    return ActivitySeries.objects.create(**values)


# --- dates of a series --------------------------------------------------------------


def series_on(frequency, starts_on, ends_on) -> ActivitySeries:
    return ActivitySeries(
        frequency=frequency,
        starts_on=starts_on,
        ends_on=ends_on,
        start_time=datetime.time(9),
    )


def test_weekly_dates_include_the_last_day():
    series = series_on(
        ActivitySeries.Frequency.WEEKLY,
        datetime.date(2027, 3, 1),
        datetime.date(2027, 3, 29),
    )

    assert series_dates(series) == [
        datetime.date(2027, 3, 1),
        datetime.date(2027, 3, 8),
        datetime.date(2027, 3, 15),
        datetime.date(2027, 3, 22),
        datetime.date(2027, 3, 29),
    ]


def test_monthly_dates_keep_the_day_and_clamp_short_months():
    series = series_on(
        ActivitySeries.Frequency.MONTHLY,
        datetime.date(2027, 1, 31),
        datetime.date(2027, 5, 1),
    )

    assert series_dates(series) == [
        datetime.date(2027, 1, 31),
        datetime.date(2027, 2, 28),
        datetime.date(2027, 3, 31),
        datetime.date(2027, 4, 30),
    ]


def test_quarterly_dates_cross_the_year():
    series = series_on(
        ActivitySeries.Frequency.QUARTERLY,
        datetime.date(2026, 11, 30),
        datetime.date(2027, 9, 1),
    )

    assert series_dates(series) == [
        datetime.date(2026, 11, 30),
        datetime.date(2027, 2, 28),
        datetime.date(2027, 5, 30),
        datetime.date(2027, 8, 30),
    ]


# --- generating the occurrences -------------------------------------------------------


@pytest.mark.django_db
def test_the_quarterly_birthday_banquet_gets_four_drafts_a_year():
    series = make_series()

    created = series_generate(series_id=series.pk)

    assert [timezone.localtime(a.starts_at, SHANGHAI) for a in created] == [
        datetime.datetime(2027, month, 15, 11, 0, tzinfo=SHANGHAI)
        for month in (1, 4, 7, 10)
    ]
    first = created[0]
    assert first.series_id == series.pk
    assert first.status == Activity.Status.DRAFT
    assert first.ends_at - first.starts_at == datetime.timedelta(hours=2)
    assert (first.title, first.strand, first.audience) == (
        "悦寿宴",
        Strand.VOLUNTEERING,
        Audience.ELDERLY,
    )
    assert (first.venue_id, first.space_id, first.team_id) == (
        series.venue_id,
        series.space_id,
        series.team_id,
    )
    assert (first.capacity, first.min_age, first.summary) == (
        40,
        80,
        "为社区80岁以上老人集体祝寿",
    )
    assert first.description == series.description


@pytest.mark.django_db
def test_generate_can_publish_at_once():
    series = make_series(ends_on=datetime.date(2027, 3, 1))

    created = series_generate(series_id=series.pk, publish=True)

    assert [a.status for a in created] == [Activity.Status.PUBLISHED]


@pytest.mark.django_db
def test_generating_again_creates_no_duplicates_and_adds_only_new_dates():
    series = make_series(ends_on=datetime.date(2027, 6, 30))
    first_run = series_generate(series_id=series.pk)
    edited = first_run[0]
    edited.title = "悦寿宴（春季）"
    edited.save()

    assert series_generate(series_id=series.pk) == []
    assert series.activities.count() == 2

    series.ends_on = datetime.date(2027, 12, 31)
    series.save()
    second_run = series_generate(series_id=series.pk)

    assert [timezone.localtime(a.starts_at, SHANGHAI).month for a in second_run] == [
        7,
        10,
    ]
    assert series.activities.count() == 4
    edited.refresh_from_db()
    assert edited.title == "悦寿宴（春季）"


@pytest.mark.django_db
def test_the_database_refuses_a_second_occurrence_at_the_same_start():
    series = make_series(ends_on=datetime.date(2027, 1, 31))
    (occurrence,) = series_generate(series_id=series.pk)

    with pytest.raises(IntegrityError):
        Activity.objects.create(
            series=series,
            title="悦寿宴",
            strand=series.strand,
            summary="重复",
            starts_at=occurrence.starts_at,
            ends_at=occurrence.ends_at,
        )


@pytest.mark.django_db
def test_generating_an_unknown_series_is_refused():
    with pytest.raises(ServiceError) as excinfo:
        series_generate(series_id=987654)

    assert excinfo.value.code == Code.SERIES_NOT_FOUND


@pytest.mark.django_db
def test_a_series_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError):
        make_series(ends_on=datetime.date(2026, 12, 31))


@pytest.mark.django_db
def test_a_skipped_date_two_days_after_spring_festival_gets_no_occurrence():
    spring = dates_by_key(2027)["spring_festival"]  # Saturday 6 Feb 2027
    series = make_series(
        frequency=ActivitySeries.Frequency.WEEKLY,
        starts_on=datetime.date(2027, 1, 25),
        ends_on=datetime.date(2027, 2, 22),
        min_age=None,
    )
    skipped = spring + datetime.timedelta(days=2)
    assert skipped in series_dates(series)
    SeriesSkippedDate.objects.create(series=series, date=skipped)

    series_generate(series_id=series.pk)

    dates = [
        timezone.localtime(a.starts_at).date()
        for a in Activity.objects.filter(series=series)
    ]
    assert skipped not in dates
    assert dates == [
        datetime.date(2027, 1, 25),
        datetime.date(2027, 2, 1),
        datetime.date(2027, 2, 15),
        datetime.date(2027, 2, 22),
    ]
    with pytest.raises(IntegrityError):
        SeriesSkippedDate.objects.create(series=series, date=skipped)


@pytest.mark.django_db
def test_occurrences_carry_the_series_limits_and_registration_window():
    series = make_series(
        max_age=90,
        max_companions=1,
        cancellation_cutoff_hours=24,
        registration_opens_days=14,
        registration_closes_hours=3,
        checkin_opens_minutes=30,
    )

    first = series_generate(series_id=series.pk)[0]

    starts_at = datetime.datetime(2027, 1, 15, 11, 0, tzinfo=SHANGHAI)
    assert first.starts_at == starts_at
    assert (first.min_age, first.max_age, first.max_companions) == (80, 90, 1)
    assert first.cancellation_cutoff_hours == 24
    assert first.checkin_opens_minutes == 30
    assert first.registration_opens_at == starts_at - datetime.timedelta(days=14)
    assert first.registration_closes_at == starts_at - datetime.timedelta(hours=3)


@pytest.mark.django_db
def test_a_series_without_a_window_leaves_the_occurrences_open():
    first = series_generate(series_id=make_series().pk)[0]
    assert first.registration_opens_at is None
    assert first.registration_closes_at is None
    assert (first.max_companions, first.cancellation_cutoff_hours) == (0, 2)


# --- 我们的节日 -------------------------------------------------------------------------


def dates_by_key(year: int) -> dict[str, datetime.date]:
    return {festival.key: festival.date for festival in festival_dates(year)}


def test_festival_dates_match_the_published_calendar():
    # Cross-checked against the State Council's holiday notice for 2026
    # (国务院办公厅关于2026年部分节假日安排的通知, 4 Nov 2025): 春节 holiday from
    # 腊月二十八 = 15 Feb, so 正月初一 = 17 Feb; 端午 19 Jun; 中秋 25 Sep; 清明
    # holiday 4–6 Apr. 2025: 春节 29 Jan, 中秋 6 Oct (the day shared with 国庆).
    assert dates_by_key(2026) == {
        "laba": datetime.date(2026, 1, 26),
        "new_years_eve": datetime.date(2026, 2, 16),
        "spring_festival": datetime.date(2026, 2, 17),
        "lantern_festival": datetime.date(2026, 3, 3),
        "qingming": datetime.date(2026, 4, 5),
        "dragon_boat": datetime.date(2026, 6, 19),
        "qixi": datetime.date(2026, 8, 19),
        "mid_autumn": datetime.date(2026, 9, 25),
        "double_ninth": datetime.date(2026, 10, 18),
    }
    assert dates_by_key(2025)["spring_festival"] == datetime.date(2025, 1, 29)
    assert dates_by_key(2025)["mid_autumn"] == datetime.date(2025, 10, 6)
    assert dates_by_key(2025)["qingming"] == datetime.date(2025, 4, 4)
    assert dates_by_key(2027)["spring_festival"] == datetime.date(2027, 2, 6)


def test_every_year_has_the_festivals_in_order_inside_the_year():
    for year in range(2000, 2061):
        festivals = festival_dates(year)
        dates = [festival.date for festival in festivals]
        keys = [festival.key for festival in festivals if festival.key != "laba"]
        assert keys == [
            "new_years_eve",
            "spring_festival",
            "lantern_festival",
            "qingming",
            "dragon_boat",
            "qixi",
            "mid_autumn",
            "double_ninth",
        ]
        assert dates == sorted(dates)
        assert {date.year for date in dates} == {year}
        by_key = {festival.key: festival.date for festival in festivals}
        assert (
            by_key["new_years_eve"] + datetime.timedelta(days=1)
            == (by_key["spring_festival"])
        )


def test_laba_is_the_eighth_of_the_twelfth_month_and_may_fall_twice_in_a_year():
    # 腊八 of lunar 2002 is 10 Jan 2003, of lunar 2003 already 30 Dec 2003 (春节
    # 2004 fell on 22 Jan), so 2003 has two and 2004 none.
    laba = {
        year: [f.date for f in festival_dates(year) if f.key == "laba"]
        for year in (2003, 2004, 2025)
    }
    assert laba == {
        2003: [datetime.date(2003, 1, 10), datetime.date(2003, 12, 30)],
        2004: [],
        2025: [datetime.date(2025, 1, 7)],
    }
    for date in laba[2003]:
        lunar = Solar.fromYmd(date.year, date.month, date.day).getLunar()
        assert (lunar.getMonth(), lunar.getDay()) == (12, 8)


def test_new_years_eve_is_the_last_day_of_a_short_twelfth_month_too():
    # Lunar 2024 (甲辰) ends with a 29-day 腊月: 除夕 on 腊月二十九 = 28 Jan 2025.
    eve = dates_by_key(2025)["new_years_eve"]
    lunar = Solar.fromYmd(eve.year, eve.month, eve.day).getLunar()
    assert (eve, lunar.getMonth(), lunar.getDay()) == (
        datetime.date(2025, 1, 28),
        12,
        29,
    )


def test_festival_names_are_translated():
    festival = festival_dates(2026)[7]

    with translation.override("en"):
        assert str(festival.name) == "Mid-Autumn Festival"


def test_festivals_between_spans_years_and_includes_both_ends():
    festivals = festivals_between(datetime.date(2026, 9, 25), datetime.date(2027, 2, 6))

    assert [(f.key, f.date) for f in festivals] == [
        ("mid_autumn", datetime.date(2026, 9, 25)),
        ("double_ninth", datetime.date(2026, 10, 18)),
        ("laba", datetime.date(2027, 1, 15)),
        ("new_years_eve", datetime.date(2027, 2, 5)),
        ("spring_festival", datetime.date(2027, 2, 6)),
    ]
    assert festivals_between(datetime.date(2026, 5, 1), datetime.date(2026, 4, 1)) == []
