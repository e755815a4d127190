"""Pages that compose several apps: the home page, "my activities" (``/me/``) and
the staff workbench (``/staff/``)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from activities.services import checkin_code
from community_portal.permissions import is_community_staff, is_team_leader, role_page
from community_portal.qr import qr_svg

from . import selectors
from . import workbench as workbench_selectors


@require_GET
def home(request):
    context = selectors.home_page(user=request.user)
    for_me = context.get("for_me")
    if for_me is not None and for_me.next_registration is not None:
        for_me.next_registration.checkin_code = checkin_code(for_me.next_registration)
    return render(request, "pages/home.html", context)


@login_required
@require_GET
def me(request):
    registrations = selectors.my_registrations(
        user=request.user, past_page=request.GET.get("page")
    )
    for registration in registrations.upcoming:
        registration.checkin_code = checkin_code(registration)
        registration.checkin_qr = _qr_svg(
            checkin_qr_payload(request, registration.checkin_code)
        )
    return render(
        request,
        "pages/me.html",
        {
            "registrations": registrations,
            "overview": selectors.my_overview(user=request.user),
            "profile": request.user,
        },
    )


def checkin_qr_payload(request, code: str) -> str:
    """What the QR code holds: the portal's absolute address of the code, which
    any phone camera or WeChat opens (the door page reads the code out of it)."""
    return request.build_absolute_uri(
        reverse("activities:checkin_link", kwargs={"code": code})
    )


def _qr_svg(code: str) -> str:
    return qr_svg(code, css_class="checkin-qr")


# --- the staff workbench -------------------------------------------------------------


def _can_use_workbench(user) -> bool:
    return is_community_staff(user) or is_team_leader(user)


@role_page(_can_use_workbench)
@require_GET
def workbench(request):
    scope = workbench_selectors.workbench_scope(user=request.user)
    return render(
        request,
        "pages/workbench.html",
        {
            "queues": workbench_selectors.workbench(scope=scope),
            "for_staff": scope.is_staff,
        },
    )


@role_page(_can_use_workbench)
@require_GET
def workbench_queue(request, key: str):
    if not workbench_selectors.queue_exists(key):
        raise Http404
    scope = workbench_selectors.workbench_scope(user=request.user)
    listed = workbench_selectors.workbench_queue(
        scope=scope, key=key, page=request.GET.get("page")
    )
    if listed is None:
        # The queue exists, but it is not a team leader's.
        raise PermissionDenied
    return render(
        request,
        "pages/workbench_queue.html",
        {"queue": listed.queue, "page": listed.page},
    )
