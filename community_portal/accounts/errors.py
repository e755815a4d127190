"""The codes of the accounts' refusals (raised as ``ServiceError``)."""

from enum import StrEnum


class Code(StrEnum):
    # Resetting a password by an SMS code (the form again, with the message).
    RESET_CODE_WRONG = "reset_code_wrong"
    RESET_CODE_EXPIRED = "reset_code_expired"
    RESET_CODE_USED = "reset_code_used"
    RESET_CODE_TOO_MANY_TRIES = "reset_code_too_many_tries"
