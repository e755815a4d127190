"""Service request pages (点单→派单→接单→评单)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from community_portal.errors import ServiceError, add_to_form, raise_refusal
from community_portal.permissions import is_community_staff
from community_portal.ratelimit import rate_limit
from volunteers import selectors, services
from volunteers.forms import (
    CompleteForm,
    DispatchForm,
    RateForm,
    ServiceRequestForm,
)
from volunteers.models import ServiceRequest


@login_required
@require_GET
def service_list(request):
    return render(
        request,
        "volunteers/service_list.html",
        {
            "lists": selectors.service_request_lists(
                user=request.user,
                show=request.GET.get("show", ""),
                page=request.GET.get("page"),
            )
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@rate_limit(key="service_request")
def service_new(request):
    for_staff = is_community_staff(request.user)
    form = ServiceRequestForm(
        request.POST or None,
        for_staff=for_staff,
        # A resident orders for themselves: what their profile knows comes filled in.
        initial={} if for_staff else profile_initial(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            service_request = services.service_request_create(
                requester=request.user,
                ordered_by=request.user,
                requester_phone=data.get("requester_phone") or "",
                category_id=data["category"].pk,
                description=data["description"],
                wanted_at=data["wanted_at"],
                place=data["place"],
                contact_phone=data["contact_phone"],
            )
        except ServiceError as error:
            raise_refusal(error)
            add_to_form(form, error)
        else:
            messages.success(
                request, _("Your order is in. You can follow it on this page.")
            )
            return redirect(service_request.get_absolute_url())
    return render(request, "volunteers/service_form.html", {"form": form})


def profile_initial(user) -> dict:
    """The phone and building of the resident's profile, to start the form with."""
    initial = {"contact_phone": user.phone}
    if user.building_id:
        initial["place"] = str(user.building)
    return initial


@login_required
@require_GET
def service_detail(request, pk: int):
    service_request = selectors.service_request_get(pk=pk, user=request.user)
    if service_request is None:
        raise Http404
    user = request.user
    context = {
        "req": service_request,
        "is_requester": service_request.requester_id == user.pk,
        "is_staff": is_community_staff(user),
        "can_accept": service_request.status == ServiceRequest.Status.DISPATCHED
        and services.is_team_member(user=user, team_id=service_request.team_id),
        "can_complete": service_request.status == ServiceRequest.Status.ACCEPTED
        and service_request.accepted_by_id == user.pk,
        "dispatch_form": DispatchForm(initial={"team": service_request.team_id}),
        "complete_form": CompleteForm(),
        "rate_form": RateForm(),
    }
    return render(request, "volunteers/service_detail.html", context)


@login_required
@require_POST
def service_action(request, pk: int, action: str):
    # Anyone who may not see the request gets a 404, whatever the action.
    service_request = selectors.service_request_get(pk=pk, user=request.user)
    if service_request is None:
        raise Http404
    url = service_request.get_absolute_url()
    user = request.user
    try:
        if action == "dispatch":
            form = DispatchForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Please choose a team from the list."))
                return redirect(url)
            services.service_request_dispatch(
                request_id=pk, team_id=form.cleaned_data["team"].pk, by_user=user
            )
            messages.success(request, _("Sent to the team."))
        elif action == "accept":
            services.service_request_accept(request_id=pk, by_user=user)
            messages.success(request, _("It is yours. Thank you!"))
        elif action == "complete":
            form = CompleteForm(request.POST, request.FILES)
            if not form.is_valid():
                for errors in form.errors.values():
                    for error in errors:
                        messages.error(request, error)
                return redirect(url)
            services.service_request_complete(
                request_id=pk,
                by_user=user,
                note=form.cleaned_data["note"],
                hours=form.cleaned_data["hours"],
                photos=form.cleaned_data["photos"],
            )
            messages.success(request, _("Marked as done. Thank you!"))
        elif action == "rate":
            form = RateForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Please choose from 1 to 5 stars."))
                return redirect(url)
            services.service_request_rate(
                request_id=pk,
                by_user=user,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
            messages.success(request, _("Thank you for your rating."))
        elif action == "cancel":
            services.service_request_cancel(request_id=pk, by_user=user)
            messages.success(request, _("Your order has been cancelled."))
        else:
            raise Http404
    except ServiceError as error:
        raise_refusal(error)
        messages.error(request, error.message)
    return redirect(url)
