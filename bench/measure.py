"""The benchmark harness's measuring side; ``bench/run.sh`` calls its subcommands.

plan      which URLs to load (picks a real activity and real filter values)
queries   database queries per request, one warm request each, via Django's test
          client in this separate process (nothing in the served code paths), with
          the page cache off: the queries of a real render, not of a cache hit
bytes     bytes transferred with gzip for a page plus its stylesheets and scripts,
          fetched from the running server
report    the Markdown table from wrk's, Lighthouse's and the above outputs, with
          the budgets marked pass or fail

Django is set up only by ``plan`` and ``queries``, from the environment run.sh sets.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent

# Budgets (see docs/BENCHMARKS.md).
P50_RATIO_BUDGET = 3.0
HOME_KB_BUDGET = 150
LIGHTHOUSE_BUDGETS = {"performance": 90, "accessibility": 95, "best-practices": 95}


def _django_setup() -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


# --- plan ------------------------------------------------------------------------------


def cmd_plan(args: argparse.Namespace) -> None:
    """Write ``key<TAB>path<TAB>lighthouse`` lines, in the order they are loaded."""
    _django_setup()
    from activities.models import Activity, Campaign
    from community_portal.devtools.benchdata import TITLE_PREFIX

    published = Activity.objects.published()
    activity = (
        published.upcoming().filter(title__startswith=TITLE_PREFIX).first()
        or published.upcoming().first()
        or published.first()
    )
    campaign = Campaign.objects.order_by("position", "id").first()
    filters = "strand=volunteering&audience=elderly"
    if campaign is not None:
        filters += f"&campaign={campaign.slug}"
    lighthouse_all = not args.smoke
    rows = [
        ("healthz", "/healthz", False),
        ("home", "/", True),
        ("activities", "/activities/", lighthouse_all),
        ("activities_filtered", f"/activities/?{filters}", False),
        (
            "activity",
            f"/activities/{activity.pk if activity else 1}/",
            lighthouse_all,
        ),
        ("calendar", "/activities/calendar/", False),
        ("grids", "/grids/", False),
        ("grid", "/grids/1/", lighthouse_all),
        ("matters", "/matters/", False),
        ("volunteers", "/volunteers/", False),
        ("leaderboard", "/volunteers/leaderboard/", False),
        ("highlights", "/highlights/", False),
    ]
    Path(args.out).write_text(
        "".join(f"{key}\t{path}\t{int(lh)}\n" for key, path, lh in rows)
    )


def read_plan(path: str) -> list[tuple[str, str, bool]]:
    rows = []
    for line in Path(path).read_text().splitlines():
        key, url, lighthouse = line.split("\t")
        rows.append((key, url, lighthouse == "1"))
    return rows


# --- queries ---------------------------------------------------------------------------


def cmd_queries(args: argparse.Namespace) -> None:
    _django_setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    client = Client(raise_request_exception=False, HTTP_HOST="127.0.0.1")
    result = {}
    # With the page cache on, the measured request would be a cache hit (0 queries).
    with override_settings(CACHE_MIDDLEWARE_SECONDS=0):
        for key, url, _lh in read_plan(args.plan):
            client.get(url)  # warm: first-request work (lazy setup) not counted
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            result[key] = {"status": response.status_code, "queries": len(queries)}
    Path(args.out).write_text(json.dumps(result, indent=2))


# --- bytes -----------------------------------------------------------------------------


class _AssetParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.assets: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        rel = (attributes.get("rel") or "").lower().split()
        if tag == "link" and "stylesheet" in rel and attributes.get("href"):
            self.assets.append(attributes["href"])
        elif tag == "script" and attributes.get("src"):
            self.assets.append(attributes["src"])


def _fetch(base: str, path: str) -> tuple[int, int, bytes]:
    """(status, bytes on the wire for headers and body, decoded body)."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request(
            "GET", path, headers={"Accept-Encoding": "gzip", "Host": parts.netloc}
        )
        response = connection.getresponse()
        raw = response.read()
        header_bytes = len(f"HTTP/1.1 {response.status} {response.reason}\r\n") + 2
        header_bytes += sum(len(f"{k}: {v}\r\n") for k, v in response.getheaders())
        body = raw
        if (response.getheader("Content-Encoding") or "").lower() == "gzip":
            body = gzip.decompress(raw)
        return response.status, header_bytes + len(raw), body
    finally:
        connection.close()


