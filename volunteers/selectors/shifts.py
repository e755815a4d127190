"""A volunteer's own shifts, as the activity's door QR page shows them."""

from django.db import models

from ..models import VolunteerShift


def door_shifts(*, activity_id: int, user) -> list[VolunteerShift]:
    """The user's shifts (not cancelled) at an activity, the one the door QR
    starts or ends first: a started one, then one not started, then ended ones."""
    if not user.is_authenticated:
        return []
    return list(
        VolunteerShift.objects.active()
        .select_related("role")
        .filter(volunteer__user_id=user.pk, role__activity_id=activity_id)
        .order_by(
            models.F("checked_out_at").desc(nulls_first=True),
            models.F("checked_in_at").asc(nulls_last=True),
            "pk",
        )
    )
