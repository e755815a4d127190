"""The benchmark data generator: the counts it promises, in bulk, and its reset."""

import argparse
import datetime
import importlib.util
import io
import json
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Sum
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from activities.models import Activity, ActivityRecord, Registration
from community_portal.accounts.models import User
from community_portal.devtools import benchdata
from community_portal.devtools.benchdata import structure as bench_structure
from grids.models import Building, Grid, IssueReport, SortingCheck, VisitLog
from tests.conftest import requires_postgres
from venues.models import Matter, MatterEvent, MatterSecond, Venue
from volunteers.models import HoursEntry, PointsEntry, Strand, Team, Volunteer
from volunteers.selectors import leaderboard_teams, leaderboard_volunteers

from .factories import BuildingFactory, GridFactory, SpaceFactory, TeamFactory

pytestmark = pytest.mark.django_db

# The generator builds a year around "now": half a year of activities either side, a
# year of past logs. Which activities are past, and so how many hours, records and
# check-ins there are, depends on the date; every test here runs at this moment.
NOW = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def structure(db):
    """Venues, grids, buildings and teams as the generator expects to find them, so
    the tests do not run load_demo (slow, and tested on its own)."""
    for number in range(1, 10):
        GridFactory(number=number)
    for number in range(1, 27):
        BuildingFactory(number=number, grid=Grid.objects.get(number=number % 9 + 1))
    for _ in range(3):
        SpaceFactory()
    for strand in Strand.values:
        TeamFactory(strand=strand)


def bench_users():
    return User.objects.filter(username__startswith=benchdata.USER_PREFIX)


def bench_activities():
    return Activity.objects.filter(title__startswith=benchdata.TITLE_PREFIX)


def generate(scale: float) -> tuple[int, str]:
    """Run the generator; return the number of queries it took and its output."""
    out = io.StringIO()
    with CaptureQueriesContext(connection) as queries:
        benchdata.bench_generate(scale=scale, now=NOW, out=out)
    return len(queries), out.getvalue()


def test_command_generates_the_expected_counts(structure):
    out = io.StringIO()
    call_command("bench_generate", scale=0.001, stdout=out)

    assert bench_users().count() == 20
    assert bench_activities().published().count() == 5
    # Activities are tagged and placed.
    assert bench_activities().filter(team__isnull=False).exists()
    assert bench_activities().exclude(venue=None, grid=None).count() == 5
    # One password hash, computed once, shared by every generated resident.
    assert bench_users().values("password").distinct().count() == 1
    assert bench_users().first().check_password(benchdata.RESIDENT_PASSWORD)

    registrations = Registration.objects.filter(activity__in=bench_activities())
    # 200 wanted, but 5 activities × 20 residents allow only 100.
    assert registrations.count() == 100
    assert set(registrations.values_list("status", flat=True)) <= {
        "confirmed",
        "waitlisted",
    }
    pairs = registrations.values_list("activity_id", "user_id")
    assert len(set(pairs)) == registrations.count()

    text = out.getvalue()
    assert "structure: existing" in text
    assert "residents: 20 residents" in text
    assert "grid logs: 100 grid log entries: 50 visit logs, 15 issue reports" in text
    assert "matters: 20 matters" in text
    assert "volunteers: 2 approved volunteers" in text
    assert "skipped" not in text


def test_creates_a_basic_structure_without_one_or_load_demo(monkeypatch):
    monkeypatch.setattr(bench_structure, "_load_demo", lambda out: "load_demo not run")

    generate(0.001)

    assert Venue.objects.filter(description=benchdata.STRUCTURE_MARK).count() == 3
    assert Grid.objects.count() == 9
    assert Building.objects.count() == 26
    per_grid = Grid.objects.annotate(n=Count("buildings")).values_list("n", flat=True)
    assert set(per_grid) <= {2, 3, 4}
    assert Team.objects.count() == 12
    assert bench_activities().count() == 5


def test_registrations_reach_their_target_when_residents_allow(structure):
    generate(0.005)  # 100 residents, 25 activities, 1,000 registrations

    registrations = Registration.objects.filter(activity__in=bench_activities())
    assert registrations.count() == 1000
    # Seats are never oversold: confirmed ones fit the capacity.
    for activity in bench_activities().exclude(capacity=None):
        confirmed = registrations.filter(activity=activity, status="confirmed")
        assert confirmed.count() <= activity.capacity


