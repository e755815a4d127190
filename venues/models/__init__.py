"""The venues app's models, one module by noun: the places (venues, spaces,
alliances) and the talk corridor in ``places``, the bookings of spaces in
``bookings``, the selections with public voting in ``selections``."""

from .bookings import BookingQuerySet, SpaceBooking
from .gallery import Exhibition, ExhibitionWork, Work, WorkPhoto
from .places import (
    Alliance,
    BookingMode,
    Matter,
    MatterEvent,
    MatterEventQuerySet,
    MatterPhoto,
    MatterQuerySet,
    MatterSecond,
    Merchant,
    Pledge,
    Programme,
    Space,
    SpacePhoto,
    Venue,
)
from .selections import (
    Nomination,
    NominationPhoto,
    NominationQuerySet,
    Objection,
    Selection,
    SelectionQuerySet,
    Vote,
)

__all__ = [
    "Alliance",
    "BookingMode",
    "BookingQuerySet",
    "Matter",
    "MatterEvent",
    "MatterEventQuerySet",
    "MatterPhoto",
    "MatterQuerySet",
    "MatterSecond",
    "Merchant",
    "Pledge",
    "Programme",
    "Space",
    "SpaceBooking",
    "SpacePhoto",
    "Venue",
    "Exhibition",
    "ExhibitionWork",
    "Work",
    "WorkPhoto",
    "Nomination",
    "NominationPhoto",
    "NominationQuerySet",
    "Objection",
    "Selection",
    "SelectionQuerySet",
    "Vote",
]
