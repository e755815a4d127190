"""Writes of the venues app, one module by noun: the talk corridor's matters
(``matters``), the bookings of spaces (``bookings``) and the selections with
public voting (``selections``)."""

from .bookings import (
    MAX_WEEKS,
    block_create,
    booking_cancel,
    booking_confirm,
    booking_create,
    booking_refuse,
    bookings_release_for_activity,
    check_times,
)
from .gallery import work_approve, work_feature, work_refuse, work_submit
from .matters import (
    matter_accept,
    matter_create,
    matter_edit_refusal,
    matter_follow_up,
    matter_handle,
    matter_hide,
    matter_reply,
    matter_resolve,
    matter_second,
    matter_set_in_progress,
    matter_show,
    matter_update,
)
from .selections import (
    nomination_approve,
    nomination_create,
    nomination_refuse,
    objection_create,
    objection_handle,
    vote_cast,
)

__all__ = [
    "matter_create",
    "matter_update",
    "matter_edit_refusal",
    "matter_second",
    "matter_accept",
    "matter_reply",
    "matter_set_in_progress",
    "matter_resolve",
    "matter_follow_up",
    "matter_hide",
    "matter_show",
    "matter_handle",
    "MAX_WEEKS",
    "block_create",
    "booking_cancel",
    "booking_confirm",
    "booking_create",
    "booking_refuse",
    "bookings_release_for_activity",
    "check_times",
    "work_approve",
    "work_feature",
    "work_refuse",
    "work_submit",
    "nomination_approve",
    "nomination_create",
    "nomination_refuse",
    "objection_create",
    "objection_handle",
    "vote_cast",
]
