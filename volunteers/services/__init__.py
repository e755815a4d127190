"""Writes of the volunteer alliance, by noun: applications, team membership, shifts,
hours, the points ledger, the points shop and service requests.

Every function owns its transaction. Rules are checked once without a lock (fast
refusals for double clicks), then again under the lock, then written. Every refusal
is a ``community_portal.errors.ServiceError`` with a code of ``volunteers.errors.Code``;
every status change goes through the model's ``PIPELINE``.

Points never go negative and stock is never oversold: a write that spends points
locks the volunteer's row (``select_for_update()``) once, late, re-reads the ledger
sum and only then appends; a write that takes stock locks the reward row and
decrements it with ``F()``. ``PointsEntry.balance_after >= 0`` and
``Reward.stock >= 0`` are database constraints behind them. Lock order, to stay
free of deadlocks: the volunteer, then the reward (or the role, the redemption).
On SQLite ``select_for_update()`` does nothing, but every transaction begins
IMMEDIATE (see the settings), which serialises writers just the same.

The ledger is append-only: voiding a redemption writes a new entry that returns the
points; nothing in history is edited or deleted.
"""

from .applications import volunteer_apply, volunteer_approve, volunteer_decline
from .common import (
    CODE_ALPHABET,
    CODE_LENGTH,
    MAX_TEXT,
    VOLUNTEER_NUMBER_PREFIX,
    can_lead_team,
    can_organise_activity,
    can_use_leader_desk,
    is_team_member,
)
from .hours import hours_enter, hours_reject, hours_verify, parse_hours
from .points import points_rate_on
from .records import (
    certificate_issue,
    identity_values,
    volunteer_identity_set,
)
from .service_requests import (
    service_request_accept,
    service_request_cancel,
    service_request_complete,
    service_request_create,
    service_request_dispatch,
    service_request_rate,
)
from .shifts import (
    shift_cancel,
    shift_check_in,
    shift_check_out,
    shift_door_scan,
    shift_sign_up,
)
from .shop import (
    can_confirm_redemption,
    is_clerk_or_staff,
    normalise_code,
    redemption_confirm,
    redemption_find,
    redemption_void,
    reward_redeem,
)
from .teams import membership_decide, membership_request

__all__ = [
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "MAX_TEXT",
    "VOLUNTEER_NUMBER_PREFIX",
    "can_confirm_redemption",
    "can_lead_team",
    "can_use_leader_desk",
    "certificate_issue",
    "identity_values",
    "can_organise_activity",
    "hours_enter",
    "hours_reject",
    "hours_verify",
    "is_clerk_or_staff",
    "is_team_member",
    "membership_decide",
    "membership_request",
    "normalise_code",
    "parse_hours",
    "points_rate_on",
    "redemption_confirm",
    "redemption_find",
    "redemption_void",
    "reward_redeem",
    "service_request_accept",
    "service_request_cancel",
    "service_request_complete",
    "service_request_create",
    "service_request_dispatch",
    "service_request_rate",
    "shift_cancel",
    "shift_check_in",
    "shift_check_out",
    "shift_door_scan",
    "shift_sign_up",
    "volunteer_apply",
    "volunteer_approve",
    "volunteer_decline",
    "volunteer_identity_set",
]
