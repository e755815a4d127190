"""Every form of the portal, by app: ``FORMS`` is the list the tests walk."""

from . import accounts, activities, grids, venues, volunteers

FORMS = [
    *accounts.FORMS,
    *venues.FORMS,
    *grids.FORMS,
    *volunteers.FORMS,
    *activities.FORMS,
]
