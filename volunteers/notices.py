"""Telling volunteers and residents where their hours and service requests stand:
a notice each (``community_portal.notices``), created inside the service's
transaction."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from community_portal.notices.models import Notice
from community_portal.notices.services import notice_send

from .models import HoursEntry, Redemption, ServiceRequest, Volunteer

REQUEST_TITLES = {
    ServiceRequest.Status.DISPATCHED: lambda: _(
        "Your service request was sent to a volunteer team"
    ),
    ServiceRequest.Status.ACCEPTED: lambda: _(
        "A volunteer has taken your service request"
    ),
    ServiceRequest.Status.DONE: lambda: _(
        "Your service request is done: please rate it"
    ),
}


def service_request_told(*, request: ServiceRequest) -> None:
    """The requester hears of each step (a new dispatch to another team too)."""
    with translation.override(settings.LANGUAGE_CODE):
        notice_send(
            recipient=request.requester,
            kind=Notice.Kind.SERVICE_REQUEST,
            key=f"service_request:{request.pk}:{request.status}:{request.team_id}",
            title=REQUEST_TITLES[request.status](),
            body=str(request),
            url=request.get_absolute_url(),
        )


def hours_told(*, entry: HoursEntry) -> None:
    """The volunteer hears that their hours were verified or rejected."""
    with translation.override(settings.LANGUAGE_CODE):
        if entry.status == HoursEntry.Status.VERIFIED:
            title = _("%(hours)s volunteer hours verified") % {"hours": entry.hours}
            body = ""
        else:
            title = _("Volunteer hours not accepted")
            body = entry.reject_reason
        notice_send(
            recipient=entry.volunteer.user,
            kind=Notice.Kind.HOURS,
            key=f"hours:{entry.pk}:{entry.status}",
            title=title,
            body=body,
        )


def redemption_told(*, redemption: Redemption) -> None:
    """The volunteer hears that their reward was handed over (the code used)."""
    with translation.override(settings.LANGUAGE_CODE):
        notice_send(
            recipient=redemption.volunteer.user,
            kind=Notice.Kind.POINTS,
            key=f"redemption:{redemption.pk}:{redemption.status}",
            title=_("Reward collected: %(reward)s") % {"reward": redemption.reward},
            body=_("%(points)d points spent, code %(code)s.")
            % {"points": redemption.points, "code": redemption.code},
            url=reverse("volunteers:me"),
        )


def application_told(*, volunteer: Volunteer) -> None:
    """The applicant hears that they are now a volunteer, or why not."""
    with translation.override(settings.LANGUAGE_CODE):
        if volunteer.status == Volunteer.Status.APPROVED:
            title = _("You are now a volunteer, number %(number)s") % {
                "number": volunteer.number
            }
            body = ""
        else:
            title = _("Your volunteer application was not approved")
            body = volunteer.decline_reason
        notice_send(
            recipient=volunteer.user,
            kind=Notice.Kind.VOLUNTEER,
            key=f"volunteer_application:{volunteer.pk}:{volunteer.status}",
            title=title,
            body=body,
            url=reverse("volunteers:me"),
        )
