"""The portal as an installed app in a stairwell without signal: the manifest and the
service worker are in place, a visit log saved offline waits on the phone (through a
reload), and is saved exactly once, with its photos, when the signal returns."""

import io
import time

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from grids.models import VisitLog

pytestmark = pytest.mark.e2e

GPS_IFD = 0x8825


def _photo_with_gps(path, colour):
    picture = Image.new("RGB", (2400, 1800), colour)
    ImageDraw.Draw(picture).rectangle((600, 400, 1800, 1400), fill="#b3261e")
    exif = Image.Exif()
    exif[GPS_IFD] = {1: "N", 2: (31.0, 13.0, 30.0), 3: "E", 4: (121.0, 28.0, 10.0)}
    picture.save(path, "JPEG", quality=85, exif=exif)
    assert Image.open(path).getexif().get_ifd(GPS_IFD), "the test photo has a GPS fix"


def until(page, script: str, arg=None, timeout: float = 20.0):
    """Evaluate ``script`` (which may answer a promise) until it answers something
    truthy, and return that. Playwright's wait_for_function takes a promise itself
    for a truthy answer, so a check that reads IndexedDB or the caches needs this."""
    deadline = time.monotonic() + timeout
    while True:
        answer = page.evaluate(script, arg)
        if answer:
            return answer
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {script[:200]}")
        page.wait_for_timeout(200)


def _outbox(page) -> list:
    return page.evaluate(
        """() => new Promise((resolve, reject) => {
            const open = indexedDB.open("portal-grid-work", 1);
            open.onsuccess = () => {
                const request = open.result.transaction("outbox")
                    .objectStore("outbox").getAll();
                request.onsuccess = () => resolve(request.result.map((entry) => ({
                    key: entry.key, status: entry.status, photos: entry.photos.length,
                    sizes: entry.photos.map((photo) => photo.blob.size),
                })));
                request.onerror = () => reject(request.error);
            };
            open.onerror = () => reject(open.error);
        })"""
    )


def _cached_paths(page) -> list[str]:
    return page.evaluate(
        """async () => {
            const paths = [];
            for (const name of await caches.keys()) {
                const cache = await caches.open(name);
                for (const request of await cache.keys()) {
                    paths.push(new URL(request.url).pathname);
                }
            }
            return paths;
        }"""
    )


