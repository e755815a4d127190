"""The accessibility gate itself: the vendored axe-core runs, and a serious or
critical violation fails a journey (a gate that cannot fail would prove nothing)."""

import pytest

from .conftest import Journey

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
