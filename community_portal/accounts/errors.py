"""The accounts app's refusal codes (raised as ``ServiceError``); those ending in
``_not_found`` are 404s and ``_not_allowed`` 403s, by the portal's one policy."""

from enum import StrEnum


class Code(StrEnum):
    HOUSEHOLD_NOT_FOUND = "household_not_found"
    MEMBER_NOT_FOUND = "member_not_found"
    HOUSEHOLD_NOT_ALLOWED = "household_not_allowed"
    ALREADY_IN_HOUSEHOLD = "already_in_household"
    ADDRESS_TAKEN = "address_taken"
    ROOM_MISSING = "room_missing"
    NOT_ADULT = "not_adult"
    MEMBER_TWICE = "member_twice"
    NAME_MISSING = "name_missing"
    BIRTH_YEAR_INVALID = "birth_year_invalid"
    MEMBER_HAS_ACCOUNT = "member_has_account"
    MEMBER_HAS_SIGNUPS = "member_has_signups"
    # Resetting a password by an SMS code (the form again, with the message).
    RESET_CODE_WRONG = "reset_code_wrong"
    RESET_CODE_EXPIRED = "reset_code_expired"
    RESET_CODE_USED = "reset_code_used"
    RESET_CODE_TOO_MANY_TRIES = "reset_code_too_many_tries"
