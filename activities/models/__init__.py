"""The activities app's models, by noun; importable from ``activities.models``."""

from .activities import Activity, ActivityQuerySet, refresh_seats
from .ratings import Rating, RatingQuerySet
from .records import ActivityRecord, ActivityRecordQuerySet, RecordPhoto
from .registrations import Registration, RegistrationQuerySet
from .seats import recount_seats
from .series import ActivitySeries, Audience, Campaign, SeriesSkippedDate

__all__ = [
    "Activity",
    "ActivityQuerySet",
    "ActivityRecord",
    "ActivityRecordQuerySet",
    "ActivitySeries",
    "Audience",
    "Campaign",
    "Rating",
    "RatingQuerySet",
    "RecordPhoto",
    "recount_seats",
    "refresh_seats",
    "Registration",
    "RegistrationQuerySet",
    "SeriesSkippedDate",
]
