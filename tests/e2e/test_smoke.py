"""The browser smoke test: a resident's phone goes from ``/`` to a grid page and to an
activity, then reads the activity in English and back in Chinese."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

GRID_PAGE = re.compile(r"/grids/\d+/$")
ACTIVITY_PAGE = re.compile(r"/activities/\d+/$")


def test_home_to_a_grid_and_an_activity_then_english_and_back(phone):
    page = phone.page
    phone.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")

    # The home page leads to the grid list, the list to each grid.
    phone.follow(page.locator("main a[href='/grids/']").first, "/grids/")
    phone.follow(
        page.locator("main a[href^='/grids/']").filter(has_text="悦家").first,
        GRID_PAGE,
    )
    expect(page.locator("h1")).to_contain_text("悦家")

    phone.back()
    phone.back()
    assert phone.path() == "/"

    link = _first_activity_link(page)
    title = link.inner_text().strip()
    phone.follow(link, ACTIVITY_PAGE)
    expect(page.locator("h1")).to_have_text(title)
    activity = phone.path()

    phone.follow(page.locator(".language-switch [lang=en]"), "/en" + activity)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".language-switch [lang=en]")).to_have_attribute(
        "aria-current", "true"
    )

    phone.follow(page.locator(".language-switch [lang=zh-hans]"), activity)
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator("h1")).to_have_text(title)
    phone.finish("smoke")


def _first_activity_link(page):
    """The first visible link on the page to one activity (not the list, not a feed)."""
    links = page.locator("main a[href^='/activities/']")
    for index in range(links.count()):
        link = links.nth(index)
        if ACTIVITY_PAGE.search(link.get_attribute("href")) and link.is_visible():
            return link
    raise AssertionError(f"no visible link to an activity on {page.url}")
