"""Pages of the 悦珍阁 gallery: the gallery of approved works, a work's page,
submitting a work, a resident's own works, and an exhibition's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from community_portal.errors import ServiceError, add_to_form
from community_portal.ratelimit import rate_limit

from . import selectors, services
from .gallery_forms import WorkForm


@require_safe
def gallery(request):
    return render(
        request,
        "venues/gallery/gallery.html",
        {
            "gallery": selectors.gallery(
                studio=request.GET.get("studio"),
                grid=request.GET.get("grid"),
                kind=request.GET.get("kind", ""),
                page=request.GET.get("page"),
            )
        },
    )


@require_safe
def work_detail(request, pk: int):
    work = selectors.work_get(pk=pk, user=request.user)
    if work is None:
        raise Http404
    return render(request, "venues/gallery/work.html", {"work": work})


@require_http_methods(["GET", "POST"])
@login_required
@rate_limit(key="gallery", rate="10/h")
def work_submit(request):
    if request.method == "POST":
        form = WorkForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                work, _created = services.work_submit(
                    author=request.user, **form.cleaned_data
                )
            except ServiceError as error:
                add_to_form(form, error)
            else:
                messages.success(
                    request,
                    _("Thank you: staff will look at your work and put it up soon."),
                )
                return redirect(work)
    else:
        form = WorkForm()
    return render(
        request,
        "venues/gallery/submit.html",
        {
            "form": form,
            "chosen_photos": [p.name for p in request.FILES.getlist("photos")]
            if form.is_bound
            else [],
        },
        status=400 if form.errors else 200,
    )


@require_safe
@login_required
def works_mine(request):
    return render(
        request,
        "venues/gallery/mine.html",
        {"page": selectors.works_mine(user=request.user, page=request.GET.get("page"))},
    )


@require_safe
def exhibition_detail(request, pk: int):
    page = selectors.exhibition_page(pk=pk, user=request.user)
    if page is None:
        raise Http404
    return render(
        request,
        "venues/gallery/exhibition.html",
        {"exhibition": page.exhibition, "works": page.works},
    )
