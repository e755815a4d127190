"""Telling volunteers and residents where their hours and service requests stand:
a notice each (``community_portal.notices``), created inside the service's
transaction."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from community_portal.notices.models import Notice
from community_portal.notices.services import notice_send

from .models import HoursEntry, ServiceRequest

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