def test_grid_logs_are_by_the_grid_worker_in_the_grid_over_a_year(structure):
    generate(0.005)  # 500 entries

    assert VisitLog.objects.count() == 250
    assert IssueReport.objects.count() == 75
    assert SortingCheck.objects.count() == 175
    is_worker = Grid.workers.through.objects.filter(
        grid_id=OuterRef("grid_id"), user_id=OuterRef("author_id")
    )
    today = timezone.localdate()
    for model, day in (
        (VisitLog, "visited_on"),
        (IssueReport, "created_at__date"),
        (SortingCheck, "checked_on"),
    ):
        entries = model.objects.all()
        # The building lies in the entry's grid; the author works in that grid.
        assert not entries.exclude(building__grid_id=F("grid_id")).exists(), model
        assert not entries.exclude(Exists(is_worker)).exists(), model
        assert entries.filter(author__username__startswith="bench_").count() == (
            entries.count()
        )
        # Spread over the past twelve months, none in the future.
        days = set(entries.values_list(day, flat=True))
        assert max(days) <= today
        assert min(days) > today - datetime.timedelta(days=366)
        assert len({d.month for d in days}) >= 10, model
        assert entries.values("submission_key").distinct().count() == entries.count()
    # Backdated rows keep their dates (auto_now_add did not stamp them all today).
    assert VisitLog.objects.filter(created_at__date__lt=today).exists()

    checks = SortingCheck.objects.all()
    assert not checks.filter(households_correct__gt=F("households_checked")).exists()
    assert not checks.filter(households_aware__gt=F("households_checked")).exists()
    assert not checks.filter(households_checked__lt=1).exists()
    reports = IssueReport.objects.all()
    assert set(reports.values_list("status", flat=True)) == {
        "open",
        "assigned",
        "resolved",
    }
    assert not reports.filter(status="resolved", resolved_at=None).exists()
    assert not reports.exclude(status="open").filter(assigned_at=None).exists()
    assert not reports.filter(resolved_at__lt=F("assigned_at")).exists()


def test_matters_have_consistent_seconds_and_timelines(structure):
    generate(0.005)  # 100 matters

    matters = Matter.objects.all()
    assert matters.count() == 100
    assert len(set(matters.values_list("status", flat=True))) == 4
    for matter in matters.annotate(
        n=Count("seconds", distinct=True), raised=Count("events", distinct=True)
    ):
        assert matter.seconds_count == matter.n
        kinds = list(matter.events.values_list("kind", flat=True))
        assert kinds[0] == "raised"
        assert kinds.count("raised") == 1
        if matter.status == "resolved":
            assert matter.resolved_at is not None
            assert "resolved" in kinds
        if matter.status != "open":
            assert matter.first_reply_at is not None
            assert "reply" in kinds
        if matter.is_hidden:
            assert matter.hidden_reason
    # Nobody seconds their own matter, nobody twice (the constraint).
    assert not MatterSecond.objects.filter(user_id=F("matter__author_id")).exists()
    assert MatterSecond.objects.exists()
    # Times run forward and stay in the past.
    assert not MatterEvent.objects.filter(
        created_at__lt=F("matter__created_at")
    ).exists()
    assert not Matter.objects.filter(created_at__gt=timezone.now()).exists()


def test_volunteer_hours_feed_the_leaderboards(structure, client):
    generate(0.005)  # 10 volunteers, up to 100 hours entries

    volunteers = Volunteer.objects.all()
    assert volunteers.count() == 10
    assert set(volunteers.values_list("status", flat=True)) == {"approved"}
    assert not volunteers.filter(number=None).exists()
    hours = HoursEntry.objects.all()
    assert hours.count() == 100
    assert hours.verified().count() == 100
    assert not hours.filter(activity__ends_at__gt=timezone.now()).exists()
    # The organising team, kept on the entry (None when the activity has none).
    for team_id, activity_team_id in hours.values_list("team_id", "activity__team_id"):
        assert team_id == activity_team_id
    assert not hours.filter(verified_at=None).exists()
    # One entry per volunteer and activity; the volunteers' totals differ.
    pairs = hours.values_list("volunteer_id", "activity_id")
    assert len(set(pairs)) == hours.count()
    totals = hours.values("volunteer_id").annotate(total=Sum("hours"))
    assert len({row["total"] for row in totals}) > 1
    # Every verified entry earned points; each ledger line's balance runs on.
    assert PointsEntry.objects.count() == hours.count()
    for volunteer in volunteers:
        lines = volunteer.points_entries.order_by("created_at", "id")
        running = 0
        for line in lines:
            running += line.amount
            assert line.balance_after == running

    assert leaderboard_volunteers(year=None)
    assert leaderboard_teams(year=None)
    assert client.get("/volunteers/leaderboard/").status_code == 200
    assert client.get("/volunteers/").status_code == 200


