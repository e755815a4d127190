"""Reads of the quarterly figures page (``/staff/report/``): one period and one
scope, the figures each app computes for them, and the bar charts drawn on the
server (SVG, readable without a script).

Community staff choose any grid, team or venue, or the whole community; a team
leader sees their own teams only. The page runs a fixed number of queries: the
choices of scope (three lists, or the leader's teams), then each app's figures.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.utils.translation import gettext as _

from activities.selectors_figures import ActivityFigures, activity_figures
from community_portal.errors import ServiceError
from community_portal.periods import (
    GRID,
    TEAM,
    VENUE,
    Period,
    Scope,
    parse_period,
    parse_scope,
    scope_missing_message,
)
from community_portal.permissions import is_community_staff
from grids.models import Grid
from grids.selectors_figures import (
    ResolutionFigures,
    SortingFigures,
    issue_figures,
    sorting_figures,
)
from venues.models import Venue
from venues.selectors.figures import matter_figures
from volunteers.models import Team
from volunteers.selectors.figures import HoursFigures, hours_figures

# --- the chart geometry (SVG user units) ----------------------------------------------

# Each bar has its label on the line above it, so that the drawing stays narrow
# and its text readable when a phone shrinks it to the screen.
CHART_WIDTH = 360
VALUE_WIDTH = 64
LABEL_HEIGHT = 20
BAR_HEIGHT = 18
BAR_GAP = 12
ROW_HEIGHT = LABEL_HEIGHT + BAR_HEIGHT + BAR_GAP


@dataclass(frozen=True)
class Bar:
    label: str
    text: str  # the value as written beside the bar
    width: float
    top: float  # of the row: the label's line, then the bar

    @property
    def label_y(self) -> float:
        return self.top + LABEL_HEIGHT - 5

    @property
    def y(self) -> float:
        return self.top + LABEL_HEIGHT

    @property
    def text_y(self) -> float:
        return self.y + BAR_HEIGHT - 4

    @property
    def value_x(self) -> float:
        return self.width + 6


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    bars: list[Bar]
    bar_height: int = BAR_HEIGHT

    @property
    def height(self) -> int:
        return len(self.bars) * ROW_HEIGHT + BAR_GAP

    @property
    def width(self) -> int:
        return CHART_WIDTH

    @property
    def desc(self) -> str:
        """The figures in words, for a screen reader (the table has them too)."""
        return "; ".join(f"{bar.label}: {bar.text}" for bar in self.bars)


def bar_chart(
    *,
    key: str,
    title: str,
    rows: list[tuple[str, float | Decimal | None, str]],
    scale: float | None = None,
) -> Chart:
    """Horizontal bars of ``(label, value, text)``, the longest (or ``scale``,
    e.g. 100 for rates) filling the width; a ``None`` value draws no bar."""
    room = CHART_WIDTH - VALUE_WIDTH
    values = [float(value) for _label, value, _text in rows if value is not None]
    top = scale or max(values, default=0) or 1
    bars = [
        Bar(
            label=label,
            text=text,
            width=0 if value is None else round(room * float(value) / top, 1),
            top=BAR_GAP + index * ROW_HEIGHT,
        )
        for index, (label, value, text) in enumerate(rows)
    ]
    return Chart(key=key, title=title, bars=bars)


def _rate_text(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.1f}%"


# --- period, scope and who may see what ----------------------------------------------


@dataclass(frozen=True)
class ScopeChoice:
    key: str  # "grid:3", "" for the whole community (or a leader's teams)
    label: str
    group: str = ""


@dataclass(frozen=True)
class ReportChoices:
    """What the user may choose: staff everything, a leader their teams."""

    for_staff: bool
    choices: list[ScopeChoice]
    team_ids: tuple[int, ...] | None  # a leader's teams; ``None`` for staff

    def find(self, key: str) -> ScopeChoice | None:
        return next((choice for choice in self.choices if choice.key == key), None)


def report_choices(*, user) -> ReportChoices:
    """Staff: the whole community, every grid, team and venue (three queries). A
    team leader: all their teams together, or one of them (one query)."""
    if is_community_staff(user):
        choices = [ScopeChoice(key="", label=_("The whole community"))]
        choices += [
            ScopeChoice(key=f"grid:{grid.pk}", label=str(grid), group=_("Grids"))
            for grid in Grid.objects.order_by("number")
        ]
        choices += [
            ScopeChoice(key=f"team:{team.pk}", label=team.name, group=_("Teams"))
            for team in Team.objects.order_by("name", "id")
        ]
        choices += [
            ScopeChoice(key=f"venue:{venue.pk}", label=venue.name, group=_("Venues"))
            for venue in Venue.objects.order_by("name", "id")
        ]
        return ReportChoices(for_staff=True, choices=choices, team_ids=None)
    teams = list(Team.objects.filter(leader_id=user.pk).order_by("name", "id"))
    choices = [ScopeChoice(key="", label=_("All my teams"))]
    choices += [
        ScopeChoice(key=f"team:{team.pk}", label=team.name, group=_("Teams"))
        for team in teams
    ]
    return ReportChoices(
        for_staff=False, choices=choices, team_ids=tuple(team.pk for team in teams)
    )


def report_scope(
    *, choices: ReportChoices, text: str | None
) -> tuple[Scope, ScopeChoice]:
    """The scope ``text`` names, if the user may see it. A scope that does not
    exist (or is not the leader's) is a ``ServiceError`` (``INVALID``)."""
    parsed = parse_scope(text)
    if parsed is None:
        scope = Scope() if choices.for_staff else Scope(team_ids=choices.team_ids)
        return scope, choices.choices[0]
    kind, pk = parsed
    choice = choices.find(f"{kind}:{pk}")
    if choice is None:
        if not choices.for_staff:
            raise ServiceError(
                "scope_not_yours",
                _("You can see the figures of your own teams only."),
                field="scope",
            )
        raise ServiceError("bad_scope", scope_missing_message(), field="scope")
    scope = {
        GRID: lambda: Scope(grid_id=pk),
        TEAM: lambda: Scope(team_ids=(pk,)),
        VENUE: lambda: Scope(venue_id=pk),
    }[kind]()
    return scope, choice


# --- the figures ----------------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    period: Period
    scope: Scope
    scope_choice: ScopeChoice
    activities: ActivityFigures
    hours: HoursFigures
    matters: ResolutionFigures | None
    issues: ResolutionFigures | None
    sorting: SortingFigures | None
    charts: dict[str, Chart] = field(default_factory=dict)

    @property
    def resolution_rows(self) -> list[tuple[str, ResolutionFigures]]:
        rows = [(_("Matters (talk corridor)"), self.matters)]
        rows.append((_("Issue reports (grids)"), self.issues))
        return [(name, figures) for name, figures in rows if figures is not None]

    def _query(self, period: Period) -> str:
        params = {"period": period.key}
        if self.scope_choice.key:
            params["scope"] = self.scope_choice.key
        return urlencode(params)

    @property
    def query(self) -> str:
        """The period and scope as a query string, for the ledgers' links."""
        return self._query(self.period)

    @property
    def previous_query(self) -> str:
        return self._query(self.period.shifted(-1))

    @property
    def next_query(self) -> str:
        return self._query(self.period.shifted(1))


def _charts(report: Report) -> dict[str, Chart]:
    figures = report.activities
    charts = {
        "strands": bar_chart(
            key="strands",
            title=_("Activities per strand"),
            rows=[(row.label, row.count, str(row.count)) for row in figures.by_strand],
        ),
        "campaigns": bar_chart(
            key="campaigns",
            title=_("Activities per central-work campaign"),
            rows=[
                (row.label, row.count, str(row.count)) for row in figures.by_campaign
            ],
        ),
    }
    if report.hours.by_team:
        charts["hours"] = bar_chart(
            key="hours",
            title=_("Verified volunteer hours per team"),
            rows=[
                (row.name or _("No team"), row.hours, f"{row.hours:g}")
                for row in report.hours.by_team
            ],
        )
    sorting = report.sorting
    if sorting is not None and sorting.has_data:
        for key, title, rate in (
            ("participation", _("Participation rate by grid"), "participation"),
            ("awareness", _("Awareness rate by grid"), "awareness"),
        ):
            charts[key] = bar_chart(
                key=key,
                title=title,
                scale=100,
                rows=[
                    (str(row.grid), getattr(row, rate), _rate_text(getattr(row, rate)))
                    for row in sorting.by_grid
                ],
            )
    return charts


@dataclass(frozen=True)
class ReportPage:
    """What the page shows: the choices of scope always; the report, or the
    message that says why there is none (``status`` 400 or 403)."""

    choices: ReportChoices
    period_text: str
    scope_text: str
    report: Report | None = None
    error: ServiceError | None = None

    @property
    def status(self) -> int:
        if self.error is None:
            return 200
        return 403 if self.error.code == "scope_not_yours" else 400


def report_page(*, user, period_text: str | None, scope_text: str | None) -> ReportPage:
    """The figures of the period and scope the user asked for; a bad period or
    scope comes back as the error to show, never raised."""
    choices = report_choices(user=user)
    page = {
        "choices": choices,
        "period_text": (period_text or "").strip()[:40],
        "scope_text": (scope_text or "").strip()[:40],
    }
    try:
        period = parse_period(period_text)
        scope, choice = report_scope(choices=choices, text=scope_text)
    except ServiceError as error:
        return ReportPage(error=error, **page)
    return ReportPage(
        report=report_for(period=period, scope=scope, choice=choice), **page
    )


def report_for(*, period: Period, scope: Scope, choice: ScopeChoice) -> Report:
    """Each app's figures of ``period`` in ``scope``, and the charts."""
    report = Report(
        period=period,
        scope=scope,
        scope_choice=choice,
        activities=activity_figures(period=period, scope=scope),
        hours=hours_figures(period=period, scope=scope),
        matters=matter_figures(period=period, scope=scope),
        issues=issue_figures(period=period, scope=scope),
        sorting=sorting_figures(period=period, scope=scope),
    )
    report.charts.update(_charts(report))
    return report
