"""Writes of the activities app, by noun: registrations and the waitlist,
check-in, activities (publish, cancel, seats), series, records, ratings and
reminders. Every refusal is a ``community_portal.errors.ServiceError`` with a
code from ``activities.errors.Code``."""

from .activities import activity_cancel, activity_capacity_update, activity_publish
from .checkin import checkin_by_code, checkin_code, registration_check_in, walk_in_add
from .common import can_manage_registrations
from .door import door_activity, door_check_in, door_shift_scan, door_token
from .elders import ElderPick, ElderSignup, elders_register
from .households import party_registration_create
from .ratings import RATING_COMMENT_MAX_LENGTH, RATING_WINDOW, rating_create
from .records import record_check_writable, record_publish, record_save
from .registrations import registration_cancel, registration_create, waitlist_promote
from .reminders import reminders_send
from .series import series_dates, series_generate

__all__ = [
    "ElderPick",
    "ElderSignup",
    "RATING_COMMENT_MAX_LENGTH",
    "RATING_WINDOW",
    "activity_cancel",
    "activity_capacity_update",
    "activity_publish",
    "can_manage_registrations",
    "checkin_by_code",
    "checkin_code",
    "party_registration_create",
    "door_activity",
    "door_check_in",
    "door_shift_scan",
    "door_token",
    "elders_register",
    "rating_create",
    "record_check_writable",
    "record_publish",
    "record_save",
    "registration_cancel",
    "registration_check_in",
    "walk_in_add",
    "registration_create",
    "reminders_send",
    "series_dates",
    "series_generate",
    "waitlist_promote",
]