def test_records_of_past_activities_fill_the_highlights(structure, client):
    generate(0.005)

    records = ActivityRecord.objects.all()
    assert records.exists()
    assert not records.filter(activity__ends_at__gt=timezone.now()).exists()
    assert not records.filter(published_at=None).exists()
    assert client.get("/highlights/").status_code == 200


def generated_rows() -> int:
    """Every row the generator writes, across the models it fills."""
    return (
        bench_users().count()
        + bench_activities().count()
        + Registration.objects.count()
        + VisitLog.objects.count()
        + IssueReport.objects.count()
        + SortingCheck.objects.count()
        + Matter.objects.count()
        + MatterSecond.objects.count()
        + MatterEvent.objects.count()
        + Volunteer.objects.count()
        + HoursEntry.objects.count()
        + PointsEntry.objects.count()
        + ActivityRecord.objects.count()
    )


def test_query_count_does_not_grow_with_the_data(structure):
    small, _ = generate(0.001)
    small_rows = generated_rows()
    large, _ = generate(0.004)
    large_rows = generated_rows() - small_rows

    assert bench_users().count() == 20 + 80
    assert large_rows > 4 * small_rows
    # Bulk inserts: a few queries per step, not one per row. SQLite splits a bulk
    # insert into batches of 999 parameters (fewer rows a batch as the models gain
    # columns), hence some slack: at most one more query per fifty more rows, where
    # one per row would be 1,700 more.
    assert large - small <= (large_rows - small_rows) // 50, (small, large)
    assert small < 60, small


def test_reset_deletes_generated_rows_only(monkeypatch):
    monkeypatch.setattr(bench_structure, "_load_demo", lambda out: "load_demo not run")
    keeper = User.objects.create_user(username="keeper", name="王阿姨", password="x")
    generate(0.001)

    call_command("bench_generate", scale=0, reset=True, stdout=io.StringIO())

    assert not bench_users().exists()
    assert not bench_activities().exists()
    assert not Venue.objects.filter(description=benchdata.STRUCTURE_MARK).exists()
    assert not Grid.objects.filter(description=benchdata.STRUCTURE_MARK).exists()
    assert User.objects.filter(pk=keeper.pk).exists()
    for model in (
        VisitLog,
        IssueReport,
        SortingCheck,
        Matter,
        MatterSecond,
        MatterEvent,
        Volunteer,
        HoursEntry,
        PointsEntry,
        ActivityRecord,
    ):
        assert not model.objects.exists(), model


@requires_postgres
def test_reset_leaves_the_append_only_guards_on(monkeypatch):
    monkeypatch.setattr(bench_structure, "_load_demo", lambda out: "load_demo not run")
    generate(0.001)
    assert PointsEntry.objects.exists()

    call_command("bench_generate", scale=0, reset=True, stdout=io.StringIO())

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgrelid::regclass::text, tgenabled FROM pg_trigger "
            "WHERE tgname LIKE %s ORDER BY 1",
            ["%_forbid_delete"],
        )
        triggers = dict(cursor.fetchall())
    # "O": the trigger fires (origin and local sessions); "D" would be disabled.
    assert triggers["volunteers_pointsentry"] == "O"
    assert triggers["venues_matterevent"] == "O"


def test_targets_scale_and_never_drop_to_zero():
    assert benchdata.target("residents", scale=1.0) == 20_000
    assert benchdata.target("registrations", scale=0.01) == 2_000
    assert benchdata.target("matters", scale=0.00001) == 1
    assert benchdata.target("activities", scale=0) == 0


WRK_OUTPUT = """Running 20s test @ http://127.0.0.1:54449/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.22s   290.85ms   1.88s    69.29%
    Req/Sec     8.94      5.82    20.00     60.41%
  Latency Distribution
     50%    1.16s
     75%    1.44s
     90%    1.65s
     99%  812.00us
  254 requests in 20.11s, 5.25MB read
  Non-2xx or 3xx responses: 3
Requests/sec:     12.63
Transfer/sec:    267.38KB
"""


def load_bench_script(name: str):
    """bench/*.py are scripts, not a package: load one from its path."""
    path = Path(__file__).resolve().parent.parent / "bench" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"bench_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_measure():
    return load_bench_script("measure")


