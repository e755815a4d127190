"""Resident pages for activities: find one (list, filters, month calendar), read
it, sign up, cancel, rate it afterwards, and the highlights (纪实) of past ones.

Every refusal of a service (``ServiceError``) is shown on the page with what the
resident typed kept (404 and 403 refusals become those pages, by the portal's
policy); nothing here answers with a 500.
"""

import datetime
import re

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from activities import intent, selectors, services
from activities.errors import Code
from activities.forms import ActivityFilterForm, RatingForm, RegistrationForm
from activities.models import Registration
from community_portal.accounts.selectors import household_signup_members
from community_portal.errors import ServiceError, raise_refusal
from community_portal.http import safe_next_url
from community_portal.permissions import is_community_staff
from community_portal.qr import qr_svg

MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{1,2})$")


@require_GET
def activity_list(request):
    form = ActivityFilterForm(request.GET, choices=selectors.activity_filter_choices())
    filters = form.filters()
    page = selectors.activity_list_page(filters=filters, page=request.GET.get("page"))
    return render(
        request,
        "activities/activity_list.html",
        {
            "page_obj": page,
            "activities": page.object_list,
            "form": form,
            "filters": filters,
        },
    )


def _parse_month(value: str | None) -> datetime.date:
    """``2026-12`` as its first day; anything else is this month."""
    match = MONTH_PATTERN.match(value or "")
    if match:
        year, month = int(match[1]), int(match[2])
        if 2000 <= year <= 2100 and 1 <= month <= 12:
            return datetime.date(year, month, 1)
    return timezone.localdate().replace(day=1)


@require_GET
def activity_calendar(request):
    first = _parse_month(request.GET.get("month"))
    return render(
        request,
        "activities/activity_calendar.html",
        {
            # Lazy: read only when the drawn month is not cached under its key.
            "calendar": SimpleLazyObject(
                lambda: selectors.activity_calendar(month=first)
            ),
            "calendar_key": selectors.activity_calendar_key(month=first),
        },
    )


def _poster_qr(url: str) -> str:
    """The page's address as an inline SVG QR code for posters and screens."""
    return qr_svg(url, css_class="poster-qr")


def _render_detail(
    request,
    page: selectors.ActivityPage,
    *,
    registration_form: RegistrationForm | None = None,
    rating_form: RatingForm | None = None,
    error: str = "",
    error_for: str = "",
    status: int = 200,
):
    activity = page.activity
    page_url = request.build_absolute_uri(activity.get_absolute_url())
    return render(
        request,
        "activities/activity_detail.html",
        {
            "page": page,
            "activity": activity,
            "record": page.record,
            "registration": page.registration,
            "registration_open": activity.is_registration_open(),
            "registration_form": registration_form
            or RegistrationForm(
                max_companions=activity.max_companions,
                household_members=_household_members(request),
            ),
            "rating_form": rating_form or RatingForm(),
            "error": error,
            "error_for": error_for,
            "page_url": page_url,
            "poster_qr": _poster_qr(page_url),
            "now": timezone.now(),
            "can_manage": services.can_manage_registrations(
                user=request.user, activity=activity
            ),
            "is_staff_member": is_community_staff(request.user),
        },
        status=status,
    )


def _household_members(request) -> list:
    """The members of the visitor's household they may sign up (none for a
    visitor without one)."""
    return household_signup_members(user=request.user)


def _page_or_404(request, pk: int) -> selectors.ActivityPage:
    page = selectors.activity_page_get(pk=pk, user=request.user)
    if page is None:
        raise Http404
    return page


@require_GET
def activity_detail(request, pk: int):
    return _render_detail(request, _page_or_404(request, pk))


