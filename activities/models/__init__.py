"""The activities app's models, by noun; importable from ``activities.models``."""

from .activities import Activity, ActivityQuerySet, attach_seats
from .ratings import Rating, RatingQuerySet
from .records import ActivityRecord, ActivityRecordQuerySet, RecordPhoto
from .registrations import Registration, RegistrationQuerySet
from .series import ActivitySeries, Audience, Campaign, SeriesSkippedDate

__all__ = [
    "Activity",
    "ActivityQuerySet",
    "attach_seats",
    "ActivityRecord",
    "ActivityRecordQuerySet",
    "ActivitySeries",
    "Audience",
    "Campaign",
    "Rating",
    "RatingQuerySet",
    "RecordPhoto",
    "Registration",
    "RegistrationQuerySet",
    "SeriesSkippedDate",
]
