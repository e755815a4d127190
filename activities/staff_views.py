"""Staff pages of activities: the door (check-in by code, from the list, walk-ins),
the record (纪实) and the satisfaction figures.

The door and the record are for community staff and the leader of the organising
team (``services.can_manage_registrations``); walk-ins and the figures are for
community staff only. Views parse input, call a service or a selector and render;
a refusal from a service is shown on the page, never a 500.
"""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from community_portal.accounts.services import user_create_walk_in
from community_portal.errors import ServiceError, add_to_form, raise_refusal
from community_portal.permissions import is_community_staff

from . import services, staff_selectors
from .checkin import read_code
from .errors import Code
from .forms import (
    RecordForm,
    StaffCheckinCodeForm,
    StaffSatisfactionRangeForm,
    StaffWalkInNewForm,
    StaffWalkInSearchForm,
    StaffWalkInUserForm,
)
from .models import Activity, Registration


def _activity_for_door(request, pk: int) -> Activity:
    activity = staff_selectors.activity_for_staff(pk=pk)
    if activity is None:
        raise Http404
    if not services.can_manage_registrations(user=request.user, activity=activity):
        raise PermissionDenied
    return activity


def _checkin_url(activity: Activity, *, done: int | None = None) -> str:
    url = reverse("activities:checkin", kwargs={"pk": activity.pk})
    return f"{url}?done={done}" if done else url


# --- the door ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def activity_checkin(request, pk: int):
    """The check-in page: a code typed or scanned, and the list of confirmed
    registrations. A successful check-in redirects (so a reload does not send the
    code again) and the page then shows who came in."""
    activity = _activity_for_door(request, pk)
    if request.method == "POST":
        form = StaffCheckinCodeForm(request.POST)
        if form.is_valid():
            code = form.cleaned_data["code"]
            try:
                registration = services.checkin_by_code(
                    activity_id=activity.pk, code=code, by_user=request.user
                )
            except ServiceError as error:
                raise_refusal(error)
                return _render_door(
                    request,
                    activity,
                    code_form=form,
                    failure=_failure(activity, code, error),
                )
            return redirect(_checkin_url(activity, done=registration.pk))
        return _render_door(request, activity, code_form=form)
    return _render_door(request, activity, code_form=StaffCheckinCodeForm())


@require_http_methods(["GET", "POST"])
def checkin_link(request, code: str):
    """The address in a resident's QR code. Opened by the organisers of its
    activity: a page confirming whom it checks in, whose button (a POST, CSRF
    protected) does it. Opened by anyone else: a harmless page saying what the
    code is for. A forged code or another problem: the reason, in words."""
    context = {"code": code}
    try:
        parsed = read_code(code)
    except ServiceError as error:
        context["error"] = error.message
        return render(request, "activities/checkin_link.html", context, status=400)
    activity = Activity.objects.filter(pk=parsed.activity_id).first()
    if activity is None:
        context["error"] = _("This activity does not exist.")
        return render(request, "activities/checkin_link.html", context, status=404)
    context["activity"] = activity
    if not services.can_manage_registrations(user=request.user, activity=activity):
        return render(request, "activities/checkin_link.html", context)
    context["can_check_in"] = True
    context["registration"] = staff_selectors.registration_for_code(
        activity_id=activity.pk, code=code
    )
    if request.method == "POST":
        try:
            registration = services.checkin_by_code(
                activity_id=activity.pk, code=code, by_user=request.user
            )
        except ServiceError as error:
            raise_refusal(error)
            context["error"] = error.message
            return render(request, "activities/checkin_link.html", context)
        return redirect(_checkin_url(activity, done=registration.pk))
    return render(request, "activities/checkin_link.html", context)


def _failure(activity: Activity, code: str, error: ServiceError) -> dict:
    """What to say about a refused code: the service's message, and for a real
    registration whose state is the problem, whose code it is."""
    registration = None
    if error.code in (
        Code.ALREADY_CHECKED_IN,
        Code.NOT_CONFIRMED,
        Code.REGISTRATION_CANCELLED,
    ):
        registration = staff_selectors.registration_for_code(
            activity_id=activity.pk, code=code
        )
    return {"code": error.code, "message": error.message, "registration": registration}


@login_required
@require_POST
def registration_checkin(request, pk: int, registration_pk: int):
    """Check someone in from the list (no phone, no code)."""
    activity = _activity_for_door(request, pk)
    registration = staff_selectors.registration_for_door(
        activity_id=activity.pk, pk=registration_pk
    )
    if registration is None:
        raise Http404
    try:
        services.registration_check_in(
            registration_id=registration.pk, by_user=request.user
        )
    except ServiceError as error:
        raise_refusal(error)
        messages.error(request, error.message)
        return redirect(_checkin_url(activity))
    return redirect(_checkin_url(activity, done=registration.pk))


@login_required
@require_POST
def walk_in_add(request, pk: int):
    """Add someone who came without signing up (community staff only): a person
    with an account, found by the search, or a new minimal resident's account."""
    activity = _activity_for_door(request, pk)
    if not is_community_staff(request.user):
        raise PermissionDenied
    if request.POST.get("kind") == "new":
        form = StaffWalkInNewForm(request.POST, prefix="new")
        context = {"new_form": form}
    else:
        form = StaffWalkInUserForm(request.POST, prefix="walk-in")
        context = {"user_form": form}
    if not form.is_valid():
        return _render_door(request, activity, **context)
    try:
        if isinstance(form, StaffWalkInNewForm):
            registration = _walk_in_new_resident(request, activity, form)
            if registration is None:
                return _render_door(request, activity, **context)
        else:
            registration = services.walk_in_add(
                activity_id=activity.pk,
                user=form.cleaned_data["user"],
                by_user=request.user,
                companions=form.cleaned_data["companions"],
            )
    except ServiceError as error:
        raise_refusal(error)
        form.add_error(None, error.message)
        return _render_door(request, activity, **context)
    messages.success(request, _("The walk-in has been added and checked in."))
    return redirect(_checkin_url(activity, done=registration.pk))