def test_a_visit_saved_offline_waits_and_is_saved_once_when_online(phone, tmp_path):
    page = phone.page
    photos = [tmp_path / "door.jpg", tmp_path / "stairs.jpg"]
    _photo_with_gps(photos[0], "#c8d6c0")
    _photo_with_gps(photos[1], "#d0c8e0")
    notes = "断网时记录：3号楼2单元楼道灯坏了，已告知物业。"

    phone.goto("/grids/work/")
    phone.log_in("gridworker")

    # Installable: the manifest is linked and the worker controls the page.
    manifest = page.evaluate(
        "() => fetch(document.querySelector('link[rel=manifest]').href)"
        ".then((response) => response.json())"
    )
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/"
    assert {icon["purpose"] for icon in manifest["icons"]} == {"any", "maskable"}
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    scope = page.evaluate(
        "() => navigator.serviceWorker.getRegistration().then((r) => r.scope)"
    )
    assert scope == phone.url("/")

    phone.goto("/grids/work/visits/new/")
    until(
        page,
        """() => caches.keys().then(async (names) => {
            for (const name of names) {
                const cache = await caches.open(name);
                if (await cache.match("/grids/work/visits/new/", {ignoreVary: true})) return true;
            }
            return false;
        })""",
    )
    assert "/offline/" in _cached_paths(page)

    form = page.locator("main form[data-upload-form]")
    expect(form).to_have_attribute("data-draft-ready", "1")  # outbox.js is set up
    form.locator("select[name=building]").select_option(index=1)
    form.locator("input[name=unit]").fill("2-301")
    form.locator("select[name=topic]").select_option(index=1)
    form.locator("textarea[name=notes]").fill(notes)
    form.locator("input[type=file][name=photos]").set_input_files(photos)
    expect(form.locator("[data-chosen-files] li")).to_have_count(2)

    page.context.set_offline(True)
    form.locator("button[type=submit]").click()
    badge = page.locator("header [data-outbox-count]")
    expect(badge).to_be_visible()
    expect(badge).to_contain_text("1")
    [entry] = _outbox(page)
    assert entry["status"] == "waiting"
    assert entry["photos"] == 2
    # Resized in the browser (2400 px wide, about a megabyte, before).
    assert all(size < 400_000 for size in entry["sizes"]), entry["sizes"]

    # A reload without a signal: the page comes from the worker, the entry waits.
    page.reload()
    phone.check()
    expect(page.locator("header [data-outbox-count]")).to_contain_text("1")
    assert [item["key"] for item in _outbox(page)] == [entry["key"]]
    assert not VisitLog.objects.filter(notes=notes).exists()

    # The signal returns: sent once, with both photos, no GPS left in them.
    page.context.set_offline(False)
    expect(page.locator("header [data-outbox-count]")).to_be_hidden(timeout=20_000)
    assert _outbox(page) == []
    phone.goto("/grids/work/")  # opening again sends nothing twice
    expect(page.locator("[data-outbox]")).to_be_hidden()
    log = VisitLog.objects.get(notes=notes)
    assert str(log.submission_key) == entry["key"]
    assert log.author.username == "gridworker"
    assert log.photos.count() == 2
    for photo in log.photos.all():
        with photo.image.open("rb") as handle:
            stored = Image.open(io.BytesIO(handle.read()))
            assert not stored.getexif().get_ifd(GPS_IFD)
    phone.finish("grid_worker_offline")


def test_an_entry_refused_on_arrival_is_kept_with_the_message(phone):
    """The building was moved to another grid while the entry waited: the server
    refuses it, the outbox keeps it with the reason, and it opens again as a draft."""
    from grids.models import Building, Grid

    page = phone.page
    notes = "等信号时楼栋划到了别的网格。"
    phone.goto("/grids/work/")
    phone.log_in("gridworker")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    phone.goto("/grids/work/visits/new/")

    form = page.locator("main form[data-upload-form]")
    expect(form).to_have_attribute("data-draft-ready", "1")  # outbox.js is set up
    building_id = (
        form.locator("select[name=building] option").nth(1).get_attribute("value")
    )
    form.locator("select[name=building]").select_option(building_id)
    form.locator("select[name=topic]").select_option(index=1)
    form.locator("textarea[name=notes]").fill(notes)
    page.context.set_offline(True)
    form.locator("button[type=submit]").click()
    expect(page.locator("header [data-outbox-count]")).to_contain_text("1")

    building = Building.objects.get(pk=building_id)
    other = Grid.objects.exclude(pk=building.grid_id).exclude(
        workers__username="gridworker"
    )[0]
    Building.objects.filter(pk=building.pk).update(grid=other)

    page.context.set_offline(False)
    until(
        page,
        """() => new Promise((resolve) => {
            const open = indexedDB.open("portal-grid-work", 1);
            open.onsuccess = () => {
                const request = open.result.transaction("outbox")
                    .objectStore("outbox").getAll();
                request.onsuccess = () => resolve(
                    request.result.length === 1
                    && request.result[0].status === "refused");
            };
        })""",
        timeout=30,
    )
    assert not VisitLog.objects.filter(notes=notes).exists()

    phone.goto("/grids/work/")
    entry = page.locator("[data-outbox] .outbox-refused")
    expect(entry).to_have_count(1)
    expect(entry.locator(".text-danger-emphasis")).not_to_be_empty()
    phone.follow(entry.locator("button"), "/grids/work/visits/new/")
    expect(page.locator("textarea[name=notes]")).to_have_value(notes)
    expect(page.locator("header [data-outbox-count]")).to_be_hidden()
    phone.finish("grid_worker_refused")
