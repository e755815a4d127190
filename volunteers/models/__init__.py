"""The models of the project teams and the volunteer alliance (悦公益), by noun.

Django finds them here: every model is re-exported from its module. Every write goes
through ``volunteers.services``.
"""

from .certificates import SERIAL_PREFIX, ServiceCertificate
from .hours import HoursEntry, PointsRate
from .points import PointsEntry
from .seasons import Season, SeasonalService
from .service_requests import ServiceCategory, ServiceRequest, ServiceRequestPhoto
from .shifts import VolunteerRole, VolunteerShift
from .shop import MerchantClerk, Redemption, Reward
from .teams import Strand, Team, TeamMembership
from .volunteers import (
    AVAILABILITY_CODES,
    DayPart,
    Volunteer,
    Weekday,
    availability_choices,
)

__all__ = [
    "AVAILABILITY_CODES",
    "DayPart",
    "HoursEntry",
    "MerchantClerk",
    "PointsEntry",
    "PointsRate",
    "Redemption",
    "Reward",
    "SERIAL_PREFIX",
    "Season",
    "SeasonalService",
    "ServiceCategory",
    "ServiceRequest",
    "ServiceCertificate",
    "ServiceRequestPhoto",
    "Strand",
    "Team",
    "TeamMembership",
    "Volunteer",
    "VolunteerRole",
    "VolunteerShift",
    "Weekday",
    "availability_choices",
]
