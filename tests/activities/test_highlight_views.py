"""The highlights (纪实) page: published records, newest first."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.activities.factories import RegistrationFactory
from tests.factories import (
    ActivityFactory,
)

pytestmark = pytest.mark.django_db


# --- highlights -----------------------------------------------------------------------

HIGHLIGHTS_URL = reverse("activities:highlights")


def build_records(count: int) -> None:
    from activities.models import ActivityRecord, RecordPhoto

    for index in range(count):
        starts_at = timezone.now() - datetime.timedelta(days=index + 1)
        activity = ActivityFactory(
            starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2)
        )
        RegistrationFactory(activity=activity, checked_in_at=starts_at)
        record = ActivityRecord.objects.create(
            activity=activity,
            summary=f"纪实{activity.pk}",
            is_published=True,
            published_at=timezone.now() - datetime.timedelta(days=index),
        )
        for position in range(3):
            RecordPhoto.objects.create(
                record=record,
                image=f"records/r{record.pk}-{position}.jpg",
                position=position,
            )


def test_highlights_shows_published_records_newest_first(client):
    from activities.models import ActivityRecord

    build_records(3)
    hidden = ActivityFactory(starts_at=timezone.now() - datetime.timedelta(days=1))
    ActivityRecord.objects.create(activity=hidden, summary="未发布的纪实")

    response = client.get(HIGHLIGHTS_URL)

    content = response.content.decode()
    records = list(response.context["records"])
    assert [r.published_at for r in records] == sorted(
        (r.published_at for r in records), reverse=True
    )
    assert "未发布的纪实" not in content
    assert ".thumb.jpg" in content
    assert records[0].activity.get_absolute_url() in content
    assert records[0].attendance == 1


def test_highlights_query_count_does_not_grow(client, assert_same_queries):
    build_records(3)
    assert_same_queries(client, HIGHLIGHTS_URL, lambda: build_records(27))


def test_highlights_is_paginated_and_empty_says_so(client):
    empty = client.get(HIGHLIGHTS_URL).content.decode()
    build_records(12)

    second = client.get(HIGHLIGHTS_URL, {"page": 2})

    assert "empty-state" in empty
    assert len(second.context["records"]) == 2


def test_english_highlights_renders(client):
    build_records(1)

    assert client.get("/en/highlights/").status_code == 200
