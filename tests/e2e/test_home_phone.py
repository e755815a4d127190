"""The resident's first hour on a 390×844 phone, in both display modes: the
anonymous home, signing in, the signed-in home with its four actions and the next
activity's check-in code, the bottom bar (fixed at the bottom, 44px targets, the
page shown marked), and 我的 with the QR code. Screenshots of each step go to
tests/e2e/screenshots/, or to docs/screenshots/ with UPDATE_DOC_SCREENSHOTS=1."""

import os
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect

from community_portal.context_processors import LARGE_TEXT_COOKIE

from .conftest import PHONE, SCREENSHOTS

pytestmark = pytest.mark.e2e

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _shot(page, name: str) -> None:
    folder = DOCS if os.environ.get("UPDATE_DOC_SCREENSHOTS") == "1" else SCREENSHOTS
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path))
    if folder == DOCS:
        # 256 colours, no dithering: the same picture of text and flat colours at a
        # third of the size (the README shows six of them).
        picture = Image.open(path).convert("RGB")
        picture.quantize(
            colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        ).save(path, optimize=True)


def _assert_bottom_bar(page, current: str) -> None:
    bar = page.locator("nav.bottom-nav")
    expect(bar).to_be_visible()
    box = bar.bounding_box()
    assert abs(box["y"] + box["height"] - PHONE["height"]) <= 1, box
    links = bar.locator("a")
    expect(links).to_have_count(4)
    for index in range(4):
        assert links.nth(index).bounding_box()["height"] >= 44
    expect(bar.locator("a[aria-current=page]")).to_have_attribute("href", current)


@pytest.mark.parametrize("large_text", [False, True], ids=["standard", "large"])
def test_a_residents_first_hour_on_a_phone(phone, large_text):
    page = phone.page
    mode = "large" if large_text else "standard"
    if large_text:
        page.context.add_cookies(
            [{"name": LARGE_TEXT_COOKIE, "value": "1", "url": phone.base_url}]
        )

    phone.goto("/")
    _assert_bottom_bar(page, "/")
    expect(page.locator("#plan-title")).to_be_visible()
    _shot(page, f"home-anonymous-{mode}")

    phone.follow(
        page.locator("nav.bottom-nav a[href='/me/']"), "/accounts/login/?next=/me/"
    )
    phone.log_in("resident")
    phone.goto("/")
    actions = page.locator("nav.home-actions a.home-action")
    expect(actions).to_have_count(4)
    for index in range(4):
        assert actions.nth(index).bounding_box()["height"] >= 44
    expect(page.locator(".home-next")).to_be_visible()
    _shot(page, f"home-signed-in-{mode}")

    # The journey: the next activity's check-in QR code, one tap from home.
    show_qr = page.locator(".home-next a[href^='/me/#checkin-']")
    if show_qr.count():
        phone.follow(show_qr, "/me/#" + show_qr.get_attribute("href").split("#")[1])
        expect(page.locator("svg.checkin-qr").first).to_be_visible()
    else:
        phone.follow(page.locator("nav.bottom-nav a[href='/me/']"), "/me/")
    _assert_bottom_bar(page, "/me/")
    _shot(page, f"journey-me-{mode}")

    phone.follow(page.locator("nav.bottom-nav a[href='/matters/']"), "/matters/")
    _assert_bottom_bar(page, "/matters/")
    phone.follow(page.locator("main a[href='/matters/new/']").first, "/matters/new/")
    # The anonymity checkbox and its label on one row, a 44px target.
    checkbox = page.locator("#id_is_anonymous")
    checkbox.scroll_into_view_if_needed()
    label = page.locator("label[for=id_is_anonymous]")
    assert label.bounding_box()["height"] >= 44
    assert abs(label.bounding_box()["y"] - checkbox.bounding_box()["y"]) < 44
    assert label.bounding_box()["width"] > 200  # not one character a line
    _shot(page, f"journey-matter-form-{mode}")
    phone.finish(f"first-hour-{mode}")
