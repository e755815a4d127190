"""The project-team pages."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from volunteers import selectors


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
