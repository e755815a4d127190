"""Pages of the bookings of spaces: a space's week and booking form, the
resident's own bookings, cancelling, a booking's calendar file, and the staff's
page to approve, refuse and block."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from community_portal.errors import ServiceError, add_to_form
from community_portal.permissions import staff_required

from . import selectors, services
from .booking_forms import BlockForm, BookingDecisionForm, BookingForm
from .ical import booking_to_ical

STAFF_STATUSES = ("pending", "confirmed", "refused", "cancelled", "block")


def _day(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@require_http_methods(["GET", "POST"])
def space_book(request, slug: str):
    """The week of slots (anyone may look) and the booking form (signed in)."""
    day = _day(request.GET.get("week"))
    form_data = request.POST if request.method == "POST" else None
    week = selectors.booking_week(slug=slug, day=day, user=request.user)
    if week is None:
        raise Http404
    if form_data is not None and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    initial = {}
    picked = _day(request.GET.get("date"))
    if picked and request.GET.get("start"):
        initial = {"date": picked, "start": request.GET["start"]}
    form = BookingForm(form_data, space=week.space, initial=initial)
    if form_data is not None and form.is_valid():
        starts_at, ends_at = form.times()
        try:
            made = services.booking_create(
                space_id=week.space.pk,
                user=request.user,
                starts_at=starts_at,
                ends_at=ends_at,
                note=form.cleaned_data["note"],
                weeks=form.cleaned_data["weeks"],
            )
        except ServiceError as error:
            add_to_form(form, error)
        else:
            if made[0].status == made[0].Status.PENDING:
                messages.success(
                    request, _("Your booking is made; staff will approve it soon.")
                )
            else:
                messages.success(request, _("Your booking is confirmed."))
            return redirect("venues:booking_mine")
    return render(
        request,
        "venues/bookings/week.html",
        {"week": week, "space": week.space, "form": form},
        status=400 if form.errors else 200,
    )


@require_safe
@login_required
def booking_mine(request):
    return render(
        request,
        "venues/bookings/mine.html",
        {
            "page": selectors.booking_mine(
                user=request.user, page=request.GET.get("page")
            )
        },
    )


@require_POST
@login_required
def booking_cancel(request, pk: int):
    try:
        services.booking_cancel(booking_id=pk, user=request.user)
    except ServiceError as error:
        if error.code.endswith("_not_found"):
            raise Http404 from error
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your booking is cancelled."))
    return redirect("venues:booking_mine")


@require_safe
@login_required
def booking_ics(request, pk: int):
    booking = selectors.booking_ics_get(pk=pk, user=request.user)
    if booking is None:
        raise Http404
    response = HttpResponse(
        booking_to_ical(
            booking,
            url=request.build_absolute_uri(booking.space.get_booking_url()),
        ),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="booking-{pk}.ics"'
    return response


def _staff_page(request, *, block_form=None, status=400):
    wanted = request.GET.get("status", "pending")
    if wanted not in STAFF_STATUSES:
        wanted = "pending"
    return render(
        request,
        "venues/bookings/staff.html",
        {
            "page": selectors.booking_staff_list(
                status=wanted, page=request.GET.get("page")
            ),
            "status": wanted,
            "statuses": STAFF_STATUSES,
            "block_form": block_form or BlockForm(),
            "decision_form": BookingDecisionForm(),
        },
        status=status,
    )


@require_safe
@staff_required
def booking_staff(request):
    return _staff_page(request, status=200)


@require_POST
@staff_required
def booking_decide(request, pk: int):
    form = BookingDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to approve or to refuse."))
        return redirect("venues:booking_staff")
    try:
        if form.cleaned_data["action"] == "confirm":
            services.booking_confirm(booking_id=pk, staff=request.user)
            messages.success(request, _("The booking is approved."))
        else:
            services.booking_refuse(
                booking_id=pk, staff=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("The booking is refused."))
    except ServiceError as error:
        if error.code.endswith("_not_found"):
            raise Http404 from error
        messages.error(request, error.message)
    return redirect("venues:booking_staff")


@require_POST
@staff_required
def booking_block(request):
    form = BlockForm(request.POST)
    if form.is_valid():
        try:
            services.block_create(
                space_id=form.cleaned_data["space"].pk,
                staff=request.user,
                starts_at=form.cleaned_data["starts_at"],
                ends_at=form.cleaned_data["ends_at"],
                reason=form.cleaned_data["reason"],
            )
        except ServiceError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("The time is blocked."))
            return redirect(f"{reverse('venues:booking_staff')}?status=block")
    return _staff_page(request, block_form=form)
