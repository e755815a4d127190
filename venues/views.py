"""Resident pages for the culture venues and the partner alliances, and the talk
corridor's matters (说事长廊)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from community_portal.errors import ServiceError, add_to_form, raise_refusal
from community_portal.permissions import is_community_staff
from community_portal.ratelimit import rate_limit
from venues import selectors, services
from venues.deadlines import MATTER_REPLY_DAYS
from venues.forms import MatterForm, MatterHandleForm


@require_GET
def venue_list(request):
    return render(request, "venues/venue_list.html", {"venues": selectors.venue_list()})


@require_GET
def venue_detail(request, slug: str):
    page = selectors.venue_page(slug=slug)
    if page is None:
        raise Http404
    return render(
        request,
        "venues/venue_detail.html",
        {"venue": page.venue, "activities": page.activities},
    )


@require_GET
def alliance_list(request):
    return render(
        request, "venues/alliance_list.html", {"alliances": selectors.alliance_list()}
    )


@require_GET
def alliance_detail(request, slug: str):
    page = selectors.alliance_page(slug=slug)
    if page is None:
        raise Http404
    return render(
        request,
        "venues/alliance_detail.html",
        {"alliance": page.alliance, "activities": page.activities},
    )


# --- The talk corridor (说事长廊) --------------------------------------------------------


@require_GET
def matter_board(request):
    board = selectors.matter_board(
        user=request.user,
        order=request.GET.get("order", "newest"),
        status=request.GET.get("status", "all"),
        page=request.GET.get("page", 1),
    )
    return render(request, "venues/matters/board.html", {"board": board})


@require_GET
def matter_detail(request, pk: int):
    page = selectors.matter_page(pk=pk, user=request.user)
    if page is None:
        raise Http404
    return render(
        request,
        "venues/matters/detail.html",
        {
            "page": page,
            "matter": page.matter,
            "handle_form": MatterHandleForm() if page.is_staff else None,
            "can_edit": request.user.is_authenticated
            and services.matter_edit_refusal(matter=page.matter, user=request.user)
            is None,
        },
    )


def _matter_form_page(request, form, *, matter=None):
    return render(
        request,
        "venues/matters/form.html",
        {
            "form": form,
            "matter": matter,
            "chosen_photos": [p.name for p in request.FILES.getlist("photos")]
            if form.is_bound
            else [],
        },
    )


def _done(request, matter):
    if request.headers.get("X-Requested-With") == "XMLHttpRequest":
        response = HttpResponse(status=204)
        response["X-Location"] = matter.get_absolute_url()
        return response
    return redirect(matter)


@require_http_methods(["GET", "POST"])
@login_required
@rate_limit(key="matter")
def matter_create(request):
    if request.method == "POST":
        form = MatterForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                matter, _created = services.matter_create(
                    author=request.user, **form.cleaned_data
                )
            except ServiceError as error:
                add_to_form(form, error)
            else:
                messages.success(
                    request, _("Your matter is on the board. Staff will reply.")
                )
                return _done(request, matter)
    else:
        # The building the profile knows comes chosen; the resident may change it.
        form = MatterForm(initial={"building": request.user.building_id})
    return _matter_form_page(request, form)


@require_http_methods(["GET", "POST"])
@login_required
def matter_edit(request, pk: int):
    matter = selectors.matter_get(pk=pk, user=request.user)
    if matter is None:
        raise Http404
    refusal = services.matter_edit_refusal(matter=matter, user=request.user)
    if refusal:
        messages.error(request, refusal.message)
        return redirect(matter)
    if request.method == "POST":
        form = MatterForm(request.POST, with_photos=False)
        if form.is_valid():
            try:
                services.matter_update(
                    matter_id=matter.pk, by_user=request.user, **form.cleaned_data
                )
            except ServiceError as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("Your matter is updated."))
                return redirect(matter)
    else:
        form = MatterForm(
            with_photos=False,
            initial={
                "title": matter.title,
                "description": matter.description,
                "category": matter.category,
                "building": matter.building_id,
                "is_anonymous": matter.is_anonymous,
            },
        )
    return _matter_form_page(request, form, matter=matter)


@require_POST
@login_required
def matter_second(request, pk: int):
    matter = selectors.matter_get(pk=pk, user=request.user)
    if matter is None:
        raise Http404
    try:
        services.matter_second(matter_id=matter.pk, user=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("You have seconded this matter."))
    return redirect(matter)


@require_POST
@login_required
def matter_follow_up(request, pk: int):
    """The author's answer to "has it been solved?"."""
    matter = selectors.matter_get(pk=pk, user=request.user)
    if matter is None:
        raise Http404
    solved = request.POST.get("answer") == "solved"
    try:
        services.matter_follow_up(
            matter_id=matter.pk,
            by_user=request.user,
            solved=solved,
            reason=request.POST.get("reason", "")[:4000],
        )
    except ServiceError as error:
        raise_refusal(error)
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Thank you for telling us.")
            if solved
            else _("The matter is reopened; the community staff will look again."),
        )
    return redirect(matter)


@require_POST
@login_required
def matter_handle(request, pk: int):
    matter = selectors.matter_get(pk=pk, user=request.user)
    if matter is None:
        raise Http404
    if not is_community_staff(request.user):
        # Handling is for staff only (the service refuses too): no staff form for others.
        raise PermissionDenied
    form = MatterHandleForm(request.POST)
    if form.is_valid():
        try:
            services.matter_handle(
                matter_id=matter.pk,
                by_user=request.user,
                action=form.cleaned_data["action"],
                text=form.cleaned_data["text"],
            )
        except ServiceError as error:
            raise_refusal(error)
            if error.field not in form.fields:
                messages.error(request, error.message)
                return redirect(matter)
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("Done: the timeline shows it."))
            return redirect(matter)
    page = selectors.matter_page(pk=pk, user=request.user)
    return render(
        request,
        "venues/matters/detail.html",
        {"page": page, "matter": page.matter, "handle_form": form, "can_edit": False},
    )


@require_GET
@login_required
def matter_staff(request):
    """The staff's list of open matters, oldest first, overdue ones marked."""
    if not is_community_staff(request.user):
        raise PermissionDenied
    try:
        grid_number = int(request.GET.get("grid", ""))
    except ValueError:
        grid_number = None
    return render(
        request,
        "venues/matters/staff.html",
        {
            "overview": selectors.matter_staff_overview(
                grid_number=grid_number, page=request.GET.get("page", 1)
            ),
            "reply_days": MATTER_REPLY_DAYS,
        },
    )
