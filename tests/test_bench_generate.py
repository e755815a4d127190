"""The benchmark data generator: the counts it promises, in bulk, and its reset."""

import argparse
import importlib.util
import io
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from activities.models import Activity
from community_portal import benchdata
from community_portal.accounts.models import User
from grids.models import Building, Grid
from venues.models import Venue
from volunteers.models import Strand, Team

from .factories import BuildingFactory, GridFactory, SpaceFactory, TeamFactory

pytestmark = pytest.mark.django_db


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


def registration_model():
    try:
        return apps.get_model("activities", "Registration")
    except LookupError:
        return None


def generate(scale: float) -> tuple[int, str]:
    """Run the generator; return the number of queries it took and its output."""
    out = io.StringIO()
    with CaptureQueriesContext(connection) as queries:
        benchdata.bench_generate(scale=scale, out=out)
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

    Registration = registration_model()
    if Registration is not None:
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
    if benchdata.find_model(app_label="grids", name_contains="Log") is None:
        assert "grid logs: skipped: model not built yet" in text
    if benchdata.find_model(app_label=None, name_contains="Matter") is None:
        assert "matters: skipped: model not built yet" in text


def test_creates_a_basic_structure_without_one_or_load_demo(monkeypatch):
    monkeypatch.setattr(benchdata, "_load_demo", lambda out: "load_demo not run")

    generate(0.001)

    assert Venue.objects.filter(description=benchdata.STRUCTURE_MARK).count() == 3
    assert Grid.objects.count() == 9
    assert Building.objects.count() == 26
    per_grid = Grid.objects.annotate(n=Count("buildings")).values_list("n", flat=True)
    assert set(per_grid) <= {2, 3, 4}
    assert Team.objects.count() == 12
    assert bench_activities().count() == 5


def test_registrations_reach_their_target_when_residents_allow(structure):
    if registration_model() is None:
        pytest.skip("activities.Registration is not built yet")
    generate(0.005)  # 100 residents, 25 activities, 1,000 registrations

    Registration = registration_model()
    registrations = Registration.objects.filter(activity__in=bench_activities())
    assert registrations.count() == 1000
    # Seats are never oversold: confirmed ones fit the capacity.
    for activity in bench_activities().exclude(capacity=None):
        confirmed = registrations.filter(activity=activity, status="confirmed")
        assert confirmed.count() <= activity.capacity


def test_query_count_does_not_grow_with_the_data(structure):
    small, _ = generate(0.001)
    large, _ = generate(0.002)

    assert bench_users().count() == 20 + 40
    # Bulk inserts: a few queries per step, not one per row. SQLite splits a bulk
    # insert into batches of 999 parameters, hence a little slack.
    assert large - small <= 6, (small, large)
    assert small < 40, small


def test_reset_deletes_generated_rows_only(monkeypatch):
    monkeypatch.setattr(benchdata, "_load_demo", lambda out: "load_demo not run")
    keeper = User.objects.create_user(username="keeper", name="王阿姨", password="x")
    generate(0.001)

    call_command("bench_generate", scale=0, reset=True, stdout=io.StringIO())

    assert not bench_users().exists()
    assert not bench_activities().exists()
    assert not Venue.objects.filter(description=benchdata.STRUCTURE_MARK).exists()
    assert not Grid.objects.filter(description=benchdata.STRUCTURE_MARK).exists()
    assert User.objects.filter(pk=keeper.pk).exists()


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


def load_measure():
    """bench/measure.py is a script, not a package: load it from its path."""
    path = Path(__file__).resolve().parent.parent / "bench" / "measure.py"
    spec = importlib.util.spec_from_file_location("bench_measure", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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