def test_harness_reads_wrk_output_in_milliseconds():
    result = load_measure().parse_wrk(WRK_OUTPUT)

    assert result["rps"] == 12.63
    assert result["p50"] == 1160.0
    assert result["p99"] == pytest.approx(0.812)
    assert result["requests"] == 254
    assert result["non_2xx"] == 3


def test_harness_report_marks_budgets_and_pages_not_built(tmp_path):
    (tmp_path / "urls.tsv").write_text(
        "healthz\t/healthz\t0\nhome\t/\t1\ncalendar\t/activities/calendar/\t0\n"
    )
    for index, status in enumerate(("200", "200", "404")):
        (tmp_path / f"status-{index}.txt").write_text(status)
    (tmp_path / "wrk-0.txt").write_text(WRK_OUTPUT.replace("1.16s", "10.00ms"))
    (tmp_path / "wrk-1.txt").write_text(WRK_OUTPUT.replace("1.16s", "40.00ms"))
    (tmp_path / "wrk-1-uncached.txt").write_text(WRK_OUTPUT.replace("1.16s", "80.00ms"))
    (tmp_path / "queries.json").write_text(
        '{"healthz": {"status": 200, "queries": 1}, "home": {"status": 200, "queries": 8}}'
    )
    (tmp_path / "bytes.json").write_text(
        '{"home": {"total_bytes": 81920}, "healthz": {"total_bytes": 600}}'
    )
    (tmp_path / "generate.log").write_text("residents: 20 residents")
    out = tmp_path / "BENCHMARKS.md"
    args = argparse.Namespace(
        results=str(tmp_path),
        out=str(out),
        mode="smoke",
        scale="0.01",
        date="today",
        commit="abc1234",
        nproc="2",
        cpu="CPU",
        workers="2",
        conn_max_age="60",
        threads="2",
        connections="16",
        duration="3s",
        lighthouse_version="12.2.3",
        load="0.00 0.00 0.00",
    )

    load_measure().cmd_report(args)

    text = out.read_text()
    assert "| `/` | 200 | 13 (3 errors) | 40.0 ms |" in text
    assert "4.0× **FAIL**" in text  # 40 ms against a 10 ms floor
    assert "80.0 pass" in text  # 80 KB, under the 150 KB budget for /
    assert "not run" in text  # no Lighthouse output for /
    assert "| `/activities/calendar/` | 404 not built |" in text
    assert "/: p50 4.0× /healthz" in text
    # The uncached pass is reported beside the budget, not judged by it.
    assert "| 80.0 ms |" in text
    assert "| 8.0× |" in text
    assert "8.0× /healthz" not in text
    assert "sessionid=bench" in text


def test_harness_plans_the_volunteer_and_highlight_pages(tmp_path):
    out = tmp_path / "urls.tsv"

    load_measure().cmd_plan(argparse.Namespace(out=str(out), smoke=True))

    paths = [line.split("\t")[1] for line in out.read_text().splitlines()]
    assert paths[0] == "/healthz"
    for path in (
        "/matters/",
        "/volunteers/",
        "/volunteers/leaderboard/",
        "/highlights/",
    ):
        assert path in paths


def test_harness_counts_the_queries_of_a_render_not_a_cache_hit(tmp_path, settings):
    settings.CACHE_MIDDLEWARE_SECONDS = 30  # as in production
    GridFactory(number=1)
    # The grids index reads its rows on every render (a grid's own page is served from
    # fragment caches once warm, so it would count 0 either way).
    (tmp_path / "urls.tsv").write_text("grid\t/grids/\t0\n")
    out = tmp_path / "queries.json"

    load_measure().cmd_queries(
        argparse.Namespace(plan=str(tmp_path / "urls.tsv"), out=str(out))
    )

    result = json.loads(out.read_text())["grid"]
    assert result["status"] == 200
    assert result["queries"] > 0


def test_harness_report_keeps_the_pretix_section(tmp_path):
    """A full run rewrites docs/BENCHMARKS.md; make bench-peer's section stays."""
    (tmp_path / "urls.tsv").write_text("healthz\t/healthz\t0\n")
    (tmp_path / "status-0.txt").write_text("200")
    (tmp_path / "wrk-0.txt").write_text(WRK_OUTPUT.replace("1.16s", "10.00ms"))
    (tmp_path / "queries.json").write_text('{"healthz": {"status": 200, "queries": 1}}')
    (tmp_path / "bytes.json").write_text('{"healthz": {"total_bytes": 600}}')
    (tmp_path / "generate.log").write_text("residents: 20 residents")
    out = tmp_path / "BENCHMARKS.md"
    peer = "<!-- peer:start -->\n## Side by side with pretix\n\n| a | b |\n<!-- peer:end -->\n"
    out.write_text("# Benchmarks\n\nold figures\n\n" + peer + "\nafter\n")
    args = argparse.Namespace(
        results=str(tmp_path),
        out=str(out),
        mode="full",
        scale="1.0",
        date="today",
        commit="abc1234",
        nproc="2",
        cpu="CPU",
        workers="2",
        conn_max_age="60",
        threads="2",
        connections="16",
        duration="20s",
        lighthouse_version="12.2.3",
        load="0.00 0.00 0.00",
    )

    load_measure().cmd_report(args)

    text = out.read_text()
    assert "old figures" not in text
    assert text.count(peer) == 1


