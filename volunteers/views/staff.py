"""The staff desk: applications and hours waiting."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from community_portal.errors import ServiceError
from community_portal.forms import as_database_id
from community_portal.permissions import staff_required
from volunteers import selectors, services
from volunteers.forms import (
    ReasonForm,
)

from .common import refused_redirect


@staff_required
@require_GET
def staff_applications(request):
    return render(
        request,
        "volunteers/staff_applications.html",
        {
            "desk": selectors.staff_desk(
                show=request.GET.get("show", ""), page=request.GET.get("page")
            )
        },
    )


@staff_required
@require_POST
def staff_application_decide(request, pk: int):
    fallback = reverse("volunteers:staff_applications")
    try:
        if request.POST.get("decision") == "approve":
            volunteer = services.volunteer_approve(
                volunteer_id=pk, by_user=request.user
            )
            messages.success(
                request,
                _("Approved: volunteer number %(number)s.")
                % {"number": volunteer.number},
            )
        else:
            form = ReasonForm(request.POST)
            if not form.is_valid():
                messages.error(
                    request, " ".join(form.errors.get("reason", [])) or _("Error")
                )
                return redirect(fallback)
            services.volunteer_decline(
                volunteer_id=pk,
                by_user=request.user,
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("Application declined."))
    except ServiceError as error:
        return refused_redirect(request, error, fallback)
    return redirect(fallback)


@staff_required
@require_POST
def staff_hours_verify(request):
    """Verify the ticked hours, or (``decision=reject``) reject them with a reason."""
    fallback = (
        reverse("volunteers:staff_applications") + f"?show={selectors.StaffList.HOURS}"
    )
    ids = [
        i for i in map(as_database_id, request.POST.getlist("entry")) if i is not None
    ]
    rejecting = request.POST.get("decision") == "reject"
    if not ids:
        messages.error(
            request,
            _("Please tick the hours to reject.")
            if rejecting
            else _("Please tick the hours to verify."),
        )
        return redirect(fallback)
    if rejecting:
        form = ReasonForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        try:
            rejected = services.hours_reject(
                entry_ids=ids, by_user=request.user, reason=reason
            )
        except ServiceError as error:
            return refused_redirect(request, error, fallback)
        messages.success(
            request, _("%(count)s entries rejected.") % {"count": len(rejected)}
        )
        return redirect(fallback)
    verified = services.hours_verify(entry_ids=ids, by_user=request.user)
    messages.success(
        request, _("%(count)s entries verified.") % {"count": len(verified)}
    )
    return redirect(fallback)
