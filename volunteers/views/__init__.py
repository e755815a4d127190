"""Pages of the project teams and the volunteer alliance (悦公益), by noun."""

from .alliance import (
    apply,
    certificate,
    hub,
    leaderboard,
    me,
    redeem,
    shop,
    shop_confirm,
    team_join,
)
from .records import (
    certificate_detail,
    certificate_issue,
    certificate_verify,
    certificate_verify_serial,
    identity,
    staff_national_export,
)
from .service_requests import service_action, service_detail, service_list, service_new
from .shifts import (
    activity_volunteers,
    leader,
    membership_decide,
    role_sign_up,
    shift_action,
)
from .staff import staff_application_decide, staff_applications, staff_hours_verify
from .teams import team_detail, team_list

__all__ = [
    "activity_volunteers",
    "apply",
    "certificate",
    "certificate_detail",
    "certificate_issue",
    "certificate_verify",
    "certificate_verify_serial",
    "hub",
    "identity",
    "leader",
    "leaderboard",
    "me",
    "membership_decide",
    "redeem",
    "role_sign_up",
    "service_action",
    "service_detail",
    "service_list",
    "service_new",
    "shift_action",
    "shop",
    "shop_confirm",
    "staff_application_decide",
    "staff_applications",
    "staff_hours_verify",
    "staff_national_export",
    "team_detail",
    "team_join",
    "team_list",
]