@require_http_methods(["GET", "POST"])
def activity_register(request, pk: int):
    """Sign up (POST). Not logged in: the form's fields are kept for after the
    login (``activities.intent``); a GET back from the login page completes that
    sign-up, or else goes to the activity."""
    detail_url = reverse("activities:detail", kwargs={"pk": pk})
    if not request.user.is_authenticated:
        page = _page_or_404(request, pk)
        return intent.keep_and_log_in(
            request, activity_id=pk, title=page.activity.title
        )
    data = (
        request.POST
        if request.method == "POST"
        else intent.pop(request, activity_id=pk)
    )
    if data is None:
        return redirect(detail_url)
    page = _page_or_404(request, pk)
    form = RegistrationForm(
        data,
        max_companions=page.activity.max_companions,
        household_members=_household_members(request),
    )
    if not form.is_valid():
        return _render_detail(
            request, page, registration_form=form, error_for="registration", status=400
        )
    try:
        if form.is_party or not form.cleaned_data["include_self"]:
            registration = services.party_registration_create(
                activity_id=pk,
                user=request.user,
                member_ids=form.cleaned_data["members"],
                include_self=form.cleaned_data["include_self"],
            )[0]
        else:
            registration = services.registration_create(
                activity_id=pk,
                user=request.user,
                companions=form.cleaned_data["companions"],
            )
    except ServiceError as error:
        raise_refusal(error)
        if error.code == Code.ALREADY_REGISTERED:
            # A double tap, or a second browser tab: the page shows the seat.
            messages.info(request, error.message)
            return redirect(detail_url)
        return _render_detail(
            request,
            page,
            registration_form=form,
            error=error.message,
            error_for="registration",
            status=409,
        )
    if request.method != "POST":
        messages.success(
            request, _("You are signed up, as you asked before logging in.")
        )
    if form.is_party or not form.cleaned_data["include_self"]:
        _party_message(request, registration)
    elif registration.status == Registration.Status.CONFIRMED:
        messages.success(
            request,
            _(
                "You are signed up and your seat is confirmed. Your check-in code "
                "is under “My activities”."
            ),
        )
    else:
        messages.warning(
            request,
            _(
                "The activity is full, so you are on the waitlist: number "
                "%(position)s. If a seat frees up it is yours automatically."
            )
            % {
                "position": selectors.registration_waitlist_position(
                    registration_id=registration.pk
                )
            },
        )
    return redirect(detail_url)


def _party_message(request, registration: Registration) -> None:
    if registration.status == Registration.Status.CONFIRMED:
        messages.success(
            request,
            _(
                "Your household is signed up and every seat is confirmed. Each "
                "person's check-in code is under “My activities”."
            ),
        )
    else:
        messages.warning(
            request,
            _(
                "There are not enough free seats for all of you, so your household "
                "is on the waitlist together: number %(position)s. You get your "
                "seats together, or not at all."
            )
            % {
                "position": selectors.registration_waitlist_position(
                    registration_id=registration.pk
                )
            },
        )


@require_http_methods(["GET", "POST"])
def activity_cancel_registration(request, pk: int):
    """Cancel my own registration (POST), then back to the activity or ``next``."""
    detail_url = reverse("activities:detail", kwargs={"pk": pk})
    if not request.user.is_authenticated:
        return redirect_to_login(detail_url)
    if request.method != "POST":
        return redirect(detail_url)
    page = _page_or_404(request, pk)
    # A household member's seat names its registration; one's own does not.
    target = page.registration
    if request.POST.get("registration"):
        target = next(
            (
                row
                for row in page.household_registrations
                if str(row.pk) == request.POST["registration"]
            ),
            None,
        )
    if target is None:
        messages.info(request, _("You are not registered for this activity."))
        return redirect(safe_next_url(request, fallback=detail_url))
    try:
        registration = services.registration_cancel(
            registration_id=target.pk, user=request.user
        )
    except ServiceError as error:
        raise_refusal(error)
        return _render_detail(
            request, page, error=error.message, error_for="cancel", status=409
        )
    if registration.member_id is not None:
        messages.success(
            request,
            _("The place of %(name)s for “%(title)s” is cancelled.")
            % {"name": registration.member.name, "title": registration.activity.title},
        )
    else:
        messages.success(
            request,
            _("Your place for “%(title)s” is cancelled.")
            % {"title": registration.activity.title},
        )
    return redirect(safe_next_url(request, fallback=detail_url))


@require_http_methods(["GET", "POST"])
def activity_rate(request, pk: int):
    """Rate an activity one attended (POST)."""
    detail_url = reverse("activities:detail", kwargs={"pk": pk})
    if not request.user.is_authenticated:
        return redirect_to_login(detail_url)
    if request.method != "POST":
        return redirect(detail_url)
    page = _page_or_404(request, pk)
    form = RatingForm(request.POST)
    if not form.is_valid():
        return _render_detail(
            request, page, rating_form=form, error_for="rating", status=400
        )
    try:
        services.rating_create(
            activity_id=pk,
            user=request.user,
            score=form.cleaned_data["score"],
            comment=form.cleaned_data["comment"],
        )
    except ServiceError as error:
        raise_refusal(error)
        return _render_detail(
            request,
            page,
            rating_form=form,
            error=error.message,
            error_for="rating",
            status=409,
        )
    messages.success(request, _("Thank you for your rating!"))
    return redirect(detail_url)


@require_GET
def highlight_list(request):
    page = selectors.record_list_page(page=request.GET.get("page"))
    return render(
        request,
        "activities/highlight_list.html",
        {"page_obj": page, "records": page.object_list},
    )
