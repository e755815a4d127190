"""Calendar files: one activity's event and the subscribable feed of them all."""

import datetime

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from . import selectors
from .forms import ActivityFilterForm
from .ical import calendar_to_ical

CONTENT_TYPE = "text/calendar; charset=utf-8"
# The feed keeps the last month's activities, so a subscribed calendar keeps
# recent events and sees late cancellations.
FEED_PAST = datetime.timedelta(days=30)
FEED_LIMIT = 1000


def _ics_response(content: bytes, *, filename: str, attachment: bool) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@require_safe
def activity_feed(request):
    """Published (and cancelled) activities from 30 days ago on, filtered like the
    list page (the same form and selector). One query, whatever the number of
    activities."""
    activities = selectors.activity_feed_list(
        filters=ActivityFilterForm(request.GET).filters(),
        since=timezone.now() - FEED_PAST,
        limit=FEED_LIMIT,
    )
    content = calendar_to_ical(
        activities,
        name=_("Activities of the New Era Civilization Practice Center"),
        url_for=lambda activity: request.build_absolute_uri(
            activity.get_absolute_url()
        ),
    )
    return _ics_response(content, filename="activities.ics", attachment=False)


@require_safe
def activity_ics(request, pk: int):
    """One activity as a calendar file to open in the phone's calendar."""
    activity = selectors.activity_ics_get(pk=pk)
    if activity is None:
        raise Http404
    content = calendar_to_ical(
        [activity],
        name=activity.title,
        url_for=lambda activity: request.build_absolute_uri(
            activity.get_absolute_url()
        ),
    )
    return _ics_response(content, filename=f"activity-{pk}.ics", attachment=True)
