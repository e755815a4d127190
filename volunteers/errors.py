"""The refusal codes of the volunteer alliance. Every refusal is a
``community_portal.errors.ServiceError`` with one of these codes; a code ending in
``_not_found`` answers 404, one ending in ``_not_allowed`` 403 (the portal's policy)."""

from enum import StrEnum

from community_portal.photos import BAD_PHOTO, TOO_MANY_PHOTOS
from community_portal.status import BAD_TRANSITION


class Code(StrEnum):
    NOT_ALLOWED = "not_allowed"
    NOT_FOUND = "not_found"
    INVALID = "invalid"
    BAD_TRANSITION = BAD_TRANSITION
    BAD_PHOTO = BAD_PHOTO
    TOO_MANY_PHOTOS = TOO_MANY_PHOTOS
    LEDGER_APPEND_ONLY = "ledger_append_only"
    ALREADY_APPLIED = "already_applied"
    ALREADY_VOLUNTEER = "already_volunteer"
    NOT_PENDING = "not_pending"
    NOT_VOLUNTEER = "not_volunteer"
    TEAM_INACTIVE = "team_inactive"
    ALREADY_IN_TEAM = "already_in_team"
    ACTIVITY_CLOSED = "activity_closed"
    ROLE_FULL = "role_full"
    ALREADY_SIGNED_UP = "already_signed_up"
    NOT_CHECKED_IN = "not_checked_in"
    ALREADY_CHECKED_IN = "already_checked_in"
    ALREADY_CHECKED_OUT = "already_checked_out"
    NOT_CHECKED_OUT = "not_checked_out"
    DID_NOT_SERVE = "did_not_serve"
    BAD_HOURS = "bad_hours"
    TOO_MANY_HOURS = "too_many_hours"
    HOURS_ALREADY_ENTERED = "hours_already_entered"
    NOT_ENOUGH_POINTS = "not_enough_points"
    OUT_OF_STOCK = "out_of_stock"
    REWARD_UNAVAILABLE = "reward_unavailable"
    CODE_UNKNOWN = "code_unknown"
    ALREADY_CONFIRMED = "already_confirmed"
    VOIDED = "voided"
    OTHER_MERCHANT = "other_merchant"
    WRONG_STATUS = "wrong_status"
    NOT_IN_TEAM = "not_in_team"
    BAD_RATING = "bad_rating"
    ID_NUMBER_TAKEN = "id_number_taken"
    NO_VERIFIED_HOURS = "no_verified_hours"
