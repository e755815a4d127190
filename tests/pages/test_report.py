"""The quarterly figures page (``/staff/report/``): the figures of each app for a
period and a scope, worked out by hand on a small community; a team leader's
narrower page; bad periods and scopes; a fixed number of queries."""

import datetime
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from activities.models import Activity, Campaign, Rating
from activities.selectors_figures import activity_figures
from community_portal.pages import report as report_selectors
from community_portal.periods import Scope, parse_period
from grids.models import IssueReport
from grids.selectors_figures import issue_figures, sorting_figures
from tests.activities.factories import RegistrationFactory
from tests.factories import (
    ActivityFactory,
    BuildingFactory,
    GridFactory,
    TeamFactory,
    UserFactory,
    VenueFactory,
)
from tests.grids.factories import IssueReportFactory, SortingCheckFactory
from tests.venues.factories import MatterFactory
from tests.volunteers.factories import HoursEntryFactory
from venues.models import Matter
from venues.selectors.figures import matter_figures
from volunteers.models import HoursEntry, Strand, Team
from volunteers.selectors.figures import hours_figures

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = datetime.datetime(2026, 12, 15, 10, 0, tzinfo=SHANGHAI)
REPORT = reverse("report")
Q4 = parse_period("2026-Q4")


@pytest.fixture(autouse=True)
def frozen_clock(time_machine):
    time_machine.move_to(TODAY, tick=False)


def at(month: int, day: int, hour: int = 9, minute: int = 0, year: int = 2026):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def _raised(model, row, *, created, resolved=None):
    """Back-date a matter or an issue report (``created_at`` is set on save)."""
    model.objects.filter(pk=row.pk).update(created_at=created, resolved_at=resolved)


class Community:
    """Two grids, two teams, a venue, and a quarter's work around them (with rows
    just outside the quarter or not counting, to be left out)."""

    def __init__(self, tag: str = ""):
        self.grid1, self.grid2 = GridFactory(number=1), GridFactory(number=2)
        b1 = BuildingFactory(number=1, grid=self.grid1)
        b2 = BuildingFactory(number=2, grid=self.grid2)
        self.team_a = TeamFactory(name=f"甲队{tag}")
        self.team_b = TeamFactory(name=f"乙队{tag}")
        self.venue = VenueFactory()
        sorting, _new = Campaign.objects.get_or_create(
            slug="garbage-sorting", defaults={"name": "垃圾分类"}
        )
        self.sorting_campaign = sorting
        # In the quarter: one in grid 1 (a garbage-sorting campaign), one at
        # ten past midnight on 1 October local time (still September in UTC).
        a1 = ActivityFactory(
            team=self.team_a,
            grid=self.grid1,
            venue=self.venue,
            strand=Strand.MODERN_IDEAS,
            starts_at=at(11, 10),
            ends_at=at(11, 10, 11),
        )
        a1.campaigns.add(sorting)
        a2 = ActivityFactory(
            team=self.team_b,
            strand=Strand.VOLUNTEERING,
            starts_at=at(10, 1, 0, 10),
            ends_at=at(10, 1, 2),
        )
        # Not counted: cancelled, and 23:30 on 30 September local time.
        ActivityFactory(
            team=self.team_a, starts_at=at(11, 20), status=Activity.Status.CANCELLED
        )
        a4 = ActivityFactory(
            team=self.team_a, starts_at=at(9, 30, 23, 30), ends_at=at(10, 1, 1)
        )
        u1, u2, u3, u4 = (UserFactory() for _ in range(4))
        RegistrationFactory(
            activity=a1, user=u1, companions=1, checked_in_at=at(11, 10)
        )
        RegistrationFactory(activity=a1, user=u2)  # confirmed, did not come
        RegistrationFactory(activity=a1, user=u3, cancelled=True)
        RegistrationFactory(activity=a2, user=u1, checked_in_at=at(10, 1))
        RegistrationFactory(activity=a2, user=u3, checked_in_at=at(10, 1))
        RegistrationFactory(activity=a4, user=u4, checked_in_at=at(9, 30, 23, 40))
        Rating.objects.create(activity=a1, user=u1, score=5)
        Rating.objects.create(activity=a1, user=u2, score=2)
        Rating.objects.create(activity=a2, user=u1, score=4)
        Rating.objects.create(activity=a4, user=u4, score=1)
        HoursEntryFactory(activity=a1, served_on=datetime.date(2026, 11, 10))
        HoursEntryFactory(
            activity=a2, served_on=datetime.date(2026, 10, 2), hours=Decimal("1.5")
        )
        HoursEntryFactory(
            activity=a1,
            served_on=datetime.date(2026, 11, 10),
            hours=Decimal("3.0"),
            status=HoursEntry.Status.PENDING,
            verified_at=None,
        )
        HoursEntryFactory(
            activity=a4, served_on=datetime.date(2026, 9, 30), hours=Decimal("4.0")
        )
        # Matters: resolved in 4 days (grid 1), in 23 days (grid 2), open,
        # hidden (left out), and one from September.
        quick = MatterFactory(building=b1, status=Matter.Status.RESOLVED)
        _raised(Matter, quick, created=at(11, 1), resolved=at(11, 5))
        slow = MatterFactory(building=b2, status=Matter.Status.RESOLVED)
        _raised(Matter, slow, created=at(11, 2), resolved=at(11, 25))
        _raised(Matter, MatterFactory(building=b1), created=at(11, 3))
        hidden = MatterFactory(building=b1, is_hidden=True, hidden_reason="广告")
        _raised(Matter, hidden, created=at(11, 4))
        _raised(Matter, MatterFactory(building=b1), created=at(9, 1))
        issue = IssueReportFactory(building=b1, status=IssueReport.Status.RESOLVED)
        _raised(IssueReport, issue, created=at(10, 10), resolved=at(10, 12))
        _raised(IssueReport, IssueReportFactory(building=b2), created=at(12, 1))
        SortingCheckFactory(
            building=b1,
            checked_on=datetime.date(2026, 10, 10),
            households_checked=20,
            households_correct=15,
            households_aware=18,
        )
        SortingCheckFactory(
            building=b1,
            checked_on=datetime.date(2026, 11, 5),
            households_checked=10,
            households_correct=5,
            households_aware=10,
        )
        SortingCheckFactory(
            building=b2,
            checked_on=datetime.date(2026, 12, 1),
            households_checked=10,
            households_correct=10,
            households_aware=5,
        )
        SortingCheckFactory(building=b1, checked_on=datetime.date(2026, 9, 20))


