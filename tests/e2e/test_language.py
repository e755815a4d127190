"""The language switch: from a Chinese page with a query string to the same page in
English under /en/, and back."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_language_switch_to_english_and_back_keeps_the_page(phone):
    page = phone.page
    phone.goto("/grids/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    chinese_heading = page.locator("h1").inner_text()

    phone.follow(page.locator(".language-switch [lang=en]"), "/en/grids/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    heading = page.locator("h1").inner_text()
    assert heading != chinese_heading
    assert heading.isascii(), f"the English page is not in English: {heading!r}"
    # Links on the English page stay in English.
    expect(page.locator("main a[href='/en/grids/1/']").first).to_be_attached()

    phone.follow(page.locator(".language-switch [lang=zh-hans]"), "/grids/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator("h1")).to_have_text(chinese_heading)
    phone.finish("language")
