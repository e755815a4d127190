"""Template helpers of the resident activity pages."""

from django import template
from django.utils import timezone

from activities.models import Activity, Registration
from activities.services.common import age_rule_message, age_rule_text

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


@register.filter
def age_refusal(activity: Activity, user) -> str:
    """Why this signed-in resident cannot sign up because of the age rules
    ("限80岁以上"), shown before the tap instead of a refusal after it; ``""``
    when they may (or nobody is signed in, or no birth year is known)."""
    if not getattr(user, "is_authenticated", False):
        return ""
    return age_rule_message(activity, user) or ""


@register.filter
def age_refusal_for(activity: Activity, member) -> str:
    """The same for a household member (known by birth year), or ``""``."""
    return age_rule_message(activity, member) or ""


@register.filter
def age_rule(activity: Activity) -> str:
    """The activity's age rule in words, or ``""``."""
    return age_rule_text(activity)