def cmd_bytes(args: argparse.Namespace) -> None:
    result = {}
    origin = urlsplit(args.base).netloc
    for key, url, _lh in read_plan(args.plan):
        status, page_bytes, body = _fetch(args.base, url)
        parser = _AssetParser()
        parser.feed(body.decode("utf-8", "replace"))
        assets, asset_bytes = [], 0
        for href in dict.fromkeys(parser.assets):
            absolute = urlsplit(urljoin(args.base + url, href))
            if absolute.netloc != origin:
                assets.append({"url": href, "status": "external, not counted"})
                continue
            asset_path = absolute.path + (
                f"?{absolute.query}" if absolute.query else ""
            )
            asset_status, size, _body = _fetch(args.base, asset_path)
            assets.append({"url": asset_path, "status": asset_status, "bytes": size})
            asset_bytes += size
        result[key] = {
            "status": status,
            "page_bytes": page_bytes,
            "asset_bytes": asset_bytes,
            "total_bytes": page_bytes + asset_bytes,
            "assets": assets,
        }
    Path(args.out).write_text(json.dumps(result, indent=2))


# --- report ----------------------------------------------------------------------------

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not match:
        raise ValueError(f"unknown wrk latency {text!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def parse_wrk(text: str) -> dict:
    """Requests/s, p50, p99 (ms) and error counts from ``wrk --latency`` output."""
    result: dict = {}
    if match := re.search(r"Requests/sec:\s+([\d.]+)", text):
        result["rps"] = float(match.group(1))
    if match := re.search(r"^\s+50%\s+(\S+)", text, re.M):
        result["p50"] = _ms(match.group(1))
    if match := re.search(r"^\s+99%\s+(\S+)", text, re.M):
        result["p99"] = _ms(match.group(1))
    if match := re.search(r"(\d+) requests in", text):
        result["requests"] = int(match.group(1))
    if match := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text):
        result["non_2xx"] = int(match.group(1))
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text
    ):
        result["socket_errors"] = sum(int(n) for n in match.groups())
    return result