@pytest.fixture
def community():
    return Community()


def _strands(figures) -> dict[str, int]:
    return {row.key: row.count for row in figures.by_strand}


def test_activity_figures_of_the_quarter(community):
    figures = activity_figures(period=Q4, scope=Scope())
    assert figures.activities == 2
    assert _strands(figures)[Strand.MODERN_IDEAS] == 1
    assert _strands(figures)[Strand.VOLUNTEERING] == 1
    assert _strands(figures)[Strand.TRADITIONAL_CULTURE] == 0
    campaigns = {row.key: row.count for row in figures.by_campaign}
    assert campaigns["garbage-sorting"] == 1
    assert set(campaigns.values()) <= {0, 1}
    # u1 twice and u3 once: two residents; seats 2 + 1 + 1 + 1, checked in 2 + 1 + 1.
    assert figures.residents == 2
    assert (figures.registered, figures.attended) == (5, 4)
    assert figures.attendance_rate == 80.0
    assert figures.ratings == 3
    assert figures.average_rating == 3.67
    assert figures.satisfaction_rate == 66.7


def test_a_month_and_a_year(community):
    october = activity_figures(period=parse_period("2026-10"), scope=Scope())
    assert october.activities == 1 and october.residents == 2
    year = activity_figures(period=parse_period("2026"), scope=Scope())
    assert year.activities == 3  # the one of 30 September too
    assert year.ratings == 4


def test_activity_figures_of_a_grid_team_and_venue(community):
    grid = activity_figures(period=Q4, scope=Scope(grid_id=community.grid1.pk))
    assert (grid.activities, grid.residents, grid.registered, grid.attended) == (
        1,
        1,
        3,
        2,
    )
    team = activity_figures(period=Q4, scope=Scope(team_ids=(community.team_b.pk,)))
    assert (team.activities, team.residents, team.ratings) == (1, 2, 1)
    venue = activity_figures(period=Q4, scope=Scope(venue_id=community.venue.pk))
    assert venue.activities == 1 and venue.average_rating == 3.5


