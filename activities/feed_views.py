"""Calendar files: one activity's event and the subscribable feed of them all."""

import datetime

from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from volunteers.models import Strand

from .ical import calendar_to_ical
from .models import Activity, Audience

CONTENT_TYPE = "text/calendar; charset=utf-8"
# The feed keeps the last month's activities, so a subscribed calendar keeps
# recent events and sees late cancellations.
FEED_PAST = datetime.timedelta(days=30)
FEED_LIMIT = 1000


def _calendar_activities() -> QuerySet[Activity]:
    return Activity.objects.published().select_related("venue", "space")


def _filter(queryset: QuerySet[Activity], params) -> QuerySet[Activity]:
    """Apply the list page's filters that are given and valid; ignore the rest.
    ``strand`` and ``audience`` are choice values, ``campaign``, ``venue`` and
    ``team`` slugs, ``q`` words to look for in the title and text."""
    strand = params.get("strand")
    if strand in Strand.values:
        queryset = queryset.filter(strand=strand)
    audience = params.get("audience")
    if audience in Audience.values:
        queryset = queryset.filter(audience=audience)
    for name, lookup in (
        ("campaign", "campaigns__slug"),
        ("venue", "venue__slug"),
        ("team", "team__slug"),
    ):
        value = params.get(name, "").strip()
        if value:
            # Campaign slugs are unique, so the join adds no duplicate rows.
            queryset = queryset.filter(**{lookup: value})
    for word in params.get("q", "").split()[:5]:
        queryset = queryset.filter(
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(description__icontains=word)
        )
    return queryset


def _ics_response(content: bytes, *, filename: str, attachment: bool) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@require_safe
def activity_feed(request):
    """Published (and cancelled) activities from 30 days ago on, filtered like the
    list page. One query, whatever the number of activities."""
    since = timezone.now() - FEED_PAST
    activities = _filter(
        _calendar_activities().filter(ends_at__gte=since), request.GET
    ).order_by("starts_at", "id")[:FEED_LIMIT]
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
    activity = _calendar_activities().filter(pk=pk).first()
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
