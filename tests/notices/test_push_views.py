"""The push page and its two endpoints: signed in, CSRF-checked, only a real push
service's address and well-formed keys, a person's own subscriptions only."""

import base64
import json
import os

import pytest
from django.test import Client
from django.urls import reverse

from community_portal.notices.models import PushSubscription
from community_portal.notices.push import vapid_key_pair
from tests.factories import UserFactory

ENDPOINT = "https://fcm.googleapis.com/fcm/send/abc123"


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def subscription(endpoint=ENDPOINT, p256dh=None, auth=None) -> dict:
    return {
        "endpoint": endpoint,
        "expirationTime": None,
        "keys": {
            "p256dh": p256dh or b64(b"\x04" + os.urandom(64)),
            "auth": auth or b64(os.urandom(16)),
        },
    }


@pytest.fixture
def vapid(settings):
    private, public = vapid_key_pair()
    settings.WEBPUSH_VAPID_PRIVATE_KEY = private
    settings.WEBPUSH_VAPID_PUBLIC_KEY = public
    return public


def post(client, name, data):
    return client.post(
        reverse(f"notices:{name}"),
        data=json.dumps(data) if not isinstance(data, str) else data,
        content_type="application/json",
    )


@pytest.mark.django_db
def test_the_page_offers_push_with_the_public_key(client, resident, vapid):
    client.force_login(resident)
    listing = client.get(reverse("notices:list"))
    assert reverse("notices:push").encode() in listing.content
    page = client.get(reverse("notices:push"))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'data-key="{vapid}"' in html
    assert "data-push-on" in html
    assert "js/push.js" in html


@pytest.mark.django_db
def test_without_keys_the_page_says_push_is_not_set_up(client, resident, settings):
    settings.WEBPUSH_VAPID_PUBLIC_KEY = ""
    client.force_login(resident)
    html = client.get(reverse("notices:push")).content.decode()
    assert "data-push-on" not in html
    assert "js/push.js" not in html
    assert "alert-info" in html
    response = post(client, "push_subscribe", subscription())
    assert response.status_code == 400
    assert not PushSubscription.objects.exists()


@pytest.mark.django_db
def test_subscribe_and_unsubscribe(client, resident, vapid):
    client.force_login(resident)
    data = subscription()
    response = post(client, "push_subscribe", data)
    assert response.status_code == 200 and response.json()["ok"]
    assert " 1 " in response.json()["devices"]
    sub = PushSubscription.objects.get()
    assert sub.user == resident
    assert sub.p256dh == data["keys"]["p256dh"]
    # The browser tells it again (a reload): still one.
    post(client, "push_subscribe", data)
    assert PushSubscription.objects.count() == 1

    response = post(client, "push_unsubscribe", data)
    assert response.status_code == 200
    assert not PushSubscription.objects.exists()


@pytest.mark.django_db
def test_a_shared_phone_moves_to_whoever_subscribes_it(client, resident, vapid):
    other = UserFactory()
    client.force_login(other)
    post(client, "push_subscribe", subscription())
    client.force_login(resident)
    # Someone else cannot unsubscribe it for its owner …
    post(client, "push_unsubscribe", subscription())
    assert PushSubscription.objects.get().user == other
    # … but subscribing this browser again makes it theirs.
    post(client, "push_subscribe", subscription())
    assert PushSubscription.objects.get().user == resident


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        subscription(endpoint="http://push.example.org/x"),
        subscription(endpoint="https://127.0.0.1:8000/x"),
        subscription(endpoint="https://localhost/x"),
        subscription(endpoint="https://intranet/x"),
        subscription(endpoint="https://push.example.org/" + "x" * 1000),
        subscription(p256dh="not-a-key"),
        subscription(auth=b64(b"short")),
        {"endpoint": ENDPOINT},
        {"endpoint": 5, "keys": []},
        [1, 2],
        "not json",
    ],
)
def test_bad_subscriptions_are_refused_with_a_message(client, resident, vapid, data):
    client.force_login(resident)
    response = post(client, "push_subscribe", data)
    assert response.status_code == 400
    assert response.json()["ok"] is False
    assert response.json()["message"]
    assert not PushSubscription.objects.exists()


@pytest.mark.django_db
def test_signed_in_and_csrf_checked(resident, vapid):
    anonymous = Client()
    response = post(anonymous, "push_subscribe", subscription())
    assert response.status_code == 302
    assert not PushSubscription.objects.exists()

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(resident)
    assert post(strict, "push_subscribe", subscription()).status_code == 403
    assert strict.get(reverse("notices:push_subscribe")).status_code == 405
    assert not PushSubscription.objects.exists()
