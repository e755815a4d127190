"""Resident pages for the project teams and the volunteer alliance (悦公益)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from community_portal.accounts.models import User
from community_portal.errors import ServiceError, add_to_form, raise_refusal
from community_portal.forms import as_database_id
from community_portal.http import safe_next_url
from community_portal.permissions import is_community_staff
from community_portal.ratelimit import rate_limit
from volunteers import selectors, services
from volunteers.errors import Code
from volunteers.forms import (
    ApplyForm,
    CodeForm,
    CompleteForm,
    DispatchForm,
    HoursForm,
    RateForm,
    ReasonForm,
    ServiceRequestForm,
)
from volunteers.models import ServiceRequest, Team, VolunteerRole, VolunteerShift


@require_GET
def team_list(request):
    return render(
        request,
        "volunteers/team_list.html",
        {"strand_groups": selectors.team_list_by_strand()},
    )


@require_GET
def team_detail(request, slug: str):
    page = selectors.team_page(slug=slug)
    if page is None:
        raise Http404
    return render(
        request,
        "volunteers/team_detail.html",
        {
            "team": page.team,
            "coming": page.coming,
            "recent": page.recent,
            # The volunteer alliance: members (masked) and the join button.
            "members": selectors.team_members(team_id=page.team.pk),
        },
    )


# --- the volunteer alliance (悦公益): pages for residents, volunteers, leaders, staff ---
#
# Views parse input, call one service or selector and render. A refused write
# (``ServiceError``) is answered by the portal's policy: what the visitor may not see
# is a 404, what they may see but not do a 403; any other refusal comes back as a
# message on the page it came from. Nothing changed, never a 500.


def _refused(request, error: ServiceError, fallback: str):
    raise_refusal(error)
    messages.error(request, error.message)
    return redirect(safe_next_url(request, fallback=fallback))


def _int(value) -> int | None:
    return as_database_id(value)


@require_GET
def hub(request):
    page = selectors.volunteer_hub(user=request.user)
    return render(request, "volunteers/hub.html", {"page": page})


@require_GET
def leaderboard(request):
    year = timezone.localdate().year
    return render(
        request,
        "volunteers/leaderboard.html",
        {
            "year": year,
            "volunteers_year": selectors.leaderboard_volunteers(year=year),
            "volunteers_all": selectors.leaderboard_volunteers(year=None),
            "teams_year": selectors.leaderboard_teams(year=year),
            "teams_all": selectors.leaderboard_teams(year=None),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def apply(request):
    volunteer = selectors.volunteer_get(user=request.user)
    form = ApplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.volunteer_apply(
                user=request.user,
                skills=data["skills"],
                availability=data["availability"],
                team_ids=[team.pk for team in data["teams"]],
            )
        except ServiceError as error:
            raise_refusal(error)
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Thank you! Staff will look at your application soon."),
            )
            return redirect("volunteers:me")
    return render(
        request, "volunteers/apply.html", {"form": form, "volunteer": volunteer}
    )


@login_required
@require_GET
def me(request):
    volunteer = selectors.volunteer_get(user=request.user)
    if volunteer is None:
        return redirect("volunteers:apply")
    dashboard = (
        selectors.volunteer_dashboard(
            volunteer=volunteer,
            show=request.GET.get("show", ""),
            page=request.GET.get("page"),
        )
        if volunteer.is_approved
        else None
    )
    return render(
        request, "volunteers/me.html", {"volunteer": volunteer, "dashboard": dashboard}
    )


@login_required
@require_GET
def certificate(request):
    volunteer = selectors.volunteer_get(user=request.user)
    if volunteer is None or not volunteer.is_approved:
        raise Http404
    return render(
        request,
        "volunteers/certificate.html",
        {"certificate": selectors.volunteer_certificate(volunteer=volunteer)},
    )


@login_required
@require_POST
def team_join(request, slug: str):
    team = get_object_or_404(Team, slug=slug)
    try:
        services.membership_request(team_id=team.pk, user=request.user)
    except ServiceError as error:
        return _refused(request, error, team.get_absolute_url())
    messages.success(request, _("Your request has been sent to the team leader."))
    return redirect(team.get_absolute_url())


@require_GET
def shop(request):
    volunteer = selectors.volunteer_get(user=request.user)
    balance = None
    if volunteer is not None and volunteer.is_approved:
        balance = selectors.points_balance(volunteer_id=volunteer.pk)
    return render(
        request,
        "volunteers/shop.html",
        {
            "rewards": selectors.reward_list(),
            "volunteer": volunteer,
            "balance": balance,
        },
    )


@login_required
@require_POST
def redeem(request, pk: int):
    try:
        redemption = services.reward_redeem(reward_id=pk, user=request.user)
    except ServiceError as error:
        return _refused(request, error, reverse("volunteers:shop"))
    messages.success(
        request,
        _("Done! Show the code %(code)s at the counter to collect %(reward)s.")
        % {"code": redemption.code, "reward": redemption.reward.name},
    )
    return redirect("volunteers:me")


@login_required
@require_http_methods(["GET", "POST"])
def shop_confirm(request):
    """The counter's phone page: type the code, see the reward, confirm once."""
    if not services.is_clerk_or_staff(request.user):
        raise Http404
    code = request.POST.get("code") or request.GET.get("code") or ""
    form = CodeForm(initial={"code": code})
    redemption = None
    if request.method == "POST":
        try:
            redemption = services.redemption_confirm(code=code, by_user=request.user)
        except ServiceError as error:
            raise_refusal(error)
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Confirmed: hand over %(reward)s.")
                % {"reward": redemption.reward.name},
            )
    elif code:
        try:
            redemption = services.redemption_find(code=code, by_user=request.user)
        except ServiceError as error:
            raise_refusal(error)
            messages.error(request, error.message)
    return render(
        request,
        "volunteers/shop_confirm.html",
        {"form": form, "redemption": redemption},
    )


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
        return _refused(request, error, fallback)
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
        return _refused(request, error, fallback)
    return redirect(fallback)


