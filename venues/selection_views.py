"""Pages of the selections with public voting: the list, a selection's page (its
candidates, votes and results), nominating, voting and objecting during 公示."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from community_portal.errors import ServiceError, add_to_form
from community_portal.http import safe_next_url
from community_portal.ratelimit import rate_limit

from . import selectors, services
from .selection_forms import NominationForm, ObjectionForm


@require_safe
def selection_list(request):
    return render(
        request,
        "venues/selections/list.html",
        {
            "page": selectors.selection_list(
                user=request.user, page=request.GET.get("page")
            )
        },
    )


def _detail_page(request, *, slug, objection_form=None, status=200):
    page = selectors.selection_page(
        slug=slug, user=request.user, page=request.GET.get("page")
    )
    if page is None:
        raise Http404
    if objection_form is None and page.can_object:
        objection_form = ObjectionForm(
            candidates=selectors.nomination_choices(selection=page.selection)
        )
    return render(
        request,
        "venues/selections/detail.html",
        {
            "page": page,
            "selection": page.selection,
            "objection_form": objection_form,
        },
        status=status,
    )


@require_safe
def selection_detail(request, slug: str):
    return _detail_page(request, slug=slug)


@require_http_methods(["GET", "POST"])
@login_required
@rate_limit(key="selection_nomination", rate="10/h")
def nomination_create(request, slug: str):
    selection = selectors.selection_get(slug=slug, user=request.user)
    if selection is None:
        raise Http404
    form = NominationForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        photo_required=selection.photo_required,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.nomination_create(
                selection_id=selection.pk, user=request.user, **form.cleaned_data
            )
        except ServiceError as error:
            if error.code.endswith("_not_found"):
                raise Http404 from error
            add_to_form(form, error)
        else:
            messages.success(
                request,
                _("Thank you! Staff will review the nomination before voting opens."),
            )
            if request.headers.get("X-Requested-With") == "XMLHttpRequest":
                # The upload script follows X-Location (see static/js/upload-form.js).
                response = HttpResponse(status=204)
                response["X-Location"] = selection.get_absolute_url()
                return response
            return redirect(selection)
    # Errors come back with 200: the upload script swaps the form in place.
    return render(
        request,
        "venues/selections/nominate.html",
        {
            "selection": selection,
            "form": form,
            "chosen_photos": [p.name for p in request.FILES.getlist("photos")]
            if form.is_bound
            else [],
        },
    )


@require_POST
@login_required
@rate_limit(key="selection_vote", rate="60/h")
def vote_cast(request, slug: str, pk: int):
    selection = selectors.selection_get(slug=slug, user=request.user)
    if selection is None:
        raise Http404
    try:
        services.vote_cast(nomination_id=pk, user=request.user)
    except ServiceError as error:
        if error.code.endswith("_not_found"):
            raise Http404 from error
        messages.error(request, error.message)
    else:
        messages.success(request, _("Thank you, your vote is counted."))
    return redirect(safe_next_url(request, fallback=selection.get_absolute_url()))


@require_http_methods(["GET", "POST"])
@login_required
@rate_limit(key="selection_objection", rate="5/h")
def objection_create(request, slug: str):
    selection = selectors.selection_get(slug=slug, user=request.user)
    if selection is None:
        raise Http404
    if request.method == "GET":
        return redirect(f"{selection.get_absolute_url()}#objection")
    form = ObjectionForm(
        request.POST, candidates=selectors.nomination_choices(selection=selection)
    )
    if form.is_valid():
        nomination = form.cleaned_data["nomination"]
        try:
            services.objection_create(
                selection_id=selection.pk,
                user=request.user,
                text=form.cleaned_data["text"],
                nomination_id=nomination.pk if nomination else None,
            )
        except ServiceError as error:
            if error.code.endswith("_not_found"):
                raise Http404 from error
            add_to_form(form, error)
        else:
            messages.success(
                request, _("Your objection is sent. Staff will look into it.")
            )
            return redirect(selection)
    return _detail_page(request, slug=slug, objection_form=form, status=400)
