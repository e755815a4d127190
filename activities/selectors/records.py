"""The published records (纪实) of the highlights page, and the door QR's page."""

import functools
from dataclasses import dataclass

from django.core.paginator import Page
from django.db.models import Prefetch, QuerySet

from activities.models import (
    Activity,
    ActivityRecord,
    RecordPhoto,
    Registration,
)
from activities.selectors.lists import activity_places_attach
from community_portal.pagination import paginate
from volunteers.models import VolunteerShift
from volunteers.selectors import door_shifts

RECORDS_PER_PAGE = 10


# --- highlights (纪实) ---------------------------------------------------------------


# What the highlights page shows of a record and its activity.
RECORD_LIST_FIELDS = (
    "summary",
    "published_at",
    "activity__title",
    "activity__status",
    "activity__starts_at",
    "activity__ends_at",
    "activity__venue_id",
    "activity__space_id",
    "activity__location",
)


@functools.cache
def _record_list_queryset() -> QuerySet[ActivityRecord]:
    # Built once per process (see ``_activity_page_queryset``).
    return (
        ActivityRecord.objects.published()
        .filter(activity__status=Activity.Status.PUBLISHED)
        .select_related("activity")
        .only(*RECORD_LIST_FIELDS)
        .prefetch_related(
            Prefetch(
                "photos",
                queryset=RecordPhoto.objects.only(
                    "image", "caption", "position", "record_id"
                ),
            )
        )
        .with_attendance()
        .order_by("-published_at", "-id")
    )


def record_list_published() -> QuerySet[ActivityRecord]:
    """Published records, newest first, with their activity, photos and
    attendance; page it, and the photos come in one more query. The activity's
    venue and space are not joined: ``record_list_page`` sets them from the
    cached short lists."""
    return _record_list_queryset().all()


def record_list_page(*, page: object = 1) -> Page:
    """One page of ``record_list_published`` (the highlights page's)."""
    result = paginate(record_list_published(), page=page, per_page=RECORDS_PER_PAGE)
    result.object_list = list(result.object_list)
    activity_places_attach([record.activity for record in result.object_list])
    return result


# --- the door QR ---------------------------------------------------------------------


@dataclass(frozen=True)
class DoorPage:
    """What the door QR's page offers the person who scanned it."""

    activity: Activity
    registration: Registration | None
    shifts: list[VolunteerShift]

    @property
    def shift(self) -> VolunteerShift | None:
        """The shift the next scan starts or ends (``None``: none left)."""
        return next((s for s in self.shifts if s.checked_out_at is None), None)


def door_page_get(*, activity_id: int, user) -> DoorPage | None:
    activity = (
        Activity.objects.select_related("venue", "space", "team")
        .filter(pk=activity_id)
        .exclude(status=Activity.Status.DRAFT)
        .first()
    )
    if activity is None:
        return None
    registration = None
    if user.is_authenticated:
        registration = (
            Registration.objects.active()
            .filter(activity_id=activity.pk, user_id=user.pk)
            .first()
        )
    return DoorPage(
        activity=activity,
        registration=registration,
        shifts=door_shifts(activity_id=activity.pk, user=user),
    )