def test_verified_hours(community):
    figures = hours_figures(period=Q4, scope=Scope())
    assert figures.hours == Decimal("3.5")
    assert (figures.entries, figures.volunteers) == (2, 2)
    assert [(row.name, row.hours) for row in figures.by_team] == [
        ("甲队", Decimal("2.0")),
        ("乙队", Decimal("1.5")),
    ]
    team = hours_figures(period=Q4, scope=Scope(team_ids=(community.team_b.pk,)))
    assert team.hours == Decimal("1.5")
    grid = hours_figures(period=Q4, scope=Scope(grid_id=community.grid1.pk))
    assert grid.hours == Decimal("2.0")


def test_matters_and_issues_resolved_in_time(community):
    matters = matter_figures(period=Q4, scope=Scope())
    assert (matters.raised, matters.resolved, matters.within_7, matters.within_30) == (
        3,
        2,
        1,
        2,
    )
    assert matters.still_open == 1 and matters.within_7_rate == 33.3
    in_grid = matter_figures(period=Q4, scope=Scope(grid_id=community.grid1.pk))
    assert (in_grid.raised, in_grid.within_7) == (2, 1)
    issues = issue_figures(period=Q4, scope=Scope())
    assert (issues.raised, issues.resolved, issues.within_7, issues.within_30) == (
        2,
        1,
        1,
        1,
    )
    # A team or a venue has no grid work.
    team = Scope(team_ids=(community.team_a.pk,))
    assert matter_figures(period=Q4, scope=team) is None
    assert issue_figures(period=Q4, scope=team) is None


def test_sorting_rates_by_grid_and_month(community):
    figures = sorting_figures(period=Q4, scope=Scope())
    assert (figures.total.checked, figures.total.participation) == (40, 75.0)
    assert figures.total.awareness == 82.5
    by_grid = {row.grid.number: row for row in figures.by_grid}
    assert (by_grid[1].participation, by_grid[1].awareness) == (66.7, 93.3)
    assert (by_grid[2].participation, by_grid[2].awareness) == (100.0, 50.0)
    assert [month.month.month for month in figures.by_month] == [10, 11, 12]
    assert [month.checked for month in figures.by_month] == [20, 10, 10]
    assert (figures.by_month[0].participation, figures.by_month[0].awareness) == (
        75.0,
        90.0,
    )
    grid1 = figures.grid_months[0]
    assert [cell.checked for cell in grid1.months] == [20, 10, 0]
    one = sorting_figures(period=Q4, scope=Scope(grid_id=community.grid2.pk))
    assert [row.grid.number for row in one.by_grid] == [2]
    assert one.total.checked == 10


def _figure(body: str, name: str) -> str:
    match = re.search(rf'data-figure="{name}">\s*([^<]*)', body)
    assert match, name
    return match[1].strip()


def test_the_page_shows_the_figures_and_charts(client, staff_user, community):
    client.force_login(staff_user)
    response = client.get(REPORT, {"period": "2026-Q4"})
    assert response.status_code == 200
    body = response.content.decode()
    assert _figure(body, "activities") == "2"
    assert _figure(body, "residents") == "2"
    assert _figure(body, "attendance") == "80.0%"
    assert _figure(body, "satisfaction") == "3.67 / 5"
    assert _figure(body, "sorting-total").startswith("75.0% / 82.5%")
    # Drawn charts with their accessible names, no script.
    assert body.count('<svg role="img"') == 5
    assert '<title id="chart-strands-title">' in body
    assert "垃圾分类: 1" in body  # the campaign chart's description
    # The ledgers of the same period and scope.
    assert 'href="/staff/report/ledger.xlsx?period=2026-Q4"' in body
    assert 'href="/staff/report/ledger.docx?period=2026-Q4"' in body


def test_a_grid_scope_on_the_page(client, staff_user, community):
    client.force_login(staff_user)
    scope = f"grid:{community.grid1.pk}"
    body = client.get(REPORT, {"period": "2026-Q4", "scope": scope}).content.decode()
    assert _figure(body, "activities") == "1"
    assert (
        f'href="/staff/report/ledger.xlsx?period=2026-Q4&amp;scope=grid%3A{community.grid1.pk}"'
        in body
    )
    assert f'<option value="{scope}" selected>' in body


def test_the_current_quarter_by_default(client, staff_user, community):
    client.force_login(staff_user)
    body = client.get(REPORT).content.decode()
    assert 'value="2026-Q4"' in body
    assert _figure(body, "activities") == "2"


