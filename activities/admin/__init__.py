"""Admin of the central-work campaigns, the activities and everything around them:
registrations, series, records (纪实) and ratings, by noun.

Writes that have rules (seats, the waitlist, check-in, publishing, cancelling with
notices, generating a series) go through ``activities.services``: the actions and
``save_model``/``save_formset`` call them, never change the rows themselves.
Registrations and ratings are looked at here, not edited.
"""

from .activities import ActivityAdmin, CampaignAdmin
from .records import ActivityRecordAdmin, RatingAdmin
from .registrations import RegistrationAdmin
from .series import ActivitySeriesAdmin

__all__ = [
    "ActivityAdmin",
    "ActivityRecordAdmin",
    "ActivitySeriesAdmin",
    "CampaignAdmin",
    "RatingAdmin",
    "RegistrationAdmin",
]
