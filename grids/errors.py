"""The codes of grid work's refusals (raised as ``ServiceError``)."""

from enum import StrEnum


class Code(StrEnum):
    # May not do grid work at all, or may see the entry but not do this (403).
    WORK_NOT_ALLOWED = "work_not_allowed"
    STAFF_NOT_ALLOWED = "staff_not_allowed"
    EDIT_NOT_ALLOWED = "edit_not_allowed"
    # Not theirs to see (404): another grid's entry.
    ENTRY_NOT_FOUND = "entry_not_found"
    # Not there (404): the id of a row that does not exist (any more).
    VISIT_LOG_NOT_FOUND = "visit_log_not_found"
    ISSUE_REPORT_NOT_FOUND = "issue_report_not_found"
    SORTING_CHECK_NOT_FOUND = "sorting_check_not_found"
    FORM_USED = "form_used"
    BUILDING_OUTSIDE_GRIDS = "building_outside_grids"
    DATE_IN_FUTURE = "date_in_future"
    NOTES_MISSING = "notes_missing"
    DESCRIPTION_MISSING = "description_missing"
    URGENCY_MISSING = "urgency_missing"
    RESOLUTION_MISSING = "resolution_missing"
    COUNTS_DO_NOT_ADD_UP = "counts_do_not_add_up"
    # Too late to change it (the form again, with the message).
    EDIT_WINDOW_OVER = "edit_window_over"
    ISSUE_RESOLVED = "issue_resolved"
    FOLLOW_NOT_ALLOWED = "follow_not_allowed"
    FOLLOW_TARGET_MISSING = "follow_target_missing"