def test_signed_renders_are_timed_in_rounds_of_every_page_floors_included(tmp_path):
    """Each round loads every row once, so a page and the floors it is divided by
    meet the same machine; each row's median, status and size are its own."""
    import http.server
    import threading

    seen: list[tuple[str, str]] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append((self.path, self.headers.get("Cookie", "")))
            body = b"x" * (2048 if self.path == "/page/" else 10)
            self.send_response(404 if self.path == "/gone/" else 200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        plan = {
            "people": {"a": {"cookie": "sessionid=A"}, "b": {"cookie": "sessionid=B"}},
            "rows": [
                {"who": "a", "path": "/bench/floor/", "kind": "floor"},
                {"who": "a", "path": "/page/", "kind": "page"},
                {"who": "b", "path": "/gone/", "kind": "staff"},
            ],
        }
        (tmp_path / "sessions.json").write_text(json.dumps(plan))
        load_bench_script("signed").cmd_render(
            argparse.Namespace(
                sessions=str(tmp_path / "sessions.json"),
                base=f"http://127.0.0.1:{server.server_address[1]}",
                repeat=3,
                out=str(tmp_path / "render.json"),
            )
        )
    finally:
        server.shutdown()

    paths = [path for path, _cookie in seen]
    # The warm-up, then three rounds, each of every row in the plan's order.
    assert paths == ["/bench/floor/", "/page/", "/gone/"] * 4
    assert ("/gone/", "sessionid=B") in seen and ("/page/", "sessionid=A") in seen
    result = json.loads((tmp_path / "render.json").read_text())
    assert [(r["path"], r["status"], r["kb"]) for r in result] == [
        ("/bench/floor/", 200, 10 / 1024),
        ("/page/", 200, 2.0),
        ("/gone/", 404, 10 / 1024),
    ]
    assert all(r["median"] > 0 for r in result)


def test_signed_report_fails_a_row_whose_load_answered_errors(tmp_path):
    """A p50 of error answers measures nothing: the row under load fails however
    fast its errors came back, and the report counts it as a budget over."""
    rendered = [
        {
            "who": "a",
            "path": "/healthz",
            "kind": "floor",
            "status": 200,
            "kb": 0.1,
            "median": 1.0,
        },
        {
            "who": "a",
            "path": "/bench/floor/",
            "kind": "floor",
            "status": 200,
            "kb": 1.0,
            "median": 5.0,
        },
        {
            "who": "resident",
            "path": "/page/",
            "kind": "page",
            "status": 200,
            "kb": 9.0,
            "median": 6.0,
        },
    ]
    (tmp_path / "signed-render.json").write_text(json.dumps(rendered))
    (tmp_path / "signed-queries.json").write_text("{}")
    (tmp_path / "signed-sessions.json").write_text(
        json.dumps({"people": {"a": {"username": "a"}}})
    )
    clean = WRK_OUTPUT.replace("  Non-2xx or 3xx responses: 3\n", "")
    (tmp_path / "signed-wrk-0.txt").write_text(WRK_OUTPUT)
    (tmp_path / "signed-wrk-1.txt").write_text(clean)
    (tmp_path / "signed-wrk-2.txt").write_text(clean)
    out = tmp_path / "BENCHMARKS.md"

    load_bench_script("signed").cmd_report(
        argparse.Namespace(
            results=str(tmp_path),
            out=str(out),
            scale="1.0",
            repeat=10,
            duration="5s",
            command="bash bench/run.sh --signed",
        )
    )

    lines = out.read_text().splitlines()
    health_row = next(line for line in lines if "`/healthz`" in line)
    page_row = next(line for line in lines if "`/page/`" in line)
    assert "FAIL: 3 errors" in health_row
    assert "FAIL" not in page_row
    assert "1 budget(s) over." in lines
