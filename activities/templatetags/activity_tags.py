"""Template helpers of the resident activity pages."""

from django import template
from django.utils import timezone

from activities.models import Registration

register = template.Library()


@register.filter
def can_self_cancel(registration: Registration) -> bool:
    """Whether the resident may still give up this place themselves: a waitlist
    place always, a seat until the activity's cut-off, never once checked in
    (``services.registration_cancel`` has the same rules and decides)."""
    if registration.is_checked_in:
        return False
    if registration.status == Registration.Status.WAITLISTED:
        return True
    return (
        registration.status == Registration.Status.CONFIRMED
        and timezone.now() < registration.activity.cancellation_deadline
    )
