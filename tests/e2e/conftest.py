"""Browser journeys: Playwright drives Debian's Chromium against pytest-django's live
server, and axe-core checks every page a journey visits.

What lives here: launching the browser (a clear failure under CI when Chromium is
missing, a loud skip elsewhere), the demo content each journey starts from, and
``Journey``, a page wrapper that runs axe on each page, keeps the serious and
critical violations, and saves a screenshot of the last page.
"""

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Locator, Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Vendored with `npm pack axe-core@4.14.1`: axe.min.js is the package's file unchanged
# (sha256-KTSJmUUM3yhJqOcLeRL8LahahJ2jnA0NU5T1HUqe2Vw=, as in its sri-history.json).
AXE_VERSION = "4.14.1"
AXE_JS = Path(__file__).parent / "vendor" / f"axe-core-{AXE_VERSION}" / "axe.min.js"
# Runs in the page: axe's violations, each node with its selector, markup and why.
AXE_RUN = """async () => {
    const results = await axe.run(document, {resultTypes: ["violations"]});
    return results.violations.map((v) => ({
        rule: v.id, impact: v.impact, help: v.help, help_url: v.helpUrl,
        targets: v.nodes.map((n) => {
            const markup = n.html.replace(/\\s+/g, " ").slice(0, 160);
            const why = [...n.any, ...n.all, ...n.none][0];
            return `${n.target.join(" ")}  ${markup}`
                + (why ? `\\n          ${why.message}` : "");
        }),
    }));
}"""
# Violations of these impacts fail a journey; "minor" and "moderate" do not.
FAILING_IMPACTS = ("serious", "critical")
SCREENSHOTS = Path(__file__).parent / "screenshots"

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
DEMO_PASSWORD = "demo-2026"  # the demo accounts' printed password

MISSING_CHROMIUM = (
    f"{CHROMIUM} is missing: the browser journeys (tests/e2e) cannot run. "
    "Install Debian's package: apt-get install chromium"
)


def _running_in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Every test of this package is a browser journey, whether its module says so or
    not: `-m "not e2e"` (the xdist parts of .ci/run) leaves all of them out, and they
    run in a pytest of their own (one live server, one Chromium). Runs before the -m
    selection; a hook of a conftest sees the whole session's items, hence the path."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.e2e)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Say it in red at the end of the run too, not only in the skip/error list."""
    reporter = terminalreporter
    touched = reporter.stats.get("skipped", []) + reporter.stats.get("error", [])
    if not CHROMIUM.exists() and any("e2e" in report.nodeid for report in touched):
        reporter.write_sep("!", "BROWSER JOURNEYS DID NOT RUN", red=True, bold=True)
        reporter.write_line(MISSING_CHROMIUM, red=True, bold=True)


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, for the journeys of this package only.

    Playwright's sync API keeps an event loop running in this thread while it is
    started, and Django refuses database access from a thread with a running loop
    unless told it is safe (it is: the loop only waits for the browser). Allowed for
    exactly as long as Playwright runs, so the rest of the suite keeps Django's check.
    """
    if not CHROMIUM.exists():
        if _running_in_ci():
            pytest.fail(f"CI=true and {MISSING_CHROMIUM}", pytrace=False)
        pytest.skip(f"!!! {MISSING_CHROMIUM} !!!")
    from playwright.sync_api import sync_playwright

    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        if before is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture(scope="session")
def _demo_snapshot() -> dict:
    return {}


@pytest.fixture
def portal(live_server, transactional_db, _demo_snapshot) -> str:
    """The live server's address, with the demo content in the database.

    The live server needs a transactional database, flushed after every test. Loading
    the demo takes many seconds (it draws and processes its pictures), so the first
    journey loads it and keeps a snapshot of every row; the next ones put the snapshot
    back, which takes about one second. The picture files stay in MEDIA_ROOT.
    """
    from django.db import connection

    if "rows" not in _demo_snapshot:
        _seed_data_migrations()
        call_command("load_demo", force=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
        _demo_snapshot["rows"] = connection.creation.serialize_db_to_string()
    else:
        # Empty the tables the post_migrate handlers of the last flush refilled (content
        # types, permissions, role groups): the snapshot has them, with its own ids.
        call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
        connection.creation.deserialize_db_from_string(_demo_snapshot["rows"])
        _reset_sequences()
    return live_server.url


def _reset_sequences() -> None:
    """Rows came back with their ids: move PostgreSQL's id sequences past them."""
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _seed_data_migrations() -> None:
    """Run every data migration's forward step again (they are idempotent).

    Transactional tests that ran before flushed the rows data migrations made (role
    groups, central-work campaigns, visit topics …), and the demo loader needs them.
    """
    from django.apps import apps
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations import RunPython

    from community_portal.accounts.roles import sync_role_permissions

    graph = MigrationLoader(connection).graph
    plan = dict.fromkeys(
        key for leaf in graph.leaf_nodes() for key in graph.forwards_plan(leaf)
    )
    # Only the portal's own apps: a library's data migration (django_tasks_db moves a
    # column it has since dropped) is written for its historical models, not today's.
    own = {
        config.label
        for config in apps.get_app_configs()
        if "site-packages" not in Path(config.path).parts
    }
    with connection.schema_editor() as editor:
        for key in plan:
            if key[0] not in own:
                continue
            for operation in graph.nodes[key].operations:
                if isinstance(operation, RunPython):
                    operation.code(apps, editor)
    sync_role_permissions()


