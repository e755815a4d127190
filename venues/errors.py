"""The codes of the talk corridor's refusals (raised as ``ServiceError``)."""

from enum import StrEnum


class Code(StrEnum):
    LOGIN_REQUIRED = "login_required"
    FORM_USED = "form_used"
    TITLE_MISSING = "title_missing"
    DESCRIPTION_MISSING = "description_missing"
    CATEGORY_MISSING = "category_missing"
    TEXT_MISSING = "text_missing"
    REASON_MISSING = "reason_missing"
    ACTION_MISSING = "action_missing"
    # Not there (404).
    MATTER_NOT_FOUND = "matter_not_found"
    # May see the matter, may not do this (403).
    HANDLE_NOT_ALLOWED = "handle_not_allowed"
    EDIT_NOT_ALLOWED = "edit_not_allowed"
    # The moment is wrong (the form again, with the message).
    NOT_EDITABLE = "not_editable"
    OWN_MATTER = "own_matter"
    HIDDEN = "hidden"
    RESOLVED = "resolved"
    ALREADY_SECONDED = "already_seconded"
    ALREADY_HIDDEN = "already_hidden"
    NOT_HIDDEN = "not_hidden"
    # The timeline is append-only.
    TIMELINE_DELETE_NOT_ALLOWED = "timeline_delete_not_allowed"
