"""Serving at activities: an activity's call for volunteers, sign-ups, check-in
and out; the team leader's desk."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from community_portal.errors import ServiceError, raise_refusal
from community_portal.http import safe_next_url
from community_portal.permissions import role_page
from volunteers import selectors, services
from volunteers.errors import Code
from volunteers.forms import (
    HoursForm,
)
from volunteers.models import VolunteerRole, VolunteerShift

from .common import refused_redirect


@require_GET
def activity_volunteers(request, pk: int):
    page = selectors.activity_roles(activity_id=pk, user=request.user)
    if page is None:
        raise Http404
    volunteer = selectors.volunteer_get(user=request.user)
    return render(
        request,
        "volunteers/activity_roles.html",
        {"page": page, "volunteer": volunteer},
    )


@login_required
@require_POST
def role_sign_up(request, pk: int):
    role = get_object_or_404(VolunteerRole, pk=pk)
    fallback = reverse("volunteers:activity", args=[role.activity_id])
    try:
        services.shift_sign_up(role_id=role.pk, user=request.user)
    except ServiceError as error:
        return refused_redirect(request, error, fallback)
    messages.success(request, _("Thank you! You have signed up to help."))
    return redirect(fallback)


@login_required
@require_POST
def shift_action(request, pk: int, action: str):
    """Withdraw (the volunteer), check in or out (the organiser)."""
    shift = get_object_or_404(VolunteerShift.objects.select_related("role"), pk=pk)
    fallback = reverse("volunteers:activity", args=[shift.role.activity_id])
    try:
        if action == "cancel":
            services.shift_cancel(shift_id=shift.pk, user=request.user)
            messages.success(request, _("You have withdrawn."))
        elif action == "check-in":
            services.shift_check_in(shift_id=shift.pk, by_user=request.user)
            messages.success(request, _("Checked in."))
        elif action == "check-out":
            entry = services.shift_check_out(shift_id=shift.pk, by_user=request.user)
            messages.success(
                request,
                _("Checked out: %(hours)s hours, waiting for staff to verify.")
                % {"hours": entry.hours},
            )
        else:
            raise Http404
    except ServiceError as error:
        return refused_redirect(request, error, fallback)
    return redirect(fallback)


@role_page(services.can_use_leader_desk)
@require_http_methods(["GET", "POST"])
def leader(request):
    """The team leader's desk: requests to join, hours to enter."""
    shifts = selectors.leader_hours_choices(user=request.user)
    form = HoursForm(request.POST or None, shifts=shifts)
    if request.method == "POST" and form.is_valid():
        shift = next(s for s in shifts if s.pk == form.cleaned_data["shift"])
        try:
            services.hours_enter(
                volunteer_id=shift.volunteer_id,
                activity_id=shift.role.activity_id,
                hours=form.cleaned_data["hours"],
                note=form.cleaned_data["note"],
                by_user=request.user,
            )
        except ServiceError as error:
            raise_refusal(error)
            form.add_error(
                "hours" if error.code in _HOURS_CODES else None, error.message
            )
        else:
            messages.success(request, _("Hours entered; staff will verify them."))
            return redirect("volunteers:leader")
    return render(
        request,
        "volunteers/leader.html",
        {
            "page": selectors.leader_page(
                user=request.user, page=request.GET.get("page")
            ),
            "form": form,
        },
    )


_HOURS_CODES = {Code.BAD_HOURS, Code.TOO_MANY_HOURS}


@login_required
@require_POST
def membership_decide(request, pk: int):
    approve = request.POST.get("decision") == "approve"
    try:
        services.membership_decide(
            membership_id=pk, by_user=request.user, approve=approve
        )
    except ServiceError as error:
        # Another team's request is not the visitor's to see: 404, not 403.
        if error.code in (Code.NOT_FOUND, Code.NOT_ALLOWED):
            raise Http404 from None
        return refused_redirect(request, error, reverse("volunteers:leader"))
    messages.success(
        request, _("Welcome to the new member!") if approve else _("Request declined.")
    )
    return redirect(safe_next_url(request, fallback=reverse("volunteers:leader")))
