"""The activity's door QR: the page its poster's QR code opens, and the poster.

A signed-in resident with a seat checks themselves in with one tap; a volunteer
serving at the activity starts their shift with the first scan and ends it with
the second (the hours then wait for staff to verify). The taps are POSTs (CSRF
protected): the QR's address is printed for all to see, so opening it must never
check anybody in by itself. A forged token, another activity's poster or a closed
window get a clear message, never a 500.
"""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from community_portal.errors import ServiceError, raise_refusal

from . import selectors, services, staff_selectors
from .errors import Code


def _render(request, token: str, *, page=None, error: str = "", status: int = 200):
    context = {"token": token, "error": error}
    if page is not None:
        context.update(
            {
                "page": page,
                "activity": page.activity,
                "registration": page.registration,
                "shift": page.shift,
                "shifts_done": bool(page.shifts) and page.shift is None,
                "can_manage": services.can_manage_registrations(
                    user=request.user, activity=page.activity
                ),
            }
        )
    return render(request, "activities/door.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def door(request, token: str):
    try:
        activity = services.door_activity(token=token)
    except ServiceError as error:
        status = 404 if error.code == Code.ACTIVITY_NOT_FOUND else 400
        return _render(request, token, error=error.message, status=status)
    page = selectors.door_page_get(activity_id=activity.pk, user=request.user)
    if page is None:
        raise Http404
    if request.method == "POST":
        try:
            if request.POST.get("action") == "shift":
                shift, hours = services.door_shift_scan(token=token, user=request.user)
                if hours is None:
                    messages.success(request, _("Your shift has started. Thank you!"))
                else:
                    messages.success(
                        request,
                        _(
                            "Your shift has ended: %(hours)s hours, waiting for "
                            "staff to verify them."
                        )
                        % {"hours": hours.hours},
                    )
            else:
                services.door_check_in(token=token, user=request.user)
                messages.success(request, _("You are checked in. Welcome!"))
        except ServiceError as error:
            raise_refusal(error)
            return _render(request, token, page=page, error=error.message, status=409)
        return redirect(reverse("activities:door", kwargs={"token": token}))
    return _render(request, token, page=page)


def _door_qr(url: str) -> str:
    svg = segno.make_qr(url, error="q").svg_inline(
        scale=1, border=4, omitsize=True, light="#fff", svgclass="door-qr", title=url
    )
    # segno's own markup; the only text in it (the title) is escaped by segno.
    return mark_safe(svg)  # noqa: S308


@login_required
@require_GET
def door_poster(request, pk: int):
    """The printable A4 poster with the activity's door QR (staff and the leader
    of the organising team)."""
    activity = staff_selectors.activity_for_staff(pk=pk)
    if activity is None:
        raise Http404
    if not services.can_manage_registrations(user=request.user, activity=activity):
        raise PermissionDenied
    url = request.build_absolute_uri(
        reverse("activities:door", kwargs={"token": services.door_token(activity)})
    )
    return render(
        request,
        "activities/staff/door_poster.html",
        {"activity": activity, "door_url": url, "door_qr": _door_qr(url)},
    )