def parse_lighthouse(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    scores = {}
    for name in LIGHTHOUSE_BUDGETS:
        score = (data.get("categories", {}).get(name) or {}).get("score")
        scores[name] = None if score is None else round(score * 100)
    weight = (data.get("audits", {}).get("total-byte-weight") or {}).get("numericValue")
    scores["total_kb"] = None if weight is None else weight / 1024
    scores["runtime_error"] = (data.get("runtimeError") or {}).get("message")
    return scores


def _mark(ok: bool) -> str:
    return "pass" if ok else "**FAIL**"


def _status_text(status: int | None) -> str:
    if status is None:
        return "no answer"
    if status == 404:
        return "404 not built"
    if status >= 500:
        return f"{status} **error**"
    return str(status)


PEER_SECTION = re.compile(r"<!-- peer:start -->.*?<!-- peer:end -->\n?", re.S)


def _kept_peer_section(out: Path) -> str:
    """The pretix side-by-side section (``make bench-peer``) of the file being
    rewritten: a full run rewrites everything else, that section stays as it was."""
    match = PEER_SECTION.search(out.read_text()) if out.exists() else None
    return "\n" + match.group(0).rstrip("\n") + "\n" if match else ""


def cmd_report(args: argparse.Namespace) -> None:
    results = Path(args.results)
    plan = read_plan(str(results / "urls.tsv"))
    queries = json.loads((results / "queries.json").read_text())
    transferred = json.loads((results / "bytes.json").read_text())

    rows = []
    for index, (key, url, lighthouse) in enumerate(plan):
        status_file = results / f"status-{index}.txt"
        text = status_file.read_text().strip() if status_file.exists() else ""
        # curl writes 000 when nothing answered.
        status = int(text) if text.isdigit() and int(text) else None
        wrk_file = results / f"wrk-{index}.txt"
        wrk = parse_wrk(wrk_file.read_text()) if wrk_file.exists() else {}
        uncached_file = results / f"wrk-{index}-uncached.txt"
        uncached = (
            parse_wrk(uncached_file.read_text()) if uncached_file.exists() else {}
        )
        lh = (
            parse_lighthouse(results / f"lighthouse-{index}.json")
            if lighthouse
            else None
        )
        if lighthouse and lh is None:
            lh = {"missing": True}
        rows.append((key, url, status, wrk, uncached, lh))

    # The floor is /healthz under the production settings (page cache on), the
    # pass the budget is judged on; the uncached ratios use the same floor.
    floor = next(
        (w.get("p50") for k, _u, _s, w, _n, _l in rows if k == "healthz"), None
    )
    failures: list[str] = []
    table = [
        "| URL | status | requests/s | p50 | p99 | p50 ÷ /healthz (≤ 3×) "
        "| uncached requests/s | uncached p50 | uncached p99 "
        "| uncached p50 ÷ /healthz | queries (uncached) "
        "| KB gzip page+CSS+JS | LH performance (≥ 90) | LH accessibility (≥ 95) "
        "| LH best practices (≥ 95) |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for key, url, status, wrk, uncached, lh in rows:
        built = status is not None and status < 400
        cells = [f"`{url}`", _status_text(status)]
        for figures, judged in ((wrk, True), (uncached, False)):
            if not (built and "p50" in figures):
                cells += ["—", "—", "—", "—"]
                continue
            errors = figures.get("non_2xx", 0) + figures.get("socket_errors", 0)
            rps = f"{figures.get('rps', 0):,.0f}" + (
                f" ({errors} errors)" if errors else ""
            )
            cells += [
                rps,
                f"{figures['p50']:.1f} ms",
                f"{figures.get('p99', 0):.1f} ms",
            ]
            if not floor:
                cells.append("—")
                continue
            ratio = figures["p50"] / floor
            if key == "healthz" and judged:
                cells.append("1.0× (floor)")
            elif not judged:
                cells.append(f"{ratio:.1f}×")  # reported, not a budget
            else:
                ok = ratio <= P50_RATIO_BUDGET
                cells.append(f"{ratio:.1f}× {_mark(ok)}")
                if not ok:
                    failures.append(f"{url}: p50 {ratio:.1f}× /healthz")
        q = queries.get(key, {})
        cells.append(str(q["queries"]) if built and "queries" in q else "—")
        b = transferred.get(key, {})
        if built and "total_bytes" in b:
            kb = b["total_bytes"] / 1024
            text = f"{kb:.1f}"
            if key == "home":
                ok = kb < HOME_KB_BUDGET
                text += f" {_mark(ok)}"
                if not ok:
                    failures.append(f"/: {kb:.1f} KB page+CSS+JS")
            cells.append(text)
        else:
            cells.append("—")
        for category, budget in LIGHTHOUSE_BUDGETS.items():
            if lh is None or not built:
                cells.append("—")
            elif lh.get("missing"):
                cells.append("not run")
            elif lh.get(category) is None:
                cells.append("error")
                failures.append(
                    f"{url}: Lighthouse {category} not scored: {lh.get('runtime_error')}"
                )
            else:
                ok = lh[category] >= budget
                cells.append(f"{lh[category]} {_mark(ok)}")
                if not ok:
                    failures.append(f"{url}: Lighthouse {category} {lh[category]}")
        table.append("| " + " | ".join(cells) + " |")

    home_lh = next((lh for k, _u, _s, _w, _n, lh in rows if k == "home"), None)
    first_load = ""
    if home_lh and home_lh.get("total_kb") is not None:
        kb = home_lh["total_kb"]
        ok = kb < HOME_KB_BUDGET
        first_load = (
            f"- `/` first load, everything Lighthouse fetched (images and fonts "
            f"too): {kb:.1f} KB — {_mark(ok)}\n"
        )
        if not ok:
            failures.append(f"/: {kb:.1f} KB first load (Lighthouse)")

    not_built = [url for _k, url, status, _w, _n, _l in rows if status == 404]
    errors = [
        url for _k, url, status, _w, _n, _l in rows if status is None or status >= 500
    ]
    generate_log = (results / "generate.log").read_text().strip()
    smoke_note = (
        "\n**Smoke run**: tiny data and 3-second loads; the figures only show "
        "that the harness and the pages work, not how fast they are.\n"
        if args.mode == "smoke"
        else ""
    )
    text = f"""# Benchmarks

Written by `bash bench/run.sh{" --smoke" if args.mode == "smoke" else ""}`; do not edit by hand.
{smoke_note}
- Date: {args.date}
- Commit: `{args.commit}`
- Machine: {args.nproc} CPUs (`nproc`), {args.cpu}; load average before the
  load test: {args.load} (anything well above 0 means other work shared the CPUs)
- Mode: {args.mode}, data scale {args.scale} (`manage.py bench_generate`, then
  `VACUUM ANALYZE`)
- Server: gunicorn, {args.workers} sync workers, production settings, PostgreSQL
  on 127.0.0.1, `CONN_MAX_AGE={args.conn_max_age}`, static files by WhiteNoise after
  `collectstatic`
- Load: `wrk -t{args.threads} -c{args.connections} -d{args.duration} --latency`
  from a second process on the same machine, one URL after the other, twice:
  - **cached** (requests/s, p50, p99): as anonymous visitors, with the production
    page cache on (`PAGE_CACHE_SECONDS`, 30 s by default): what a real deployment
    serves to visitors without a session. The 3× budget is judged on these.
  - **uncached**: the same URL with `Cookie: sessionid=bench`; a request carrying
    a session cookie bypasses the page cache, so every request renders the page
    (the cookie names no real session, so no session or user is loaded). Reported
    beside the budget, not judged by it; its ratio uses the same `/healthz` floor.
  - wrk does not ask for gzip
- Queries: one warm request per URL through Django's test client
  (`CaptureQueriesContext`) with the page cache off (`CACHE_MIDDLEWARE_SECONDS=0`),
  so they are the queries of a real render; KB: the HTML, stylesheets and scripts
  fetched with `Accept-Encoding: gzip`, headers included
- Lighthouse {args.lighthouse_version}, mobile preset, Debian's Chromium

## Results

{chr(10).join(table)}

## Budgets

- Every page's p50 ≤ {P50_RATIO_BUDGET:g}× the p50 of `/healthz` in the same run
  (cached pass, the production configuration)
- Lighthouse mobile: performance ≥ 90, accessibility ≥ 95, best practices ≥ 95
- `/` under {HOME_KB_BUDGET} KB transferred on first load
{first_load}
"""
    if failures:
        text += "Failed:\n\n" + "".join(f"- {failure}\n" for failure in failures)
    else:
        text += "Every measured budget passes.\n"
    if not_built:
        text += (
            "\nNot built yet (404): " + ", ".join(f"`{u}`" for u in not_built) + "\n"
        )
    if errors:
        text += "\nErrors: " + ", ".join(f"`{u}`" for u in errors) + "\n"
    text += f"\n## Data\n\n```\n{generate_log}\n```\n"
    text += _kept_peer_section(Path(args.out))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(text)
    print(text)
    if errors:
        sys.exit(3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    plan = commands.add_parser("plan")
    plan.add_argument("--out", required=True)
    plan.add_argument("--smoke", action="store_true")
    plan.set_defaults(func=cmd_plan)

    queries = commands.add_parser("queries")
    queries.add_argument("--plan", required=True)
    queries.add_argument("--out", required=True)
    queries.set_defaults(func=cmd_queries)

    transferred = commands.add_parser("bytes")
    transferred.add_argument("--plan", required=True)
    transferred.add_argument("--base", required=True)
    transferred.add_argument("--out", required=True)
    transferred.set_defaults(func=cmd_bytes)

    report = commands.add_parser("report")
    report.add_argument("--results", required=True)
    report.add_argument("--out", required=True)
    for name in (
        "mode",
        "scale",
        "date",
        "commit",
        "nproc",
        "cpu",
        "workers",
        "conn-max-age",
        "threads",
        "connections",
        "duration",
        "lighthouse-version",
        "load",
    ):
        report.add_argument(f"--{name}", required=True)
    report.set_defaults(func=cmd_report)

    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