@dataclass
class Violation:
    url: str
    rule: str
    impact: str
    help: str
    help_url: str
    targets: list[str]

    def __str__(self) -> str:
        nodes = "\n".join(f"      - {target}" for target in self.targets)
        return (
            f"  [{self.impact}] {self.rule}: {self.help}\n"
            f"    on {self.url} ({self.help_url})\n{nodes}"
        )


@dataclass
class Journey:
    """One browser tab going through the portal as one person would.

    Every page the tab shows (each navigation, including going back) must be checked
    with ``check()``, or reached with ``goto()`` / ``follow()``, which check it.
    ``finish()`` saves the screenshot, then fails when a page was shown but never
    checked, when a request answered 5xx or a script threw, or when any page had a
    serious or critical violation.
    """

    page: Page
    base_url: str
    shown: list[list] = field(default_factory=list)  # [url, checked], per navigation
    violations: list[Violation] = field(default_factory=list)
    # Uncaught script errors and server errors (5xx) on any request of the journey.
    errors: list[str] = field(default_factory=list)
    # The impacts that fail this journey (the strict gate passes every impact).
    failing_impacts: tuple[str, ...] = FAILING_IMPACTS

    def __post_init__(self) -> None:
        def on_navigated(frame) -> None:
            if frame == self.page.main_frame:
                self.shown.append([frame.url, False])

        def on_response(response) -> None:
            if response.status >= 500:
                self.errors.append(f"{response.status} for {response.url}")

        def on_page_error(error) -> None:
            self.errors.append(f"script error on {self.page.url}: {error}")

        self.page.on("framenavigated", on_navigated)
        self.page.on("response", on_response)
        self.page.on("pageerror", on_page_error)

    def url(self, path: str) -> str:
        return self.base_url + path

    def path(self) -> str:
        return self.page.url.removeprefix(self.base_url)

    def goto(self, path: str) -> None:
        response = self.page.goto(self.url(path))
        assert response is not None, path
        assert response.ok, f"{path} answered {response.status}"
        self.check()

    def follow(self, locator: Locator, url: str | re.Pattern) -> None:
        """Tap a link or button, wait for the page it leads to, and check that page.

        ``url``: a path (``/me/``) or a pattern searched in the whole address.
        """
        locator.click()
        self.page.wait_for_url(self.url(url) if isinstance(url, str) else url)
        self.check()

    def back(self) -> None:
        """The browser's back button."""
        self.page.go_back()
        self.check()

    def log_in(self, username: str, password: str = DEMO_PASSWORD) -> None:
        """Fill in the login form on the page now shown (the portal's or the admin's)."""
        page = self.page
        self.check()
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(password)
        page.locator("form:has(#id_password) [type=submit]").click()
        page.wait_for_url(lambda url: "/login/" not in url)
        self.check()

    def check(self) -> None:
        """Run axe-core on the page now shown (once per page load)."""
        page = self.page
        page.wait_for_load_state("load")
        assert self.shown, "nothing shown yet"
        if self.shown[-1][1]:
            return
        self.shown[-1][1] = True
        if page.evaluate("() => 'axe' in window"):
            return  # a page checked before, back from the browser's cache
        page.add_script_tag(path=str(AXE_JS))
        found = page.evaluate(AXE_RUN)
        path = page.url.removeprefix(self.base_url)
        self.violations += [
            Violation(url=path, **item)
            for item in found
            if item["impact"] in self.failing_impacts
        ]

    def finish(self, name: str) -> None:
        """The journey's end: a screenshot for people to look at, then the verdict."""
        self.check()
        SCREENSHOTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
        self.assert_clean()

    def assert_clean(self) -> None:
        unchecked = [url for url, checked in self.shown if not checked]
        assert not unchecked, f"pages shown but never checked with axe: {unchecked}"
        assert not self.errors, "errors on the way:\n" + "\n".join(self.errors)
        if self.violations:
            pytest.fail(
                f"axe-core {AXE_VERSION} found violations "
                f"({', '.join(self.failing_impacts)}):\n"
                + "\n".join(str(violation) for violation in self.violations),
                pytrace=False,
            )


def _journey(
    browser, base_url: str, *, viewport: dict, mobile: bool
) -> Iterator[Journey]:
    # bypass_csp: the portal's CSP (script-src 'self') would rightly block the injected
    # axe script; the pages' own scripts are the same either way.
    context = browser.new_context(
        viewport=viewport,
        is_mobile=mobile,
        has_touch=mobile,
        device_scale_factor=2 if mobile else 1,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        bypass_csp=True,
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        yield Journey(page=page, base_url=base_url)
    finally:
        context.close()


@pytest.fixture
def phone(browser, portal) -> Iterator[Journey]:
    """A 390×844 phone on the demo portal."""
    yield from _journey(browser, portal, viewport=PHONE, mobile=True)


@pytest.fixture
def desktop(browser, portal) -> Iterator[Journey]:
    """A 1280×800 desktop browser on the demo portal."""
    yield from _journey(browser, portal, viewport=DESKTOP, mobile=False)
