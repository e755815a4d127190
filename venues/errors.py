"""The codes of the venues app's refusals (raised as ``ServiceError``): the talk
corridor's and the bookings'."""

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
    # The author's follow-up of a resolved matter.
    FOLLOW_UP_NOT_ALLOWED = "follow_up_not_allowed"
    NOT_RESOLVED = "not_resolved"
    ALREADY_REOPENED = "already_reopened"
    ALREADY_HIDDEN = "already_hidden"
    NOT_HIDDEN = "not_hidden"
    # The timeline is append-only.
    TIMELINE_DELETE_NOT_ALLOWED = "timeline_delete_not_allowed"
    # Bookings of spaces.
    SPACE_NOT_FOUND = "space_not_found"
    BOOKING_NOT_FOUND = "booking_not_found"
    BOOKING_NOT_ALLOWED = "booking_not_allowed"
    DECIDE_NOT_ALLOWED = "decide_not_allowed"
    NOT_BOOKABLE = "not_bookable"
    IN_THE_PAST = "in_the_past"
    TOO_FAR_AHEAD = "too_far_ahead"
    OUTSIDE_HOURS = "outside_hours"
    CLOSED_DAY = "closed_day"
    NOT_ON_SLOT = "not_on_slot"
    TOO_LONG = "too_long"
    OWN_OVERLAP = "own_overlap"
    SLOT_FULL = "slot_full"
    SLOT_BLOCKED = "slot_blocked"
    BAD_WEEKS = "bad_weeks"
    BOOKINGS_IN_THE_WAY = "bookings_in_the_way"
    ALREADY_OVER = "already_over"
    # The 悦珍阁 gallery.
    WORK_NOT_FOUND = "work_not_found"
    CURATE_NOT_ALLOWED = "curate_not_allowed"
    KIND_MISSING = "kind_missing"
    PHOTO_MISSING = "photo_missing"
    BAD_STUDIO = "bad_studio"
    NOT_APPROVED = "not_approved"
    # Selections with public voting.
    SELECTION_NOT_FOUND = "selection_not_found"
    NOMINATION_NOT_FOUND = "nomination_not_found"
    REVIEW_NOT_ALLOWED = "review_not_allowed"
    NOT_NOMINATING = "not_nominating"
    NOT_VOTING = "not_voting"
    NOT_IN_NOTICE = "not_in_notice"
    NOT_A_CANDIDATE = "not_a_candidate"
    PHOTO_REQUIRED = "photo_required"
    NAME_MISSING = "name_missing"
    STORY_MISSING = "story_missing"
    ALREADY_VOTED = "already_voted"
    NO_VOTES_LEFT = "no_votes_left"
    OWN_NOMINATION = "own_nomination"
    OBJECTION_NOT_FOUND = "objection_not_found"
