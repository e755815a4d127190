"""Resident pages for the culture grids; grid workers' phone pages (visit logs, issue
reports, sorting checks) and the staff's overview and CSV exports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from community_portal.csv_export import csv_download
from community_portal.errors import ServiceError, add_to_form, raise_refusal
from community_portal.permissions import is_community_staff, role_page, staff_required
from grids import deadlines, selectors, services
from grids.forms import (
    ExportForm,
    IssueAssignForm,
    IssueReportForm,
    IssueResolveForm,
    SortingCheckForm,
    VisitLogForm,
)
from grids.models import Grid, IssueReport


@require_GET
def grid_list(request):
    return render(
        request,
        "grids/grid_list.html",
        {
            "grids": selectors.grid_list(),
            "sorting": selectors.grids_sorting_comparison(),
        },
    )


@require_GET
def grid_detail(request, number: int):
    page = selectors.grid_page(number=number)
    if page is None:
        raise Http404
    return render(
        request,
        "grids/grid_detail.html",
        {
            "page": page,
            "grid": page.grid,
            # Lazy: read only when the cached fragment is missing.
            "sorting_rates": SimpleLazyObject(
                lambda: selectors.grid_sorting_rates(grid=page.grid)
            ),
            "sorting_rates_key": selectors.grid_sorting_rates_key(grid=page.grid),
            "household_participation": selectors.grid_household_participation(
                grid=page.grid
            ),
            "follows": selectors.grid_follows(user=request.user, grid=page.grid),
        },
    )


@require_POST
@login_required
def grid_follow(request, number: int):
    """Follow or unfollow the grid, or one of its buildings (``building``)."""
    grid = Grid.objects.filter(number=number).first()
    if grid is None:
        raise Http404
    building = None
    raw = request.POST.get("building", "")
    if raw:
        if not (raw.isdigit() and len(raw) <= 5):
            raise Http404
        building = grid.buildings.filter(number=int(raw)).first()
        if building is None:
            raise Http404
    following = request.POST.get("following") == "1"
    services.follow_set(
        user=request.user,
        following=following,
        grid=None if building else grid,
        building=building,
    )
    target = building or _("Grid %(number)s") % {"number": grid.number}
    messages.success(
        request,
        (
            _("You follow %(target)s: you will hear of its matters.")
            if following
            else _("You no longer follow %(target)s.")
        )
        % {"target": target},
    )
    return redirect("grids:detail", number=grid.number)


# --- Grid work: the grid worker's phone pages -------------------------------------------


# Logged in, and a grid worker with a grid or community staff (else 403).
grid_work_required = role_page(lambda user: services.can_do_grid_work(user=user))


@require_GET
@grid_work_required
def work_home(request):
    return render(
        request,
        "grids/work/home.html",
        {
            "home": selectors.work_home(
                user=request.user, page=request.GET.get("page", 1)
            )
        },
    )


def _chosen_photos(request) -> list[str]:
    """The names of the photos sent with a form that comes back with errors: the
    browser cannot send them again by itself, so the page names them."""
    return [photo.name for photo in request.FILES.getlist("photos")]


def _render_form(request, form, *, kind: str, entry=None, status: int = 200):
    return render(
        request,
        "grids/work/entry_form.html",
        {
            "form": form,
            "kind": kind,
            "entry": entry,
            "chosen_photos": _chosen_photos(request) if form.is_bound else [],
        },
        status=status,
    )


def _done(request, entry):
    """Where a saved form goes. The upload script sends with XMLHttpRequest, which
    would follow a redirect itself (and eat the "saved" message): it is told the
    address instead and goes there."""
    if request.headers.get("X-Requested-With") == "XMLHttpRequest":
        response = HttpResponse(status=204)
        response["X-Location"] = entry.get_absolute_url()
        return response
    return redirect(entry)


def _save(form, save) -> object | None:
    """Run ``save(cleaned_data)``; a refusal goes back onto its form field."""
    try:
        return save(form.cleaned_data)
    except ServiceError as error:
        raise_refusal(error)
        add_to_form(form, error)
        return None


def _entry_fields(data: dict, *names: str) -> dict:
    return {name: data[name] for name in names}


VISIT_FIELDS = ("building", "visited_on", "unit", "topic", "notes", "photos")
ISSUE_FIELDS = ("building", "category", "urgency", "description", "photos")
CHECK_FIELDS = (
    "building",
    "checked_on",
    "households_checked",
    "households_correct",
    "households_aware",
    "notes",
)
KINDS = {
    "visit": {
        "form": VisitLogForm,
        "fields": VISIT_FIELDS,
        "create": services.visit_log_create,
        "update": services.visit_log_update,
        "update_arg": "log_id",
        "get": selectors.visit_log_get,
        "saved": gettext_lazy("The visit log is saved."),
        "updated": gettext_lazy("The visit log is updated."),
    },
    "issue": {
        "form": IssueReportForm,
        "fields": ISSUE_FIELDS,
        "create": services.issue_report_create,
        "update": services.issue_report_update,
        "update_arg": "report_id",
        "get": selectors.issue_report_get,
        "saved": gettext_lazy("The issue is reported to the community staff."),
        "updated": gettext_lazy("The issue report is updated."),
    },
    "check": {
        "form": SortingCheckForm,
        "fields": CHECK_FIELDS,
        "create": services.sorting_check_create,
        "update": services.sorting_check_update,
        "update_arg": "check_id",
        "get": selectors.sorting_check_get,
        "saved": gettext_lazy("The sorting check is saved."),
        "updated": gettext_lazy("The sorting check is updated."),
    },
}


@require_http_methods(["GET", "POST"])
@grid_work_required
def entry_create(request, kind: str):
    spec = KINDS[kind]
    form = spec["form"](
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        buildings=selectors.work_buildings(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        saved = _save(
            form,
            lambda data: spec["create"](
                author=request.user,
                submission_key=data["submission_key"],
                written_at=data.get("written_at"),
                **_entry_fields(data, *spec["fields"]),
            ),
        )
        if saved is not None:
            entry, created = saved
            # The same message either way: a double tap saved once, and said so once.
            messages.success(request, spec["saved"])
            return _done(request, entry)
    return _render_form(request, form, kind=kind)


@require_GET
@grid_work_required
def entry_detail(request, kind: str, pk: int):
    spec = KINDS[kind]
    entry = spec["get"](pk=pk, user=request.user)
    if entry is None:
        raise Http404
    context = {
        "entry": entry,
        "kind": kind,
        "can_edit": services.can_edit_entry(user=request.user, entry=entry),
        "is_staff": is_community_staff(request.user),
    }
    if kind == "issue" and context["is_staff"]:
        context["assign_form"] = IssueAssignForm(
            people=selectors.issue_assignees(),
            initial={"assignee": entry.assignee_id},
        )
        context["resolve_form"] = IssueResolveForm()
    return render(request, f"grids/work/{kind}_detail.html", context)


@require_http_methods(["GET", "POST"])
@grid_work_required
def entry_edit(request, kind: str, pk: int):
    spec = KINDS[kind]
    entry = spec["get"](pk=pk, user=request.user)
    if entry is None:
        raise Http404
    refusal = services.entry_edit_refusal(user=request.user, entry=entry)
    if refusal:
        messages.error(request, refusal.message)
        return redirect(entry)
    buildings = selectors.work_buildings(user=request.user)
    if request.method == "POST":
        form = spec["form"](request.POST, request.FILES, buildings=buildings)
        if form.is_valid():
            saved = _save(
                form,
                lambda data: spec["update"](
                    **{spec["update_arg"]: entry.pk},
                    by_user=request.user,
                    **_entry_fields(data, *spec["fields"]),
                ),
            )
            if saved is not None:
                messages.success(request, spec["updated"])
                return _done(request, saved)
    else:
        initial = {name: getattr(entry, name, None) for name in spec["fields"]}
        initial["submission_key"] = entry.submission_key
        initial.pop("photos", None)
        form = spec["form"](initial=initial, buildings=buildings)
    return _render_form(request, form, kind=kind, entry=entry)


# --- Staff: issue handling, the overview, the exports -----------------------------------


@require_POST
@staff_required
def issue_assign(request, pk: int):
    report = selectors.issue_report_get(pk=pk, user=request.user)
    if report is None:
        raise Http404
    form = IssueAssignForm(request.POST, people=selectors.issue_assignees())
    if form.is_valid():
        try:
            services.issue_report_assign(
                report_id=report.pk,
                assignee=form.cleaned_data["assignee"],
                by_user=request.user,
            )
        except ServiceError as error:
            raise_refusal(error)
            messages.error(request, error.message)
        else:
            messages.success(request, _("The issue is assigned."))
    else:
        messages.error(request, _("Choose who will handle the issue."))
    return redirect(report)


@require_POST
@staff_required
def issue_resolve(request, pk: int):
    report = selectors.issue_report_get(pk=pk, user=request.user)
    if report is None:
        raise Http404
    form = IssueResolveForm(request.POST)
    if form.is_valid():
        try:
            services.issue_report_resolve(
                report_id=report.pk,
                by_user=request.user,
                resolution=form.cleaned_data["resolution"],
            )
        except ServiceError as error:
            raise_refusal(error)
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The issue is resolved."))
            return redirect(report)
    return render(
        request,
        "grids/work/issue_detail.html",
        {
            "entry": report,
            "kind": "issue",
            "can_edit": services.can_edit_entry(user=request.user, entry=report),
            "is_staff": True,
            "assign_form": IssueAssignForm(
                people=selectors.issue_assignees(),
                initial={"assignee": report.assignee_id},
            ),
            "resolve_form": form,
        },
    )


@require_GET
@staff_required
def staff_overview(request):
    try:
        grid_number = int(request.GET.get("grid", ""))
    except ValueError:
        grid_number = None
    today = timezone.localdate()
    return render(
        request,
        "grids/staff/overview.html",
        {
            "overview": selectors.staff_overview(
                grid_number=grid_number, page=request.GET.get("page", 1)
            ),
            "export_form": ExportForm(
                initial={"start": today.replace(day=1), "end": today}
            ),
            "rules": {
                "urgent": deadlines.ISSUE_RESOLVE_DAYS[IssueReport.Urgency.URGENT],
                "normal": deadlines.ISSUE_RESOLVE_DAYS[IssueReport.Urgency.NORMAL],
                "low": deadlines.ISSUE_RESOLVE_DAYS[IssueReport.Urgency.LOW],
            },
        },
    )


def _visit_rows(logs):
    for log in logs.iterator(chunk_size=500):
        yield [
            log.visited_on.isoformat(),
            log.grid.number,
            log.grid.theme,
            log.building.number,
            log.unit,
            log.topic.name,
            log.notes,
            log.photo_count,
            log.author.name,
            timezone.localtime(log.created_at).strftime("%Y-%m-%d %H:%M"),
        ]


def _check_rows(checks):
    for check in checks.iterator(chunk_size=500):
        yield [
            check.checked_on.isoformat(),
            check.grid.number,
            check.grid.theme,
            check.building.number,
            check.households_checked,
            check.households_correct,
            check.households_aware,
            check.notes,
            check.author.name,
        ]


@require_GET
@staff_required
def staff_export(request, what: str):
    form = ExportForm(request.GET)
    if not form.is_valid():
        return render(
            request,
            "grids/staff/export.html",
            {"export_form": form, "what": what},
            status=400 if request.GET else 200,
        )
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    span = f"{start.isoformat()}_{end.isoformat()}"
    if what == "visits":
        return csv_download(
            f"visit-logs_{span}.csv",
            [
                _("Date"),
                _("Grid"),
                _("Grid theme"),
                _("Building"),
                _("Unit / room"),
                _("Visit topic"),
                _("Notes"),
                _("Photos"),
                _("Grid worker"),
                _("Recorded at"),
            ],
            _visit_rows(selectors.visit_logs_for_export(start=start, end=end)),
        )
    return csv_download(
        f"sorting-checks_{span}.csv",
        [
            _("Date"),
            _("Grid"),
            _("Grid theme"),
            _("Building"),
            _("Households checked"),
            _("Households sorting correctly"),
            _("Households aware of the rules"),
            _("Notes"),
            _("Grid worker"),
        ],
        _check_rows(selectors.sorting_checks_for_export(start=start, end=end)),
    )
