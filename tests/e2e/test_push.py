"""Web push in the browser: the resident turns push on from the notices page (the
browser's push service is faked in the page: the headless browser has none to
reach), and the service worker shows a pushed notice with its page's address
(delivered through the DevTools protocol, as a push service would)."""

import json

import pytest
from playwright.sync_api import expect

from community_portal.notices.models import PushSubscription
from community_portal.notices.push import vapid_key_pair

pytestmark = pytest.mark.e2e

# PushManager without a push service: subscribe() answers what a browser would.
FAKE_PUSH_SERVICE = """(() => {
    let current = null;
    const b64 = (bytes) => btoa(String.fromCharCode(...bytes))
        .replace(/\\+/g, "-").replace(/\\//g, "_").replace(/=+$/, "");
    const make = () => {
        const p256dh = new Uint8Array(65);
        crypto.getRandomValues(p256dh);
        p256dh[0] = 4;
        const auth = crypto.getRandomValues(new Uint8Array(16));
        const json = {
            endpoint: "https://push.example.org/send/" + crypto.randomUUID(),
            expirationTime: null,
            keys: {p256dh: b64(p256dh), auth: b64(auth)},
        };
        return {
            endpoint: json.endpoint,
            toJSON: () => json,
            unsubscribe: () => { current = null; return Promise.resolve(true); },
        };
    };
    PushManager.prototype.subscribe = function (options) {
        window.__pushKey = options.applicationServerKey.length;
        current = current || make();
        return Promise.resolve(current);
    };
    PushManager.prototype.getSubscription = () => Promise.resolve(current);
})();"""


def _shown(page) -> dict:
    """The notification the worker shows (waiting for it up to ten seconds)."""
    for _attempt in range(50):
        shown = page.evaluate(
            """() => navigator.serviceWorker.ready
                .then((r) => r.getNotifications())
                .then((list) => list.length
                    ? {title: list[0].title, body: list[0].body, url: list[0].data.url}
                    : null)"""
        )
        if shown:
            return shown
        page.wait_for_timeout(200)
    raise AssertionError("no notification shown")


@pytest.fixture
def vapid(settings):
    private, public = vapid_key_pair()
    settings.WEBPUSH_VAPID_PRIVATE_KEY = private
    settings.WEBPUSH_VAPID_PUBLIC_KEY = public


def test_a_resident_turns_push_on_and_off(phone, vapid):
    page = phone.page
    page.context.grant_permissions(["notifications"], origin=phone.url(""))
    page.add_init_script(FAKE_PUSH_SERVICE)
    phone.goto("/notices/")
    phone.log_in("resident")
    phone.follow(page.locator("main a[href='/notices/push/']"), "/notices/push/")
    on = page.locator("[data-push-on]")
    expect(on).to_be_visible()
    on.click()
    off = page.locator("[data-push-off]")
    expect(off).to_be_visible()
    assert page.evaluate("() => window.__pushKey") == 65  # the portal's public key
    [subscription] = PushSubscription.objects.all()
    assert subscription.user.username == "resident"
    assert subscription.endpoint.startswith("https://push.example.org/send/")
    phone.check()

    off.click()
    expect(on).to_be_visible()
    assert not PushSubscription.objects.exists()
    phone.finish("resident_push")


def test_the_worker_shows_a_pushed_notice(phone):
    page = phone.page
    page.context.grant_permissions(["notifications"], origin=phone.url(""))
    session = page.context.new_cdp_session(page)
    registrations = []
    session.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.extend(event["registrations"]),
    )
    session.send("ServiceWorker.enable")
    phone.goto("/")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.wait_for_timeout(200)
    [registration] = {r["registrationId"] for r in registrations if not r["isDeleted"]}
    payload = {"title": "活动改期：悦寿宴", "body": "改到周六上午", "url": "/notices/"}
    session.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": phone.url(""),
            "registrationId": registration,
            "data": json.dumps(payload, ensure_ascii=False),
        },
    )
    shown = _shown(page)
    assert shown == {
        "title": "活动改期：悦寿宴",
        "body": "改到周六上午",
        "url": phone.url("/notices/"),
    }
    # A link to another site is never opened: the portal's home instead.
    page.evaluate(
        "() => navigator.serviceWorker.ready.then((r) => r.getNotifications())"
        ".then((list) => list.forEach((n) => n.close()))"
    )
    session.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": phone.url(""),
            "registrationId": registration,
            "data": json.dumps({"title": "外链", "url": "https://evil.example.org/"}),
        },
    )
    assert _shown(page)["url"] == phone.url("/")
    phone.finish("pushed_notice")
