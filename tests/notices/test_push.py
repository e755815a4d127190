"""Web push end to end against a fake push service on 127.0.0.1: the notice arrives
encrypted for the browser and signed with the portal's VAPID key; a 410 from the
push service deletes the subscription (no retry); other failures retry with
backoff; the person's choice and a missing key mean no push rows at all."""

import base64
import datetime
import io
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.core.management import call_command
from django.utils import timezone

from community_portal.notices.models import OutboxMessage, PushSubscription
from community_portal.notices.push import vapid_key_pair
from community_portal.notices.services import notice_send
from tests.factories import UserFactory


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class FakePushService:
    """A push service that keeps every POST and answers ``status``."""

    def __init__(self):
        self.received = []
        self.status = 201
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                service.received.append(
                    {
                        "path": self.path,
                        "headers": {k.lower(): v for k, v in self.headers.items()},
                        "body": self.rfile.read(length),
                    }
                )
                self.send_response(service.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


class Browser:
    """The browser's side of a subscription: its key pair and auth secret."""

    def __init__(self):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        self.p256dh = self.key.public_key().public_bytes(
            Encoding.X962, PublicFormat.UncompressedPoint
        )

    def subscribe(self, user, endpoint) -> PushSubscription:
        return PushSubscription.objects.create(
            user=user, endpoint=endpoint, p256dh=b64(self.p256dh), auth=b64(self.auth)
        )

    def decrypt(self, body: bytes) -> dict:
        plain = http_ece.decrypt(
            body, private_key=self.key, auth_secret=self.auth, version="aes128gcm"
        )
        return json.loads(plain)


@pytest.fixture
def vapid(settings):
    private, public = vapid_key_pair()
    settings.WEBPUSH_VAPID_PRIVATE_KEY = private
    settings.WEBPUSH_VAPID_PUBLIC_KEY = public
    settings.WEBPUSH_VAPID_SUBJECT = "mailto:admin@example.org"
    return public


@pytest.fixture
def push_service():
    with FakePushService() as service:
        yield service


def _send(user, key="n1", **extra):
    return notice_send(
        recipient=user,
        kind="activity",
        key=key,
        title="活动改期：悦寿宴",
        body="悦寿宴改到周六上午九点。",
        url="/activities/42/",
        **extra,
    )


@pytest.mark.django_db
def test_a_notice_reaches_each_device_encrypted_and_signed(
    vapid, push_service, django_capture_on_commit_callbacks
):
    user = UserFactory(email="", phone="")
    phone, laptop = Browser(), Browser()
    subs = [
        phone.subscribe(user, f"{push_service.url}/push/phone"),
        laptop.subscribe(user, f"{push_service.url}/push/laptop"),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        notice = _send(user)

    assert sorted(r["path"] for r in push_service.received) == [
        "/push/laptop",
        "/push/phone",
    ]
    for request in push_service.received:
        headers = request["headers"]
        assert headers["content-encoding"] == "aes128gcm"
        assert headers["authorization"].startswith("vapid t=")
        assert f"k={vapid}" in headers["authorization"]
        assert int(headers["ttl"]) > 0
        browser = phone if request["path"].endswith("phone") else laptop
        assert "悦寿宴".encode() not in request["body"]  # not in plain text
        assert browser.decrypt(request["body"]) == {
            "title": "活动改期：悦寿宴",
            "body": "悦寿宴改到周六上午九点。",
            "url": "/activities/42/",
        }
    messages = OutboxMessage.objects.filter(channel="push")
    assert set(messages.values_list("status", flat=True)) == {"sent"}
    for sub in subs:
        sub.refresh_from_db()
        assert sub.last_success_at is not None
    notice.refresh_from_db()
    assert notice.delivered_at is not None

    # The same notice again: nothing new is sent.
    with django_capture_on_commit_callbacks(execute=True):
        _send(user)
    assert len(push_service.received) == 2


@pytest.mark.django_db
def test_a_gone_subscription_is_deleted_and_not_retried(
    vapid, push_service, django_capture_on_commit_callbacks, time_machine
):
    user = UserFactory(email="", phone="")
    Browser().subscribe(user, f"{push_service.url}/push/old-phone")
    push_service.status = 410
    with django_capture_on_commit_callbacks(execute=True):
        _send(user)

    assert len(push_service.received) == 1
    assert not PushSubscription.objects.exists()
    message = OutboxMessage.objects.get(channel="push")
    assert message.status == "failed"
    assert message.attempts == 1
    assert "410" in message.last_error

    time_machine.move_to(timezone.now() + datetime.timedelta(days=2))
    call_command("deliver_outbox", stdout=io.StringIO())
    assert len(push_service.received) == 1
    # The next notice has no device to go to.
    with django_capture_on_commit_callbacks(execute=True):
        _send(user, key="n2")
    assert OutboxMessage.objects.filter(channel="push").count() == 1


@pytest.mark.django_db
def test_a_push_service_failure_is_retried_with_backoff(
    vapid, push_service, django_capture_on_commit_callbacks, time_machine
):
    now = timezone.now()
    time_machine.move_to(now, tick=False)
    user = UserFactory(email="", phone="")
    browser = Browser()
    sub = browser.subscribe(user, f"{push_service.url}/push/phone")
    push_service.status = 503
    with django_capture_on_commit_callbacks(execute=True):
        _send(user, now=now)

    message = OutboxMessage.objects.get(channel="push")
    assert message.status == "pending"
    assert message.attempts == 1
    assert message.next_attempt_at == now + datetime.timedelta(minutes=1)
    assert PushSubscription.objects.filter(pk=sub.pk).exists()

    push_service.status = 201
    call_command("deliver_outbox", stdout=io.StringIO())  # not due yet
    assert len(push_service.received) == 1
    time_machine.move_to(now + datetime.timedelta(minutes=2), tick=False)
    call_command("deliver_outbox", stdout=io.StringIO())
    message.refresh_from_db()
    assert message.status == "sent"
    assert len(push_service.received) == 2
    assert browser.decrypt(push_service.received[1]["body"])["title"] == (
        "活动改期：悦寿宴"
    )


@pytest.mark.django_db
def test_no_push_rows_when_turned_off_or_not_configured(settings, vapid):
    user = UserFactory(email="", phone="")
    Browser().subscribe(user, "https://push.example.org/push/phone")
    user.notify_push = False  # the person's channel choice (accounts profile)
    _send(user, key="off")
    assert not OutboxMessage.objects.filter(channel="push").exists()

    del user.notify_push
    settings.WEBPUSH_VAPID_PRIVATE_KEY = ""
    _send(user, key="no-key")
    assert not OutboxMessage.objects.filter(channel="push").exists()
