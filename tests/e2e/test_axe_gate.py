"""The accessibility gate itself: the vendored axe-core runs, and a serious or
critical violation fails a journey (a gate that cannot fail would prove nothing);
then the strict gate: no violation of any impact on the pages of the journeys
(home anonymous and signed in, activities, matters, the service timeline, the
volunteer pages, the resident's grid, staff pages) on a 360×740 phone, in both display
modes. The same walk measures every page's tap targets (tests/e2e/tap_targets.py):
every link and button at least 44px tall, in both modes."""

import pytest

from community_portal.context_processors import LARGE_TEXT_COOKIE

from .conftest import Journey
from .tap_targets import report, small_targets

pytestmark = pytest.mark.e2e

BAD_PAGE = "data:text/html,<html><body><img src='x.png'><a href='/'></a></body></html>"


def test_a_page_with_violations_fails_the_journey(browser):
    context = browser.new_context(bypass_csp=True)
    try:
        journey = Journey(page=context.new_page(), base_url="")
        journey.page.goto(BAD_PAGE)
        journey.check()
        rules = {violation.rule for violation in journey.violations}
        # No lang (serious), an image without alt text and an empty link (critical).
        assert {"html-has-lang", "image-alt", "link-name"} <= rules
        assert all(v.impact in ("serious", "critical") for v in journey.violations)
        with pytest.raises(pytest.fail.Exception, match="image-alt"):
            journey.assert_clean()
    finally:
        context.close()


# --- the strict gate: 0 violations of any impact on a 360×740 phone -----------------

SMALL_PHONE = {"width": 360, "height": 740}
ALL_IMPACTS = ("minor", "moderate", "serious", "critical")


def _strict_journey(browser, base_url: str, *, large_text: bool) -> Journey:
    context = browser.new_context(
        viewport=SMALL_PHONE,
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        bypass_csp=True,
    )
    if large_text:
        context.add_cookies(
            [{"name": LARGE_TEXT_COOKIE, "value": "1", "url": base_url}]
        )
    context.set_default_timeout(15_000)
    return Journey(
        page=context.new_page(), base_url=base_url, failing_impacts=ALL_IMPACTS
    )


def _resident_pages() -> list[str]:
    from activities.models import Activity
    from community_portal.accounts.models import User
    from volunteers.models import ServiceRequest

    activity = Activity.objects.published().upcoming().first()
    grid = User.objects.get(username="resident").building.grid
    service = (
        ServiceRequest.objects.filter(requester__username="resident")
        .exclude(accepted_at=None)
        .first()
    )
    return [
        "/",
        "/activities/",
        activity.get_absolute_url(),
        "/matters/",
        "/matters/new/",
        service.get_absolute_url(),
        "/volunteers/",
        "/volunteers/leaderboard/",
        "/me/",
        grid.get_absolute_url(),  # with the grid worker's tap-to-call link
    ]


MODERATE_PAGE = (
    "data:text/html,<html lang='en'><head><title>t</title></head>"
    "<body><h1>a</h1><h3>b</h3></body></html>"
)


def test_the_strict_gate_fails_on_a_moderate_violation(browser):
    journey = _strict_journey(browser, "", large_text=False)
    try:
        journey.page.goto(MODERATE_PAGE)
        journey.check()
        impacts = {violation.impact for violation in journey.violations}
        assert "moderate" in impacts  # heading-order, landmark-one-main …
        with pytest.raises(pytest.fail.Exception):
            journey.assert_clean()
    finally:
        journey.page.context.close()


def _assert_date_fields_fit(page, *, large_text: bool) -> None:
    """Each date field lies inside a 360px screen; in large text, where the two no
    longer fit side by side with the whole year, each has a row of its own."""
    for field in page.locator("form.filter-form input[type=date]").all():
        box = field.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= SMALL_PHONE["width"]
        assert field.evaluate("(el) => el.scrollWidth <= el.clientWidth + 1")
        if large_text:
            assert box["width"] >= SMALL_PHONE["width"] * 0.75, box


LUMINANCE = """(el) => {
    const weights = [0.2126, 0.7152, 0.0722];
    const lum = (c) => c.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number)
        .reduce((sum, v, i) => sum + v * weights[i], 0);
    const hint = getComputedStyle(el, "::placeholder").color;
    return [lum(hint), lum(getComputedStyle(el).color)];
}"""


def _assert_hints_lighter_than_typed_text(page) -> None:
    hinted = page.locator("main [placeholder]").first
    if not hinted.count():
        hinted = page.locator("main input[type=text], main textarea").first
        hinted.evaluate("(el) => el.setAttribute('placeholder', 'x')")
    hint, typed = hinted.evaluate(LUMINANCE)
    assert hint > typed + 40, (hint, typed)  # visibly lighter


@pytest.mark.parametrize("large_text", [False, True], ids=["standard", "large"])
def test_every_page_of_the_journeys_has_no_violation_at_all(
    browser, portal, large_text
):
    """And every tap target of those pages is at least 44px tall: measured on the
    same walk, after axe (the measuring opens the menu and the folded parts)."""
    journey = _strict_journey(browser, portal, large_text=large_text)
    small = []  # measured last on each page: it opens what is folded
    try:
        for path in ["/", "/activities/", "/matters/"]:
            journey.goto(path)  # anonymous
            if path == "/activities/":
                _assert_date_fields_fit(journey.page, large_text=large_text)
            small.extend(small_targets(journey.page, path))
        journey.goto("/accounts/login/")
        journey.log_in("resident")
        for path in _resident_pages():
            journey.goto(path)
            if path == "/matters/new/":
                _assert_hints_lighter_than_typed_text(journey.page)
            small.extend(small_targets(journey.page, path))
        journey.page.context.clear_cookies()
        if large_text:
            journey.page.context.add_cookies(
                [{"name": LARGE_TEXT_COOKIE, "value": "1", "url": portal}]
            )
        journey.goto("/accounts/login/")
        journey.log_in("staff")
        for path in ["/staff/", "/matters/staff/"]:
            journey.goto(path)
            small.extend(small_targets(journey.page, path))
        assert sum(checked for _url, checked in journey.shown) >= 17
        journey.assert_clean()
        assert not small, report(small)
    finally:
        journey.page.context.close()
