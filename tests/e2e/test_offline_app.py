"""The installed app itself: the grid worker's pages open without a signal on their
first use (fetched ahead by the service worker after the login), a new release
replaces every cache of the old one, and Chromium finds the portal installable
(the check behind Lighthouse's installable-manifest audit)."""

import pytest
from playwright.sync_api import expect

from community_portal import pwa

from .conftest import CHROMIUM, CHROMIUM_ARGS, PHONE, Journey
from .test_offline import until

pytestmark = pytest.mark.e2e

WORK_PAGES = [
    "/grids/work/",
    "/grids/work/visits/new/",
    "/grids/work/issues/new/",
    "/grids/work/checks/new/",
]
# Every cache name and the paths each holds.
CACHES = """async () => {
    const found = {};
    for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        found[name] = (await cache.keys()).map((r) => new URL(r.url).pathname);
    }
    return found;
}"""


def _kept(page) -> dict[str, list[str]]:
    return page.evaluate(CACHES)


def _wait_for_work_pages(page):
    until(
        page,
        """(paths) => caches.keys().then(async (names) => {
            const pages = names.filter((name) => name.startsWith("portal-pages-"));
            if (pages.length !== 1) return false;
            const cache = await caches.open(pages[0]);
            const kept = (await cache.keys()).map((r) => new URL(r.url).pathname);
            return paths.every((path) => kept.includes(path));
        })""",
        WORK_PAGES,
    )


def test_the_work_pages_open_offline_on_first_use(phone):
    page = phone.page
    phone.goto("/")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    # Installed before the login: nothing of the grid worker's is kept yet.
    assert not any(
        path.startswith("/grids/") for paths in _kept(page).values() for path in paths
    )
    phone.goto("/accounts/login/?next=/")
    phone.log_in("gridworker")
    assert phone.path() == "/"
    _wait_for_work_pages(page)

    # Never opened online, now without a signal: the forms are there.
    page.context.set_offline(True)
    for path, field in [
        ("/grids/work/checks/new/", "select[name=building]"),
        ("/grids/work/issues/new/", "textarea"),
        ("/grids/work/", "[data-outbox]"),
    ]:
        page.goto(phone.url(path))
        phone.check()
        expect(page.locator(f"main {field}").first).to_be_attached()
    form = page.locator("main form[data-draft]")
    page.goto(phone.url("/grids/work/visits/new/"))
    phone.check()
    expect(form).to_have_attribute("data-draft-ready", "1")
    # The kept page carries the key it was drawn with; this entry gets its own.
    key = form.locator("input[name=submission_key]").input_value()
    assert key and len(key) == 36
    # Any other page: the offline page.
    page.goto(phone.url("/activities/"))
    phone.check()
    expect(page.locator("main h1")).to_be_visible()
    assert "/offline/" in _kept(page)[next(n for n in _kept(page) if "shell" in n)]
    page.context.set_offline(False)
    phone.finish("grid_worker_first_use_offline")


def test_a_new_release_replaces_every_old_cache(phone, settings):
    page = phone.page
    phone.goto("/grids/work/")
    phone.log_in("gridworker")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    _wait_for_work_pages(page)
    old = set(_kept(page))
    assert len(old) == 2, old  # the shell and the kept pages of one version

    settings.PWA_RELEASE = "next-release"
    pwa._cached_version.cache_clear()
    try:
        page.evaluate(
            "() => navigator.serviceWorker.getRegistration().then((r) => r.update())"
        )
        until(
            page,
            """(old) => caches.keys().then((names) =>
                names.length === 2 && names.every((name) => !old.includes(name)))""",
            sorted(old),
        )
        _wait_for_work_pages(page)  # fetched again by the new version at install
        kept = _kept(page)
        shell = next(name for name in kept if name.startswith("portal-shell-"))
        assert "/offline/" in kept[shell]
        assert any(path.endswith("/portal.css") for path in kept[shell])
    finally:
        pwa._cached_version.cache_clear()
    phone.goto("/grids/work/")
    phone.finish("grid_worker_after_release")


def test_chromium_finds_the_portal_installable(browser, portal, tmp_path):
    """Page.getInstallabilityErrors is what Lighthouse's installable-manifest audit
    reads: an empty list means installable (manifest, icons, service worker). In a
    profile of its own: Playwright's usual contexts are incognito, never installable."""
    context = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"),
        executable_path=str(CHROMIUM),
        args=CHROMIUM_ARGS,
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
        bypass_csp=True,
    )
    try:
        phone = Journey(page=context.pages[0], base_url=portal)
        page = phone.page
        phone.goto("/")
        page.wait_for_function("() => navigator.serviceWorker.controller !== null")
        session = context.new_cdp_session(page)
        answer = session.send("Page.getInstallabilityErrors")
        assert answer["installabilityErrors"] == [], answer
        manifest = session.send("Page.getAppManifest")
        assert not manifest.get("errors"), manifest["errors"]
        phone.finish("installable")
    finally:
        context.close()
