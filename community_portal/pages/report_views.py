"""The quarterly figures page (``/staff/report/``): community staff and team
leaders; the ledgers of the same period and scope are linked from it."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from community_portal.permissions import is_community_staff, is_team_leader, role_page

from . import report as report_selectors


def _can_see_figures(user) -> bool:
    return is_community_staff(user) or is_team_leader(user)


@role_page(_can_see_figures)
@require_GET
def report(request):
    page = report_selectors.report_page(
        user=request.user,
        period_text=request.GET.get("period"),
        scope_text=request.GET.get("scope"),
    )
    # The ledgers are the community staff's to hand in (their views say so too).
    context = {"page": page, "may_download_ledgers": is_community_staff(request.user)}
    return render(request, "pages/report.html", context, status=page.status)
