"""The activities app's refusal codes. Every refusal is a
``community_portal.errors.ServiceError`` with one of these codes; those ending in
``_not_found`` are 404s and ``not_allowed`` is a 403, by the portal's one policy."""

from enum import StrEnum


class Code(StrEnum):
    ACTIVITY_NOT_FOUND = "activity_not_found"
    REGISTRATION_NOT_FOUND = "registration_not_found"
    NOT_PUBLISHED = "not_published"
    ACTIVITY_CANCELLED = "activity_cancelled"
    ENDED = "ended"
    NOT_OPEN_YET = "not_open_yet"
    CLOSED = "closed"
    ALREADY_REGISTERED = "already_registered"
    PARTY_EMPTY = "party_empty"
    TOO_MANY_COMPANIONS = "too_many_companions"
    NOT_ELIGIBLE = "not_eligible"
    NOT_ALLOWED = "not_allowed"
    INVALID_CAPACITY = "invalid_capacity"
    ALREADY_CANCELLED = "already_cancelled"
    CANCELLATION_CLOSED = "cancellation_closed"
    CHECKED_IN = "checked_in"
    CODE_INVALID = "code_invalid"
    CODE_OTHER_ACTIVITY = "code_other_activity"
    CHECKIN_CLOSED = "checkin_closed"
    NOT_CONFIRMED = "not_confirmed"
    REGISTRATION_CANCELLED = "registration_cancelled"
    ALREADY_CHECKED_IN = "already_checked_in"
    # The door QR (self check-in).
    DOOR_INVALID = "door_invalid"
    DOOR_OTHER_ACTIVITY = "door_other_activity"
    NOT_REGISTERED = "not_registered"
    # Series, records, ratings.
    SERIES_NOT_FOUND = "series_not_found"
    RECORD_NOT_FOUND = "record_not_found"
    NOT_STARTED = "not_started"
    NOT_ENDED = "not_ended"
    NOT_ATTENDED = "not_attended"
    ALREADY_RATED = "already_rated"
    RATING_CLOSED = "rating_closed"
    INVALID_SCORE = "invalid_score"
    COMMENT_TOO_LONG = "comment_too_long"
