"""What signed-in people get: ``bench/run.sh`` calls these subcommands.

sessions  signs in a resident, a grid worker and a staff member (real sessions in the
          database, made by Django's test client ``force_login``, the same rows a
          login form writes) and writes the pages to load as who, with their budget
render    loads each page over HTTP from the running server with that person's
          session cookie (so past the page cache): one warm-up, then N rounds of
          every page once (floors included), the median of each page's N single
          renders, the HTML size and the status
queries   the queries of one warm render, via the test client in this process
report    the Markdown section (ratios to ``/healthz`` and to the template floor,
          an empty page through base.html, pass/fail per budget), put between the
          markers in the given file

Budgets (issue 16): resident and grid-worker pages ≤ 3× the template floor; staff
pages ≤ 150 ms; admin changelists ≤ 300 ms; under load a resident page's p50 ≤ 3×
the floor's p50.
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
FLOOR_RATIO_BUDGET = 3.0
STAFF_MS_BUDGET = 150.0
ADMIN_MS_BUDGET = 300.0
START = "<!-- signed-in:start -->"
END = "<!-- signed-in:end -->"
BENCH_STAFF = "bench-staff"


def _django_setup() -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


# --- sessions and plan -------------------------------------------------------------------


def _people():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db.models import Count

    from community_portal.permissions import Role
    from grids.models import Grid
    from volunteers.models import Volunteer

    User = get_user_model()
    worker = (
        User.objects.filter(pk__in=Grid.workers.through.objects.values("user_id"))
        .order_by("id")
        .first()
    )
    resident = (
        User.objects.filter(is_staff=False, is_superuser=False)
        .exclude(pk=getattr(worker, "pk", None))
        .annotate(n=Count("registrations"))
        .order_by("-n", "id")
        .first()
    )
    volunteer = (
        Volunteer.objects.filter(status=Volunteer.Status.APPROVED)
        .select_related("user")
        .order_by("id")
        .first()
    )
    staff, _created = User.objects.get_or_create(
        username=BENCH_STAFF,
        defaults={"name": "测试工作人员", "is_staff": True, "is_superuser": True},
    )
    group = Group.objects.filter(name=Role.STAFF).first()
    if group is not None:
        staff.groups.add(group)
    return {
        "resident": resident,
        "volunteer": volunteer.user if volunteer else None,
        "worker": worker,
        "staff": staff,
    }


def _plan_rows() -> list[dict]:
    from django.db.models import Count
    from django.urls import reverse

    from activities.models import Activity, Campaign
    from grids.models import Grid
    from venues.models import Matter

    busiest = (
        Activity.objects.published()
        .annotate(n=Count("registrations"))
        .order_by("-n", "id")
        .first()
    )
    matter = Matter.objects.filter(is_hidden=False).order_by("-id").first()
    grid = Grid.objects.order_by("number").first()
    campaign = Campaign.objects.order_by("position", "id").first()
    filters = "strand=volunteering&audience=elderly"
    if campaign is not None:
        filters += f"&campaign={campaign.slug}"
    resident = [
        ("/healthz", "floor"),
        ("/bench/floor/", "floor"),
        ("/", "page"),
        ("/activities/", "page"),
        (f"/activities/?{filters}", "page"),
        (busiest.get_absolute_url() if busiest else "/activities/1/", "page"),
        ("/activities/calendar/", "page"),
        ("/matters/", "page"),
        (f"/matters/{matter.pk if matter else 1}/", "page"),
        ("/grids/", "page"),
        (f"/grids/{grid.number if grid else 1}/", "page"),
        ("/volunteers/", "page"),
        ("/volunteers/leaderboard/", "page"),
        ("/highlights/", "page"),
        ("/me/", "page"),
    ]
    rows = [{"who": "resident", "path": p, "kind": k} for p, k in resident]
    rows.append({"who": "volunteer", "path": "/volunteers/me/", "kind": "page"})
    rows.append({"who": "worker", "path": "/grids/work/", "kind": "page"})
    from community_portal.periods import current_quarter

    quarter = current_quarter()
    for path in (
        "/grids/staff/",
        "/staff/",
        f"/staff/report/?period={quarter.key}",
        "/matters/staff/",
    ):
        rows.append({"who": "staff", "path": path, "kind": "staff"})
    # Every changelist of a table that grows with the community (issue 16: each
    # ≤ 300 ms with 200,000 registrations).
    for name in (
        "admin:activities_registration_changelist",
        "admin:activities_activity_changelist",
        "admin:venues_matter_changelist",
        "admin:grids_visitlog_changelist",
        "admin:grids_issuereport_changelist",
        "admin:grids_sortingcheck_changelist",
        "admin:volunteers_hoursentry_changelist",
        "admin:volunteers_pointsentry_changelist",
        "admin:accounts_user_changelist",
        "admin:notices_notice_changelist",
    ):
        rows.append({"who": "staff", "path": reverse(name), "kind": "admin"})
    return rows


def cmd_sessions(args: argparse.Namespace) -> None:
    _django_setup()
    from django.conf import settings
    from django.test import Client

    cookies = {}
    for who, user in _people().items():
        if user is None:
            continue
        client = Client()
        client.force_login(user)
        cookies[who] = {
            "username": user.username,
            "cookie": f"{settings.SESSION_COOKIE_NAME}="
            f"{client.cookies[settings.SESSION_COOKIE_NAME].value}",
        }
    rows = [row for row in _plan_rows() if row["who"] in cookies]
    Path(args.out).write_text(json.dumps({"people": cookies, "rows": rows}, indent=2))


# --- render and queries -------------------------------------------------------------------


def _get(base: str, path: str, cookie: str) -> tuple[int, int, float]:
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        started = time.perf_counter()
        connection.request("GET", path, headers={"Cookie": cookie})
        response = connection.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        return response.status, len(body), elapsed
    finally:
        connection.close()


def cmd_render(args: argparse.Namespace) -> None:
    """In rounds: each round loads every page once, floors included, so a page and
    the floors it is divided by are timed under the same conditions (a machine
    whose speed drifts during the run skews them all alike, not one row)."""
    plan = json.loads(Path(args.sessions).read_text())
    rows = plan["rows"]
    cookies = [plan["people"][row["who"]]["cookie"] for row in rows]
    first = [
        _get(args.base, row["path"], cookie)
        for row, cookie in zip(rows, cookies, strict=True)
    ]
    times: list[list[float]] = [[] for _ in rows]
    for _round in range(args.repeat):
        for index, (row, cookie) in enumerate(zip(rows, cookies, strict=True)):
            times[index].append(_get(args.base, row["path"], cookie)[2])
    result = [
        {
            **row,
            "status": status,
            "kb": size / 1024,
            "median": statistics.median(row_times),
        }
        for row, (status, size, _ms), row_times in zip(rows, first, times, strict=True)
    ]
    Path(args.out).write_text(json.dumps(result, indent=2))


def cmd_queries(args: argparse.Namespace) -> None:
    _django_setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    plan = json.loads(Path(args.sessions).read_text())
    result = {}
    for row in plan["rows"]:
        name, value = plan["people"][row["who"]]["cookie"].split("=", 1)
        client = Client(raise_request_exception=False, HTTP_HOST="127.0.0.1")
        client.cookies[name] = value
        client.get(row["path"])
        with CaptureQueriesContext(connection) as queries:
            client.get(row["path"])
        result[f"{row['who']} {row['path']}"] = len(queries)
    Path(args.out).write_text(json.dumps(result, indent=2))


# --- report ------------------------------------------------------------------------------


def _wrk(path: Path) -> dict:
    from measure import parse_wrk

    return parse_wrk(path.read_text()) if path.exists() else {}


def _budget(row: dict, floor: float) -> tuple[str, bool | None]:
    if row["kind"] == "floor":
        return "floor", None
    if not str(row["status"]).startswith(("2", "3")):
        return f"status {row['status']}", False
    if row["kind"] == "page":
        return f"≤ 3× floor ({FLOOR_RATIO_BUDGET * floor:.1f} ms)", (
            row["median"] <= FLOOR_RATIO_BUDGET * floor
        )
    limit = STAFF_MS_BUDGET if row["kind"] == "staff" else ADMIN_MS_BUDGET
    return f"≤ {limit:.0f} ms", row["median"] <= limit


def cmd_report(args: argparse.Namespace) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    results = Path(args.results)
    rendered = json.loads((results / "signed-render.json").read_text())
    queries = json.loads((results / "signed-queries.json").read_text())
    plan = json.loads((results / "signed-sessions.json").read_text())
    by_path = {row["path"]: row for row in rendered}
    health = by_path["/healthz"]["median"]
    floor = by_path["/bench/floor/"]["median"]
    loads = [_wrk(results / f"signed-wrk-{i}.txt") for i in range(len(rendered))]
    # A URL of which no request finished within the round has no figures.
    loads = [load if load.get("requests") else {} for load in loads]
    floor_p50 = next(
        (
            w.get("p50")
            for r, w in zip(rendered, loads, strict=True)
            if r["path"] == "/bench/floor/"
        ),
        None,
    )
    health_p50 = next(
        (
            w.get("p50")
            for r, w in zip(rendered, loads, strict=True)
            if r["path"] == "/healthz"
        ),
        None,
    )
    lines = [
        START,
        "## Signed in, uncached",
        "",
        f"Written by `{args.command}` (data scale {args.scale}); each page loaded",
        "over HTTP from gunicorn with a real session cookie of the person named",
        "(`"
        + ", ".join(f"{w}: {p['username']}" for w, p in plan["people"].items())
        + "`),",
        "so past the page cache: one warm-up, then the median of"
        f" {args.repeat} single renders, taken in rounds of every page once (the"
        " floors too, so all are timed under the same conditions); queries of one warm render (test client, same session);",
        "KB of HTML without gzip. Under load: "
        + (
            f"`wrk -t2 -c16 -d{args.duration}` with the session cookie, 2 gunicorn "
            "workers."
            if any(loads)
            else "not run in this mode."
        ),
        "",
        "| who | URL | status | median | ÷ /healthz | ÷ floor | queries | HTML KB "
        "| budget | single render | p50 | p99 | p50 ÷ /healthz p50 | p50 ÷ floor p50 |",
        "|---|---|--:|--:|--:|--:|--:|--:|---|---|--:|--:|--:|--:|",
    ]
    failures = 0
    for row, load in zip(rendered, loads, strict=True):
        text, ok = _budget(row, floor)
        verdict = "—" if ok is None else ("pass" if ok else "**FAIL**")
        failures += ok is False
        p50 = load.get("p50")
        load_ratio = "—"
        health_ratio = f"{p50 / health_p50:.1f}×" if p50 and health_p50 else "—"
        if p50 is not None and floor_p50:
            ratio = p50 / floor_p50
            load_ratio = f"{ratio:.1f}×"
            if row["kind"] == "page" and row["who"] in ("resident", "volunteer"):
                passed = ratio <= FLOOR_RATIO_BUDGET
                failures += not passed
                load_ratio += " pass" if passed else " **FAIL**"
        errors = load.get("non_2xx", 0) + load.get("socket_errors", 0)
        if errors:
            # A p50 of error answers measures nothing (the health check once
            # answered 503 under load): the row fails whatever its ratio.
            failures += 1
            load_ratio += f" **FAIL: {errors} errors**"
        lines.append(
            f"| {row['who']} | `{row['path']}` | {row['status']} | "
            f"{row['median']:.1f} ms | {row['median'] / health:.1f}× | "
            f"{row['median'] / floor:.1f}× | "
            f"{queries.get(row['who'] + ' ' + row['path'], '—')} | {row['kb']:.1f} | "
            f"{text} | {verdict} | "
            + (f"{p50:.1f} ms" if p50 is not None else "—")
            + " | "
            + (f"{load['p99']:.1f} ms" if load.get("p99") is not None else "—")
            + f" | {health_ratio} | {load_ratio} |"
        )
    ledger_path = results / "ledger.json"
    if ledger_path.exists():
        # bench/ledger.py, run in the same round (issue 10: a full quarter under 30 s).
        ledger = json.loads(ledger_path.read_text())
        passed = ledger["seconds"] <= ledger["budget_seconds"]
        failures += not passed
        lines += [
            "",
            f"The Excel 台账 of {ledger['period']}, whole community (`bench/ledger.py`, "
            f"as the background export makes it): {ledger['rows']:,} rows, "
            f"{ledger['bytes'] / 1e6:.1f} MB, {ledger['seconds']:.1f} s "
            f"(budget {ledger['budget_seconds']:.0f} s): "
            + ("pass." if passed else "**FAIL**."),
        ]
    lines += [
        "",
        f"{failures} budget(s) over." if failures else "Every signed-in budget passes.",
        END,
        "",
    ]
    section = "\n".join(lines)
    out = Path(args.out)
    text = out.read_text() if out.exists() else ""
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END) + r"\n?", re.S)
    text = (
        pattern.sub(lambda _m: section, text)
        if pattern.search(text)
        else (text.rstrip("\n") + "\n\n" + section)
    )
    out.write_text(text)
    print(section)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("sessions")
    p.add_argument("--out", required=True)
    p = sub.add_parser("render")
    p.add_argument("--sessions", required=True)
    p.add_argument("--base", required=True)
    p.add_argument("--repeat", type=int, default=10)
    p.add_argument("--out", required=True)
    p = sub.add_parser("queries")
    p.add_argument("--sessions", required=True)
    p.add_argument("--out", required=True)
    p = sub.add_parser("report")
    p.add_argument("--results", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--scale", required=True)
    p.add_argument("--repeat", type=int, default=10)
    p.add_argument("--duration", default="")
    p.add_argument("--command", default="bash bench/run.sh")
    args = parser.parse_args()
    {
        "sessions": cmd_sessions,
        "render": cmd_render,
        "queries": cmd_queries,
        "report": cmd_report,
    }[args.cmd](args)


if __name__ == "__main__":
    main()