@pytest.mark.parametrize("period", ["2026-Q5", "abc", "2026-13", "1899", "2026-Q0"])
def test_a_bad_period_is_a_clear_message(client, staff_user, period):
    client.force_login(staff_user)
    response = client.get(REPORT, {"period": period})
    assert response.status_code == 400
    body = response.content.decode()
    assert "不是有效的统计期" in body
    assert f'value="{period}"' in body  # what was typed stays in the box


@pytest.mark.parametrize("scope", ["grid:9999", "team:0", "street:1", "grid:abc"])
def test_a_scope_that_does_not_exist_is_a_clear_message(client, staff_user, scope):
    client.force_login(staff_user)
    response = client.get(REPORT, {"period": "2026-Q4", "scope": scope})
    assert response.status_code == 400
    assert "没有这个网格、团队或阵地" in response.content.decode()


def test_a_team_leader_sees_their_teams_only(client, team_leader, community):
    own = Team.objects.get(leader=team_leader)
    # The leader's team organised one of the quarter's activities.
    Activity.objects.filter(team=community.team_a).update(team=own)
    client.force_login(team_leader)
    body = client.get(REPORT, {"period": "2026-Q4"}).content.decode()
    assert _figure(body, "activities") == "1"
    assert "乙队" not in body and 'value="grid:' not in body
    assert client.get(REPORT, {"scope": f"team:{own.pk}"}).status_code == 200
    other = client.get(REPORT, {"scope": f"team:{community.team_b.pk}"})
    assert other.status_code == 403
    assert "只能查看自己团队" in other.content.decode()
    grid = client.get(REPORT, {"scope": f"grid:{community.grid1.pk}"})
    assert grid.status_code == 403


def test_who_may_open_the_page(client, resident):
    assert client.get(REPORT).status_code == 302
    client.force_login(resident)
    assert client.get(REPORT).status_code == 403


def test_the_workbench_links_the_figures(client, staff_user):
    client.force_login(staff_user)
    assert f'href="{REPORT}"' in client.get(reverse("workbench")).content.decode()


def test_a_fixed_number_of_queries(client, staff_user, assert_same_queries):
    Community()
    client.force_login(staff_user)

    assert_same_queries(
        client, REPORT + "?period=2026-Q4", lambda: (Community("2"), Community("3"))
    )


def test_chart_bars_are_scaled_to_the_longest():
    chart = report_selectors.bar_chart(
        key="x", title="t", rows=[("a", 4, "4"), ("b", 2, "2"), ("c", None, "—")]
    )
    room = report_selectors.CHART_WIDTH - report_selectors.VALUE_WIDTH
    assert [bar.width for bar in chart.bars] == [room, room / 2, 0]
    assert chart.desc == "a: 4; b: 2; c: —"
    rates = report_selectors.bar_chart(
        key="y", title="t", rows=[("a", 50.0, "50%")], scale=100
    )
    assert rates.bars[0].width == room / 2


@pytest.mark.parametrize(
    "params",
    [
        {"period": "2026-Q4\x00"},
        {"period": "<script>alert(1)</script>"},
        {"period": "9" * 5000},
        {"scope": "grid:" + "9" * 40},
        {"scope": "grid:１"},
        {"scope": "team:-1"},
        {"period": "2026-Q4", "scope": "venue:"},
    ],
)
def test_hostile_input_never_500s(client, staff_user, params):
    client.force_login(staff_user)
    response = client.get(REPORT, params)
    assert response.status_code == 400
    assert "<script>alert(1)" not in response.content.decode()


def test_a_fixed_number_of_queries_for_a_leader_and_a_grid(
    client, team_leader, staff_user, assert_same_queries
):
    own = Team.objects.get(leader=team_leader)

    def leaders_work(tag: str = "") -> Community:
        community = Community(tag)
        Activity.objects.filter(team=community.team_a).update(team=own)
        HoursEntry.objects.filter(team=community.team_a).update(team=own)
        return community

    community = leaders_work()
    client.force_login(team_leader)
    assert_same_queries(client, REPORT + "?period=2026", lambda: leaders_work("2"))
    client.force_login(staff_user)
    url = f"{REPORT}?period=2026-11&scope=grid:{community.grid1.pk}"
    assert_same_queries(client, url, lambda: Community("3"))
