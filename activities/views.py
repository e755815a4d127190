"""Resident pages for activities: the coming list and one activity."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from activities import selectors

ACTIVITIES_PER_PAGE = 12


@require_GET
def activity_list(request):
    page = Paginator(selectors.activity_list(), ACTIVITIES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "activities/activity_list.html",
        {"page_obj": page, "activities": page.object_list},
    )


@require_GET
def activity_detail(request, pk: int):
    activity = selectors.activity_get(pk=pk, user=request.user)
    if activity is None:
        raise Http404
    return render(request, "activities/activity_detail.html", {"activity": activity})
