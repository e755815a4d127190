"""A grid worker on a phone, in a stairwell: log a visit with a photo, then find it
among the day's entries."""

import re

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from grids.models import VisitLog

pytestmark = pytest.mark.e2e


def test_grid_worker_logs_a_visit_with_a_photo(phone, tmp_path):
    page = phone.page
    photo = tmp_path / "stairwell.jpg"
    picture = Image.new("RGB", (1600, 1200), "#c8d6c0")
    ImageDraw.Draw(picture).rectangle((400, 300, 1200, 900), fill="#b3261e")
    picture.save(photo, "JPEG", quality=85)
    notes = "独居老人王阿姨家走访，血压正常，提醒按时吃药。"

    phone.goto("/grids/work/")
    assert "/accounts/login/" in page.url  # grid work needs an account
    phone.log_in("gridworker")
    assert phone.path() == "/grids/work/"

    phone.follow(
        page.locator("main a[href='/grids/work/visits/new/']"),
        "/grids/work/visits/new/",
    )
    form = page.locator("main form[data-upload-form]")
    form.locator("select[name=building]").select_option(index=1)
    form.locator("input[name=unit]").fill("2-301")
    form.locator("select[name=topic]").select_option(index=1)
    form.locator("textarea[name=notes]").fill(notes)
    form.locator("input[type=file][name=photos]").set_input_files(photo)
    phone.follow(
        form.locator("button[type=submit]"), re.compile(r"/grids/work/visits/\d+/$")
    )
    expect(page.locator(".portal-messages .alert-success")).to_be_visible()
    expect(page.locator("main")).to_contain_text(notes)
    thumbnail = page.locator("main .photo-strip img")
    expect(thumbnail).to_have_count(1)
    thumbnail.scroll_into_view_if_needed()  # it loads lazily
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=thumbnail.element_handle()
    )

    log = VisitLog.objects.get(notes=notes)
    assert log.author.username == "gridworker"
    assert log.photos.count() == 1

    phone.goto("/grids/work/")
    today = page.locator("section[aria-labelledby=today-title]")
    entry = today.locator(f"a[href='{log.get_absolute_url()}']")
    expect(entry).to_contain_text("2-301")
    expect(entry).to_contain_text(log.topic.name)
    phone.finish("grid_worker")
