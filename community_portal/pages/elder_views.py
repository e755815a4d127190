"""The 80+ roster for the quarterly 悦寿宴 (``/staff/elders/?quarter=2026-Q4&grid=3``):
community staff see every grid, a grid worker their own grids. The page prints
(print CSS), exports as CSV (``&format=csv``) and signs the selected elders up for
the quarter's 悦寿宴 in one step (POST, ``activities.services.elders_register``).

A quarter like ``2026-Q5`` or a grid that does not exist is a 400 with the message
and the filter as typed, never a 500.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from activities.services import ElderPick, elders_register
from community_portal.csv_export import csv_download, local_minute
from community_portal.errors import ServiceError, raise_refusal
from community_portal.permissions import (
    Role,
    is_community_staff,
    role_page,
    user_has_role,
)

from . import elders as selectors

MAX_COMPANIONS_TYPED = 9


def _can_see_roster(user) -> bool:
    return is_community_staff(user) or user_has_role(user, Role.GRID_WORKER)


def _filter(request) -> dict:
    source = request.POST if request.method == "POST" else request.GET
    return {
        "quarter": source.get("quarter", "").strip()[:20],
        "grid": source.get("grid", "").strip()[:20],
    }


def _query(scope: selectors.RosterScope) -> str:
    query = f"quarter={scope.quarter}"
    return query + (f"&grid={scope.grid.pk}" if scope.grid else "")


def _birthday(row: selectors.ElderRow) -> str:
    if row.birthday_in_quarter is None:
        return _("Birth month not given")
    return _("Yes") if row.birthday_in_quarter else _("No")


def _status(row: selectors.ElderRow) -> str:
    return row.registration.get_status_display() if row.registration else ""


def _csv(scope: selectors.RosterScope):
    header = [
        _("Grid"),
        _("Grid theme"),
        _("Building"),
        _("Unit / room"),
        _("Full name"),
        _("Birth year"),
        _("Birth month"),
        _("Age this year"),
        _("Birthday this quarter"),
        _("Account"),
        _("Registration"),
        _("Companions"),
        _("Checked in at"),
    ]

    def rows():
        for row in selectors.elder_roster_rows(scope=scope):
            registration = row.registration
            yield [
                row.grid_number or "",
                row.grid_theme,
                row.building_number or "",
                row.room,
                row.name,
                row.birth_year,
                row.birth_month or "",
                row.age,
                _birthday(row),
                _("Yes") if row.kind == selectors.USER else _("No"),
                _status(row),
                registration.companions if registration else "",
                local_minute(registration.checked_in_at) if registration else "",
            ]

    where = f"_grid-{scope.grid.number}" if scope.grid else ""
    return csv_download(f"elders-80_{scope.quarter}{where}.csv", header, rows())


def _picks(request) -> list[ElderPick]:
    """The ticked rows, each with the companions typed beside it (0 when blank or
    not a number; the service checks the activity's limit)."""
    picks = []
    for key in dict.fromkeys(request.POST.getlist("pick")):
        parsed = selectors.parse_key(key)
        if parsed is None:
            continue
        kind, pk = parsed
        typed = request.POST.get(f"companions-{key}", "").strip()
        companions = int(typed) if typed.isdigit() else 0
        companions = min(companions, MAX_COMPANIONS_TYPED)
        if kind == selectors.USER:
            picks.append(ElderPick(user_id=pk, companions=companions))
        else:
            picks.append(ElderPick(member_id=pk, companions=companions))
    return picks


def _register(request, scope: selectors.RosterScope, banquet) -> None:
    picks = _picks(request)
    # Only the elders of this roster: a grid worker cannot reach another grid's.
    allowed = selectors.elder_keys_in_scope(
        scope=scope,
        keys=[
            f"{selectors.USER}-{p.user_id}"
            if p.user_id
            else f"{selectors.MEMBER}-{p.member_id}"
            for p in picks
        ],
    )
    picks = [
        p
        for p in picks
        if (
            f"{selectors.USER}-{p.user_id}"
            if p.user_id
            else f"{selectors.MEMBER}-{p.member_id}"
        )
        in allowed
    ]
    if not picks:
        messages.error(request, _("Select at least one elder."))
        return
    try:
        result = elders_register(activity_id=banquet.pk, by=request.user, picks=picks)
    except ServiceError as error:
        raise_refusal(error)
        messages.error(request, error.message)
        return
    summary = _(
        "Signed up: %(confirmed)s; on the waitlist: %(waitlisted)s; "
        "already registered, skipped: %(skipped)s."
    ) % {
        "confirmed": len(result.confirmed),
        "waitlisted": len(result.waitlisted),
        "skipped": len(result.skipped),
    }
    level = messages.SUCCESS if result.confirmed or result.waitlisted else messages.INFO
    messages.add_message(request, level, summary)
    for name, reason in result.refused:
        messages.warning(
            request,
            _("%(name)s was not signed up: %(reason)s")
            % {"name": name, "reason": reason},
        )


@role_page(_can_see_roster)
@require_http_methods(["GET", "POST"])
def elder_roster(request):
    typed = _filter(request)
    try:
        scope = selectors.roster_scope(user=request.user, **typed)
    except selectors.RosterInputError as error:
        return render(
            request,
            "pages/elders.html",
            {
                "error": str(error),
                "roster": None,
                "is_staff_view": is_community_staff(request.user),
                "shown": typed,
                "grids": selectors.grid_choices(user=request.user),
            },
            status=400,
        )
    except PermissionError:
        raise PermissionDenied from None
    if request.method == "POST":
        banquet = selectors.banquet_of(scope.quarter)
        if banquet is None:
            messages.error(request, _("There is no 悦寿宴 activity in this quarter."))
        else:
            _register(request, scope, banquet)
        return redirect(f"{request.path}?{_query(scope)}")
    if request.GET.get("format") == "csv":
        return _csv(scope)
    roster = selectors.elder_roster(scope=scope, page=request.GET.get("page"))
    return render(
        request,
        "pages/elders.html",
        {
            "roster": roster,
            "shown": {
                "quarter": str(scope.quarter),
                "grid": str(scope.grid.pk) if scope.grid else "",
            },
            "grids": scope.grids,
            "query": _query(scope),
            "previous": scope.quarter.shifted(-1),
            "next": scope.quarter.shifted(1),
            "is_staff_view": is_community_staff(request.user),
        },
    )
