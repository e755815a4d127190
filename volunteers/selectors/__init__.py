"""Reads of the project-team pages and the volunteer alliance (悦公益), by noun.
Lists come back as pages (``community_portal.pagination.paginate``), never cut."""

from .dashboard import (
    HISTORY_PER_PAGE,
    Certificate,
    Dashboard,
    History,
    points_balance,
    reward_list,
    volunteer_certificate,
    volunteer_dashboard,
    volunteer_get,
)
from .hub import (
    HUB_LEADERBOARD_SIZE,
    LEADERBOARD_SIZE,
    BoardRow,
    HubPage,
    SeasonCard,
    activities_needing_volunteers,
    leaderboard_teams,
    leaderboard_volunteers,
    volunteer_hub,
)
from .leaders import (
    ActivityRoles,
    LeaderPage,
    activity_roles,
    leader_hours_choices,
    leader_page,
)
from .records import (
    PublicCertificate,
    certificate_for_viewer,
    certificate_list,
    certificate_verify,
    national_hours,
    normalise_serial,
)
from .service_requests import (
    ServiceLists,
    ServiceListShow,
    dispatch_teams,
    service_request_get,
    service_request_lists,
    service_request_photo_get,
)
from .shifts import door_shifts
from .staff import StaffDesk, StaffList, staff_desk
from .teams import StrandGroup, TeamPage, team_list_by_strand, team_members, team_page

__all__ = [
    "HISTORY_PER_PAGE",
    "HUB_LEADERBOARD_SIZE",
    "LEADERBOARD_SIZE",
    "ActivityRoles",
    "BoardRow",
    "Certificate",
    "Dashboard",
    "History",
    "HubPage",
    "LeaderPage",
    "PublicCertificate",
    "SeasonCard",
    "ServiceListShow",
    "ServiceLists",
    "StaffDesk",
    "StaffList",
    "StrandGroup",
    "TeamPage",
    "activities_needing_volunteers",
    "activity_roles",
    "certificate_for_viewer",
    "certificate_list",
    "certificate_verify",
    "dispatch_teams",
    "door_shifts",
    "leader_hours_choices",
    "leader_page",
    "leaderboard_teams",
    "leaderboard_volunteers",
    "national_hours",
    "normalise_serial",
    "points_balance",
    "reward_list",
    "service_request_get",
    "service_request_photo_get",
    "service_request_lists",
    "staff_desk",
    "team_list_by_strand",
    "team_members",
    "team_page",
    "volunteer_certificate",
    "volunteer_dashboard",
    "volunteer_get",
    "volunteer_hub",
]
