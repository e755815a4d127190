"""Forms of the activities app: the resident pages' (``public``) and the staff
pages' and admin's (``staff``)."""

from .public import (
    COMPANIONS_FIELD_MAX,
    SEARCH_MAX_LENGTH,
    ActivityFilterForm,
    RatingForm,
    RegistrationForm,
)
from .staff import (
    MAX_WALK_IN_COMPANIONS,
    RECORD_MAX_PHOTOS,
    RECORD_SUMMARY_MAX_LENGTH,
    SATISFACTION_MAX_YEARS,
    ActivityCancelForm,
    RecordForm,
    StaffCheckinCodeForm,
    StaffSatisfactionRangeForm,
    StaffWalkInNewForm,
    StaffWalkInSearchForm,
    StaffWalkInUserForm,
    default_satisfaction_range,
)

__all__ = [
    "COMPANIONS_FIELD_MAX",
    "MAX_WALK_IN_COMPANIONS",
    "RECORD_MAX_PHOTOS",
    "RECORD_SUMMARY_MAX_LENGTH",
    "SATISFACTION_MAX_YEARS",
    "SEARCH_MAX_LENGTH",
    "ActivityCancelForm",
    "ActivityFilterForm",
    "RatingForm",
    "RecordForm",
    "RegistrationForm",
    "StaffCheckinCodeForm",
    "StaffSatisfactionRangeForm",
    "StaffWalkInNewForm",
    "StaffWalkInSearchForm",
    "StaffWalkInUserForm",
    "default_satisfaction_range",
]
