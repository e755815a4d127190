"""Ratings (评价): who may rate, when, once; the averages and the staff figures."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from activities.errors import Code
from activities.models import Activity, Rating
from activities.services import (
    RATING_WINDOW,
    rating_create,
)
from activities.staff_selectors import satisfaction_by_month, satisfaction_by_strand
from community_portal.errors import ServiceError
from tests.activities.factories import RegistrationFactory
from tests.factories import ActivityFactory, UserFactory
from volunteers.models import Strand

SHANGHAI = ZoneInfo("Asia/Shanghai")

pytestmark = pytest.mark.django_db


def ended_activity(*, ago=datetime.timedelta(days=1), **kwargs) -> Activity:
    ends_at = timezone.now() - ago
    return ActivityFactory(
        starts_at=ends_at - datetime.timedelta(hours=2), ends_at=ends_at, **kwargs
    )


def attendee(activity: Activity, user=None):
    user = user or UserFactory()
    RegistrationFactory(activity=activity, user=user, checked_in_at=activity.starts_at)
    return user


def refusal(**kwargs) -> str:
    with pytest.raises(ServiceError) as excinfo:
        rating_create(**kwargs)
    return excinfo.value.code


def test_an_attendee_rates_once_after_the_activity():
    activity = ended_activity()
    user = attendee(activity)

    rating = rating_create(
        activity_id=activity.pk, user=user, score=5, comment="  老人们很开心  "
    )

    assert (rating.activity_id, rating.user_id, rating.score) == (
        activity.pk,
        user.pk,
        5,
    )
    assert rating.comment == "老人们很开心"
    assert refusal(activity_id=activity.pk, user=user, score=4) == Code.ALREADY_RATED
    assert Rating.objects.count() == 1


def test_only_people_who_were_checked_in_may_rate(resident):
    activity = ended_activity()
    RegistrationFactory(activity=activity, user=resident)  # registered, not there
    waiting = UserFactory()
    RegistrationFactory(activity=activity, user=waiting, waitlisted=True)

    assert refusal(activity_id=activity.pk, user=resident, score=5) == (
        Code.NOT_ATTENDED
    )
    assert refusal(activity_id=activity.pk, user=waiting, score=5) == (
        Code.NOT_ATTENDED
    )
    assert refusal(activity_id=activity.pk, user=UserFactory(), score=5) == (
        Code.NOT_ATTENDED
    )
    assert not Rating.objects.exists()


def test_ratings_open_at_the_end_and_close_after_fourteen_days():
    running = ActivityFactory(
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        ends_at=timezone.now() + datetime.timedelta(hours=1),
    )
    late = ended_activity(ago=RATING_WINDOW + datetime.timedelta(minutes=1))
    just_in_time = ended_activity(ago=RATING_WINDOW - datetime.timedelta(minutes=5))

    assert refusal(activity_id=running.pk, user=attendee(running), score=5) == (
        Code.NOT_ENDED
    )
    assert refusal(activity_id=late.pk, user=attendee(late), score=5) == (
        Code.RATING_CLOSED
    )
    assert rating_create(
        activity_id=just_in_time.pk, user=attendee(just_in_time), score=3
    )


@pytest.mark.parametrize("score", [0, 6, -1, "5", 4.5, True])
def test_the_score_is_one_to_five_stars(score):
    activity = ended_activity()

    assert (
        refusal(activity_id=activity.pk, user=attendee(activity), score=score)
        == Code.INVALID_SCORE
    )


def test_long_comments_unknown_and_cancelled_activities_are_refused():
    activity = ended_activity()
    cancelled = ended_activity(status=Activity.Status.CANCELLED)

    assert refusal(
        activity_id=activity.pk, user=attendee(activity), score=4, comment="好" * 501
    ) == (Code.COMMENT_TOO_LONG)
    assert refusal(activity_id=987654, user=UserFactory(), score=4) == (
        Code.ACTIVITY_NOT_FOUND
    )
    assert refusal(activity_id=cancelled.pk, user=UserFactory(), score=4) == (
        Code.ACTIVITY_CANCELLED
    )


def test_the_database_backs_up_the_rules():
    activity = ended_activity()
    user = attendee(activity)
    Rating.objects.create(activity=activity, user=user, score=4)
    someone_else = UserFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(activity=activity, user=user, score=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(activity=activity, user=someone_else, score=6)
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(activity=activity, user=someone_else, score=0)


def test_average_and_count_per_activity_in_one_query(django_assert_num_queries):
    rated = ended_activity()
    for score in (5, 4, 4):
        rating_create(activity_id=rated.pk, user=attendee(rated), score=score)
    unrated = ended_activity()

    with django_assert_num_queries(1):
        summary = {
            a.pk: (a.rating_average, a.rating_count)
            for a in Activity.objects.with_rating_summary().with_attendance()
        }

    assert summary[rated.pk] == (pytest.approx(13 / 3), 3)
    assert summary[unrated.pk] == (None, 0)


def local(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=SHANGHAI)


def rate_at(starts_at: datetime.datetime, strand: str, scores: list[int]) -> None:
    activity = ActivityFactory(
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=1),
        strand=strand,
    )
    for score in scores:
        Rating.objects.create(activity=activity, user=attendee(activity), score=score)


@pytest.fixture
def spring_ratings():
    # 23:30 on 31 March in Shanghai is still March there (15:30 UTC);
    # 00:30 on 1 April is April (16:30 UTC on 31 March).
    rate_at(local(2026, 3, 31, 23, 30), Strand.TRADITIONAL_CULTURE, [5, 5, 3])
    rate_at(local(2026, 4, 1, 0, 30), Strand.TRADITIONAL_CULTURE, [4])
    rate_at(local(2026, 4, 18, 9, 0), Strand.VOLUNTEERING, [2, 4])
    rate_at(local(2026, 2, 28, 9, 0), Strand.VOLUNTEERING, [1])  # before the range
    rate_at(local(2026, 5, 1, 9, 0), Strand.VOLUNTEERING, [1])  # after it


def test_satisfaction_by_strand(spring_ratings, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = satisfaction_by_strand(
            start=datetime.date(2026, 3, 1), end=datetime.date(2026, 4, 30)
        )

    assert [
        (r["strand"], r["average"], r["count"], r["satisfied"], r["satisfaction_rate"])
        for r in rows
    ] == [
        (Strand.TRADITIONAL_CULTURE, 4.25, 4, 3, 0.75),
        (Strand.VOLUNTEERING, 3.0, 2, 1, 0.5),
    ]
    assert rows[0]["label"] == Strand.TRADITIONAL_CULTURE.label


def test_satisfaction_by_month_uses_the_local_calendar_month(
    spring_ratings, django_assert_num_queries
):
    with django_assert_num_queries(1):
        rows = satisfaction_by_month(
            start=datetime.date(2026, 3, 1), end=datetime.date(2026, 4, 30)
        )

    assert [(r["month"], r["average"], r["count"], r["satisfied"]) for r in rows] == [
        (datetime.date(2026, 3, 1), pytest.approx(13 / 3, abs=0.01), 3, 2),
        (datetime.date(2026, 4, 1), 3.33, 3, 2),
    ]


def test_satisfaction_without_ratings_is_empty():
    assert (
        satisfaction_by_strand(
            start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31)
        )
        == []
    )
    assert (
        satisfaction_by_month(
            start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31)
        )
        == []
    )