def _walk_in_new_resident(
    request, activity: Activity, form: StaffWalkInNewForm
) -> Registration | None:
    phone = form.cleaned_data["phone"]
    if staff_selectors.users_with_phone(phone=phone).exists():
        form.add_error(
            "phone",
            _(
                "Someone with this phone number already has an account: "
                "find them with the search above."
            ),
        )
        return None
    # The account and the walk-in stand or fall together.
    with transaction.atomic():
        try:
            user = user_create_walk_in(name=form.cleaned_data["name"], phone=phone)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return None
        return services.walk_in_add(
            activity_id=activity.pk,
            user=user,
            by_user=request.user,
            companions=form.cleaned_data["companions"],
        )


def _render_door(
    request,
    activity: Activity,
    *,
    code_form=None,
    user_form=None,
    new_form=None,
    failure: dict | None = None,
):
    show_full_names = is_community_staff(request.user)
    done = None
    done_pk = request.GET.get("done", "")
    # ASCII digits only ("²".isdigit() is true) and a size a primary key can have.
    if request.method == "GET" and re.fullmatch(r"[0-9]{1,18}", done_pk):
        done = staff_selectors.registration_for_door(
            activity_id=activity.pk, pk=int(done_pk)
        )
        if done is not None and not done.is_checked_in:
            done = None
    search_form = StaffWalkInSearchForm(request.GET or None)
    found = []
    if show_full_names and search_form.is_valid():
        found = staff_selectors.user_search(term=search_form.cleaned_data["q"])
    registrations = staff_selectors.door_registrations(activity_id=activity.pk)
    checked_in = sum(1 for registration in registrations if registration.is_checked_in)
    return render(
        request,
        "activities/staff/checkin.html",
        {
            "activity": activity,
            "code_form": code_form or StaffCheckinCodeForm(),
            "failure": failure,
            "done": done,
            "registrations": registrations,
            "checked_in_count": checked_in,
            "show_full_names": show_full_names,
            "can_add_walk_ins": show_full_names,
            "search_form": search_form,
            "searched": search_form.is_bound,
            "found": found,
            "user_form": user_form,
            "new_form": new_form or StaffWalkInNewForm(prefix="new"),
        },
    )


# --- the record (纪实) ----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def activity_record(request, pk: int):
    activity = _activity_for_door(request, pk)
    record = staff_selectors.record_for_activity(activity_id=activity.pk)
    if request.method == "POST":
        form = RecordForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.record_save(
                    activity_id=activity.pk,
                    author=request.user,
                    summary=form.cleaned_data["summary"],
                    photos=form.cleaned_data["photos"],
                    publish=form.cleaned_data["publish"],
                )
            except ServiceError as error:
                raise_refusal(error)
                add_to_form(form, error)
            else:
                messages.success(request, _("The record has been saved."))
                url = reverse("activities:record", kwargs={"pk": activity.pk})
                if request.headers.get("X-Requested-With") == "XMLHttpRequest":
                    # upload-form.js follows this after an upload with progress.
                    return HttpResponse(status=204, headers={"X-Location": url})
                return redirect(url)
    else:
        form = RecordForm(
            initial={
                "summary": record.summary if record else "",
                "publish": record.is_published if record else False,
            }
        )
    chosen = [upload.name for upload in request.FILES.getlist("photos") if form.errors]
    return render(
        request,
        "activities/staff/record.html",
        {
            "activity": activity,
            "record": record,
            "photos": list(record.photos.all()) if record else [],
            "form": form,
            "chosen_photos": chosen,
            "not_writable_reason": _record_not_writable(activity),
        },
    )


def _record_not_writable(activity: Activity) -> str:
    """Why the record cannot be written yet ('' when it can); the service says
    the same when asked anyway."""
    if activity.status == Activity.Status.CANCELLED:
        return _("This activity has been cancelled.")
    if activity.status != Activity.Status.PUBLISHED:
        return _("This activity has not been published.")
    if timezone.now() < activity.starts_at:
        return _("A record can be written once the activity has started.")
    return ""


# --- satisfaction and participation ---------------------------------------------------


@login_required
@require_GET
def satisfaction(request):
    if not is_community_staff(request.user):
        raise PermissionDenied
    form = StaffSatisfactionRangeForm(request.GET or None)
    start, end = form.date_range()
    if not form.is_bound:
        form = StaffSatisfactionRangeForm(initial={"start": start, "end": end})
    by_strand = staff_selectors.satisfaction_by_strand(start=start, end=end)
    ratings_by_month = {
        row["month"]: row
        for row in staff_selectors.satisfaction_by_month(start=start, end=end)
    }
    participation = staff_selectors.participation_by_month(start=start, end=end)
    months = [
        {"participation": row, "rating": ratings_by_month.get(row.month)}
        for row in participation
    ]
    ratings = staff_selectors.rating_totals(start=start, end=end)
    totals = {
        **ratings,
        "activities": sum(row.activities for row in participation),
        "registered": sum(row.registered for row in participation),
        "attended": sum(row.attended for row in participation),
    }
    return render(
        request,
        "activities/staff/satisfaction.html",
        {
            "form": form,
            "start": start,
            "end": end,
            "by_strand": by_strand,
            "months": months,
            "totals": totals,
            "max_registered": max([row.registered for row in participation] or [0]),
        },
    )