def _leader_or_404(user) -> None:
    if not user.is_authenticated or not (
        is_community_staff(user) or Team.objects.filter(leader_id=user.pk).exists()
    ):
        raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def leader(request):
    """The team leader's desk: requests to join, hours to enter."""
    _leader_or_404(request.user)
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
        return _refused(request, error, reverse("volunteers:leader"))
    messages.success(
        request, _("Welcome to the new member!") if approve else _("Request declined.")
    )
    return redirect(safe_next_url(request, fallback=reverse("volunteers:leader")))


@login_required
@require_GET
def staff_applications(request):
    if not is_community_staff(request.user):
        raise Http404
    return render(
        request,
        "volunteers/staff_applications.html",
        {
            "desk": selectors.staff_desk(
                show=request.GET.get("show", ""), page=request.GET.get("page")
            )
        },
    )


@login_required
@require_POST
def staff_application_decide(request, pk: int):
    if not is_community_staff(request.user):
        raise Http404
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
        return _refused(request, error, fallback)
    return redirect(fallback)


@login_required
@require_POST
def staff_hours_verify(request):
    if not is_community_staff(request.user):
        raise Http404
    ids = [i for i in map(_int, request.POST.getlist("entry")) if i is not None]
    if not ids:
        messages.error(request, _("Please tick the hours to verify."))
    else:
        verified = services.hours_verify(entry_ids=ids, by_user=request.user)
        messages.success(
            request, _("%(count)s entries verified.") % {"count": len(verified)}
        )
    return redirect(
        reverse("volunteers:staff_applications") + f"?show={selectors.StaffList.HOURS}"
    )


# --- service requests -------------------------------------------------------------------


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
    form = ServiceRequestForm(request.POST or None, for_staff=for_staff)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        requester = request.user
        phone = (data.get("requester_phone") or "").strip()
        if phone:
            matches = list(User.objects.filter(phone=phone, is_active=True)[:2])
            if len(matches) != 1:
                form.add_error(
                    "requester_phone", _("No single resident has this phone number.")
                )
                return render(request, "volunteers/service_form.html", {"form": form})
            requester = matches[0]
        try:
            service_request = services.service_request_create(
                requester=requester,
                ordered_by=request.user,
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
