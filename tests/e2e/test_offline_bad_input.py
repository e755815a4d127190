"""What goes wrong in a stairwell, told clearly and nothing lost or sent twice: a
session that ended while the entry waited, a photo the server refuses, a phone
with no storage left. (A building moved to another grid: tests/e2e/test_offline.py.)"""

import pytest
from playwright.sync_api import expect

from grids.models import VisitLog

from .test_offline import _outbox, _photo_with_gps, until

pytestmark = pytest.mark.e2e

WAIT_FOR_STATUS = """(status) => new Promise((resolve) => {
    const open = indexedDB.open("portal-grid-work", 1);
    open.onsuccess = () => {
        const request = open.result.transaction("outbox").objectStore("outbox").getAll();
        request.onsuccess = () => resolve(
            request.result.length === 1 && request.result[0].status === status);
    };
})"""
# Makes IndexedDB's put throw as a full disk does, while window.__quotaFull is set.
FULL_STORAGE = """(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (...args) {
        if (window.__quotaFull) {
            throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
        }
        return put.apply(this, args);
    };
})();"""


def _open_visit_form(phone):
    page = phone.page
    phone.goto("/grids/work/")
    phone.log_in("gridworker")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    phone.goto("/grids/work/visits/new/")
    form = page.locator("main form[data-upload-form]")
    expect(form).to_have_attribute("data-draft-ready", "1")
    return form


def _fill(form, notes):
    form.locator("select[name=building]").select_option(index=1)
    form.locator("select[name=topic]").select_option(index=1)
    form.locator("textarea[name=notes]").fill(notes)


def test_a_session_that_ended_offline_keeps_the_entry_until_the_login(phone):
    page = phone.page
    notes = "离线期间登录过期的走访记录。"
    form = _open_visit_form(phone)
    _fill(form, notes)
    page.context.set_offline(True)
    form.locator("button[type=submit]").click()
    expect(page.locator("header [data-outbox-count]")).to_contain_text("1")

    page.context.clear_cookies()  # the session ends while the phone waits
    page.context.set_offline(False)
    until(page, WAIT_FOR_STATUS, "login")
    assert not VisitLog.objects.filter(notes=notes).exists()

    # Asked to log in again; the entry is still there, then sent once.
    phone.goto("/grids/work/")
    assert "/accounts/login/" in page.url
    expect(page.locator("main")).to_contain_text("登录")
    phone.log_in("gridworker")
    expect(page.locator("header [data-outbox-count]")).to_be_hidden(timeout=20_000)
    assert _outbox(page) == []
    assert VisitLog.objects.filter(notes=notes).count() == 1


def test_the_login_message_is_shown_on_the_kept_page(phone):
    page = phone.page
    form = _open_visit_form(phone)
    _fill(form, "等待中的记录。")
    page.context.set_offline(True)
    form.locator("button[type=submit]").click()
    page.goto(phone.url("/grids/work/"))  # from the worker's cache
    phone.check()
    page.context.clear_cookies()
    page.context.set_offline(False)
    until(page, WAIT_FOR_STATUS, "login")
    entry = page.locator("[data-outbox] .outbox-entry")
    expect(entry).to_have_count(1)
    expect(page.locator("[data-outbox]")).to_contain_text("请重新登录")


def test_a_photo_the_server_refuses_is_kept_with_the_message(phone, tmp_path):
    page = phone.page
    notes = "照片被拒绝的走访记录。"
    good = tmp_path / "door.jpg"
    _photo_with_gps(good, "#c8d6c0")
    broken = tmp_path / "stairs.jpg"
    broken.write_bytes(b"this is not a picture at all" * 40)
    form = _open_visit_form(phone)
    _fill(form, notes)
    form.locator("input[type=file][name=photos]").set_input_files([good, broken])
    expect(form.locator("[data-chosen-files] li")).to_have_count(2)
    page.context.set_offline(True)
    form.locator("button[type=submit]").click()
    expect(page.locator("header [data-outbox-count]")).to_contain_text("1")

    page.context.set_offline(False)
    until(page, WAIT_FOR_STATUS, "refused")
    [entry] = _outbox(page)
    assert entry["photos"] == 2  # both kept, for the correction
    assert not VisitLog.objects.filter(notes=notes).exists()

    phone.goto("/grids/work/")
    refused = page.locator("[data-outbox] .outbox-refused")
    expect(refused).to_have_count(1)
    expect(refused.locator(".text-danger-emphasis")).to_contain_text("未保存")
    phone.follow(refused.locator("button"), "/grids/work/visits/new/")
    expect(page.locator("textarea[name=notes]")).to_have_value(notes)
    expect(page.locator("[data-chosen-files] li")).to_have_count(2)
    phone.finish("grid_worker_photo_refused")


def test_a_full_storage_is_told_and_nothing_is_lost(phone):
    page = phone.page
    page.add_init_script(FULL_STORAGE)
    notes = "存储空间满时的走访记录。"
    form = _open_visit_form(phone)
    page.evaluate("() => { window.__quotaFull = true; }")
    _fill(form, notes)
    page.context.set_offline(True)
    form.locator("button[type=submit]").click()
    status = form.locator("[data-upload-status]")
    expect(status).to_contain_text("存储空间已满")
    # Nothing queued, nothing cleared: the entry is still in the form.
    expect(form.locator("textarea[name=notes]")).to_have_value(notes)
    expect(page.locator("header [data-outbox-count]")).to_be_hidden()

    # Room again (photos removed elsewhere): the same entry is queued and sent once.
    page.evaluate("() => { window.__quotaFull = false; }")
    form.locator("button[type=submit]").click()
    expect(page.locator("header [data-outbox-count]")).to_contain_text("1")
    page.context.set_offline(False)
    expect(page.locator("header [data-outbox-count]")).to_be_hidden(timeout=20_000)
    assert VisitLog.objects.filter(notes=notes).count() == 1
    phone.finish("grid_worker_storage_full")
