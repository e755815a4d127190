"""The measuring side of ``make bench-peer``; ``bench/peer/run.sh`` calls these.

portal  (the portal's environment) signs in the resident with most registrations
        (a real session row, as ``bench/signed.py`` makes them), picks the busiest
        activity, counts the data, and writes them as JSON
plan    the rows to load, side by side: pretix's health check and event page as
        anonymous visitors see them, the portal's ``/healthz``, ``/activities/`` and
        the busiest activity signed in (past the page cache) and anonymous (page
        cache on); a JSON plan and a TSV (index, URL, cookie) for wrk
render  one warm-up, then the median of N single renders of every row over HTTP
report  the Markdown section between ``<!-- peer:start -->`` and
        ``<!-- peer:end -->`` of the given file (added at its end if missing), with
        the ratios pretix ÷ portal and the issue's target (≥ 3×) marked pass/fail
forget  deletes the session ``portal`` made (a reused database keeps no trace)

Target (issue 16, point 5): the portal's pages at least 3× faster than pretix's event
page, single render (median) and under load (p50).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from measure import parse_wrk  # noqa: E402
from signed import _get  # noqa: E402

TARGET = 3.0
START = "<!-- peer:start -->"
END = "<!-- peer:end -->"
# bench_generate's activities at scale 1.0 and their title mark
# (community_portal/devtools/benchdata/base.py: TARGETS, TITLE_PREFIX).
SCALE_ACTIVITIES = 5000
TITLE_PREFIX = "〔压测〕"


def _django_setup() -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


# --- portal ------------------------------------------------------------------------------


def cmd_portal(args: argparse.Namespace) -> None:
    _django_setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.test import Client

    from activities.models import Activity, Registration
    from grids.models import Grid

    User = get_user_model()
    # The same resident as bench/signed.py: most registrations, not staff, no worker.
    workers = Grid.workers.through.objects.values("user_id")
    resident = (
        User.objects.filter(is_staff=False, is_superuser=False)
        .exclude(pk__in=workers)
        .annotate(n=Count("registrations"))
        .order_by("-n", "id")
        .first()
    )
    busiest = (
        Activity.objects.published()
        .annotate(n=Count("registrations"))
        .order_by("-n", "id")
        .first()
    )
    if resident is None or busiest is None:
        sys.exit("the portal's database has no resident or no published activity")
    client = Client()
    client.force_login(resident)
    name = settings.SESSION_COOKIE_NAME
    generated = Activity.objects.filter(title__startswith=TITLE_PREFIX).count()
    Path(args.out).write_text(
        json.dumps(
            {
                "username": resident.username,
                "cookie": f"{name}={client.cookies[name].value}",
                "session_key": client.cookies[name].value,
                "activity": busiest.get_absolute_url(),
                "activity_registrations": busiest.n,
                "counts": {
                    "published activities": Activity.objects.published().count(),
                    "users": User.objects.count(),
                    "registrations": Registration.objects.count(),
                },
                "scale": round(generated / SCALE_ACTIVITIES, 3),
            },
            indent=2,
        )
    )


def cmd_forget(args: argparse.Namespace) -> None:
    _django_setup()
    from importlib import import_module

    from django.conf import settings

    portal = json.loads(Path(args.portal).read_text())
    store = import_module(settings.SESSION_ENGINE).SessionStore
    store(session_key=portal["session_key"]).delete()


# --- plan and render ---------------------------------------------------------------------


def cmd_plan(args: argparse.Namespace) -> None:
    portal = json.loads(Path(args.portal).read_text())
    cookie = portal["cookie"]
    rows = [
        ("pretix", "floor", "anonymous", args.pretix, "/healthcheck/", ""),
        ("pretix", "reference", "anonymous", args.pretix, args.event, ""),
        ("portal", "floor", "anonymous", args.portal_base, "/healthz", ""),
        ("portal", "page", "signed in", args.portal_base, "/activities/", cookie),
        ("portal", "page", "signed in", args.portal_base, portal["activity"], cookie),
        ("portal", "page", "anonymous", args.portal_base, "/activities/", ""),
        ("portal", "page", "anonymous", args.portal_base, portal["activity"], ""),
    ]
    plan = [
        {
            "site": site,
            "kind": kind,
            "who": who,
            "base": base,
            "path": path,
            "cookie": row_cookie,
        }
        for site, kind, who, base, path, row_cookie in rows
    ]
    Path(args.out).write_text(json.dumps(plan, indent=2))
    Path(args.tsv).write_text(
        "".join(
            f"{index}\t{row['base']}{row['path']}\t{row['cookie']}\n"
            for index, row in enumerate(plan)
        )
    )


def cmd_render(args: argparse.Namespace) -> None:
    plan = json.loads(Path(args.plan).read_text())
    for row in plan:
        status, size, _ms = _get(row["base"], row["path"], row["cookie"])  # warm-up
        times = [
            _get(row["base"], row["path"], row["cookie"])[2] for _ in range(args.repeat)
        ]
        row.update(status=status, kb=size / 1024, median=statistics.median(times))
    Path(args.out).write_text(json.dumps(plan, indent=2))


# --- report ------------------------------------------------------------------------------


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} ms"


def _ratio(reference: float | None, value: float | None) -> tuple[str, bool | None]:
    if not reference or not value:
        return "—", None
    ratio = reference / value
    return f"{ratio:.1f}×", ratio >= TARGET


def cmd_report(args: argparse.Namespace) -> None:
    results = Path(args.results)
    rows = json.loads((results / "peer-render.json").read_text())
    portal = json.loads((results / "peer-portal.json").read_text())
    for index, row in enumerate(rows):
        wrk_file = results / f"peer-wrk-{index}.txt"
        load = parse_wrk(wrk_file.read_text()) if wrk_file.exists() else {}
        row["load"] = load if load.get("requests") else {}
    reference = next(row for row in rows if row["kind"] == "reference")
    ok = str(reference["status"]).startswith("2")
    counts = ", ".join(f"{n:,} {what}" for what, n in portal["counts"].items())
    lines = [
        START,
        "## Side by side with pretix (issue 16, point 5)",
        "",
        f"Written by `{args.command}` on {args.date}, commit `{args.commit}`; "
        "do not edit by hand.",
        "",
        f"- Machine: {args.machine}; load average {args.load_before} before, "
        f"{args.load_after} after (anything well above 0 means other work shared "
        "the CPUs)",
        f"- Portal data: database `{args.db}`, "
        + (
            f"generated at scale {args.scale}"
            if args.scale
            else f"about scale {portal['scale']:g} (its generated activities ÷ 5,000)"
        )
        + f" by `bench_generate` ({counts}); resident `{portal['username']}` (most "
        "registrations, a real session); the activity is the busiest "
        f"({portal['activity_registrations']} registrations)",
        f"- pretix {args.pretix_version} (PyPI, `bench/peer/requirements.txt`), "
        f"Django {args.pretix_django}, on PostgreSQL (database `pretix_bench`), "
        f"{args.pretix_cache}; after `python -m pretix rebuild`; one organizer, one "
        "live public event a month ahead with 20 products in 2 categories, each "
        "with a quota of its own (`bench/peer/setup_pretix.py`); its event page "
        "loaded as a visitor without a session (what a visitor from a link sees)",
        f"- Both: gunicorn {args.gunicorn}, {args.workers} sync workers each, "
        "production settings (debug off), on 127.0.0.1, both up during the whole "
        f"run, loaded one after the other; Python {args.python}; portal Django "
        f"{args.portal_django}, `CONN_MAX_AGE={args.conn_max_age}`",
        f"- Single render: one warm-up, then the median of {args.repeat} requests "
        f"over HTTP; under load: `wrk -t{args.threads} -c{args.connections} "
        f"-d{args.duration} --latency` (p50, p99); HTML KB without gzip",
        "- Portal signed in: with the resident's session cookie, past the page "
        "cache (every request renders); anonymous: no cookie, the production page "
        "cache on",
        f"- Target: pretix's event page ÷ the portal's page ≥ {TARGET:g}×, single "
        "render and p50 under load; the floors (`/healthcheck/`, `/healthz`) are "
        "shown for scale, not judged",
        "",
        "| who / what | URL | status | HTML KB | median single render | p50 | p99 "
        "| pretix ÷ portal, single | pretix ÷ portal, p50 | target ≥ 3× |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|---|",
    ]
    failures = []
    for row in rows:
        label = {
            "reference": "pretix event page, anonymous",
            "floor": f"{row['site']} health check (floor)",
        }.get(row["kind"], f"portal, {row['who']}")
        single, single_ok = ("—", None)
        p50, p50_ok = ("—", None)
        verdict = "—"
        if row["kind"] == "page":
            single, single_ok = _ratio(reference["median"], row["median"])
            p50, p50_ok = _ratio(reference["load"].get("p50"), row["load"].get("p50"))
            if not ok or not str(row["status"]).startswith(("2", "3")):
                verdict = "**FAIL** (status)"
                failures.append(row)
            elif single_ok and p50_ok:
                verdict = "pass"
            else:
                missed = [
                    what
                    for what, passed in (("single", single_ok), ("load", p50_ok))
                    if not passed
                ]
                verdict = "**FAIL** (" + ", ".join(missed) + ")"
                failures.append(row)
        lines.append(
            f"| {label} | `{row['path']}` | {row['status']} | {row['kb']:.1f} | "
            f"{_ms(row['median'])} | {_ms(row['load'].get('p50'))} | "
            f"{_ms(row['load'].get('p99'))} | {single} | {p50} | {verdict} |"
        )
    pages = sum(row["kind"] == "page" for row in rows)
    lines += [
        "",
        (
            f"{len(failures)} of {pages} portal rows miss the target."
            if failures
            else f"All {pages} portal rows meet the target."
        ),
    ]
    if args.note:
        lines += ["", args.note]
    lines += [END, ""]
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
    p = sub.add_parser("portal")
    p.add_argument("--out", required=True)
    p = sub.add_parser("forget")
    p.add_argument("--portal", required=True)
    p = sub.add_parser("plan")
    p.add_argument("--portal", required=True, help="the JSON `portal` wrote")
    p.add_argument("--portal-base", required=True)
    p.add_argument("--pretix", required=True, help="pretix's base URL")
    p.add_argument("--event", required=True, help="the event page's path")
    p.add_argument("--out", required=True)
    p.add_argument("--tsv", required=True)
    p = sub.add_parser("render")
    p.add_argument("--plan", required=True)
    p.add_argument("--repeat", type=int, default=10)
    p.add_argument("--out", required=True)
    p = sub.add_parser("report")
    p.add_argument("--results", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--command", default="make bench-peer")
    p.add_argument("--date", required=True)
    p.add_argument("--commit", required=True)
    p.add_argument("--machine", required=True)
    p.add_argument("--load-before", required=True)
    p.add_argument("--load-after", required=True)
    p.add_argument("--db", required=True)
    p.add_argument("--pretix-version", required=True)
    p.add_argument("--pretix-django", required=True)
    p.add_argument("--pretix-cache", required=True)
    p.add_argument("--portal-django", required=True)
    p.add_argument("--python", required=True)
    p.add_argument("--gunicorn", required=True)
    p.add_argument("--conn-max-age", required=True)
    p.add_argument("--workers", required=True)
    p.add_argument("--threads", required=True)
    p.add_argument("--connections", required=True)
    p.add_argument("--duration", required=True)
    p.add_argument("--repeat", type=int, default=10)
    p.add_argument("--note", default="")
    p.add_argument("--scale", default="", help="the scale generated in this run")
    args = parser.parse_args()
    {
        "portal": cmd_portal,
        "forget": cmd_forget,
        "plan": cmd_plan,
        "render": cmd_render,
        "report": cmd_report,
    }[args.cmd](args)


if __name__ == "__main__":
    main()
