"""The 悦公益 pages of residents and volunteers: the hub, the leaderboard, applying,
the volunteer's page and certificate, joining a team, the points shop and its
counter."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from community_portal.errors import ServiceError, raise_refusal
from community_portal.permissions import role_page
from volunteers import selectors, services
from volunteers.forms import (
    ApplyIdentityForm,
    CodeForm,
    PeriodForm,
)
from volunteers.models import Team

from .common import refused_redirect
from .records import form_refusal


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
            "board": selectors.leaderboard_page(year=year),
        },
    )


@sensitive_post_parameters("id_number")
@login_required
@require_http_methods(["GET", "POST"])
def apply(request):
    volunteer = selectors.volunteer_get(user=request.user)
    form = ApplyIdentityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.volunteer_apply(
                user=request.user,
                skills=data["skills"],
                availability=data["availability"],
                team_ids=[team.pk for team in data["teams"]],
                identity=form.identity(),
            )
        except ServiceError as error:
            form_refusal(form, error)
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
        {
            "certificate": selectors.volunteer_certificate(volunteer=volunteer),
            "issued": selectors.certificate_list(volunteer=volunteer),
            "period_form": PeriodForm(),
        },
    )


@login_required
@require_POST
def team_join(request, slug: str):
    team = get_object_or_404(Team, slug=slug)
    try:
        services.membership_request(team_id=team.pk, user=request.user)
    except ServiceError as error:
        return refused_redirect(request, error, team.get_absolute_url())
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
        return refused_redirect(request, error, reverse("volunteers:shop"))
    messages.success(
        request,
        _("Done! Show the code %(code)s at the counter to collect %(reward)s.")
        % {"code": redemption.code, "reward": redemption.reward.name},
    )
    return redirect("volunteers:me")


@role_page(services.is_clerk_or_staff)
@require_http_methods(["GET", "POST"])
def shop_confirm(request):
    """The counter's phone page: type the code, see the reward, confirm once."""
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
