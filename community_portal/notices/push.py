"""Web push: sending one outbox message to one subscribed browser with pywebpush.

The payload is the JSON the service worker shows (``templates/pwa/sw.js``):
``{"title": …, "body": …, "url": …}``, encrypted for the browser (aes128gcm) and
signed with the portal's VAPID key (settings ``WEBPUSH_VAPID_PRIVATE_KEY``,
``WEBPUSH_VAPID_PUBLIC_KEY``, ``WEBPUSH_VAPID_SUBJECT``). Push is available only
when both keys are set. A push service that answers 404 or 410 says the
subscription is gone for good (``PushGone``: no retry); any other failure raises
and the outbox retries it with backoff.
"""

import base64
import json

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings
from pywebpush import WebPushException, webpush

from .models import OutboxMessage

PUSH_TTL = 24 * 60 * 60  # a notice a day old is still worth showing
PUSH_TIMEOUT = 10  # seconds
BODY_LENGTH = 200


class PushGone(Exception):
    """The push service no longer knows this subscription (404/410)."""


def push_enabled() -> bool:
    return bool(
        getattr(settings, "WEBPUSH_VAPID_PUBLIC_KEY", "")
        and getattr(settings, "WEBPUSH_VAPID_PRIVATE_KEY", "")
    )


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def vapid_key_pair() -> tuple[str, str]:
    """A new VAPID key pair, (private, public), base64url as the settings want them:
    the raw 32-byte private value and the uncompressed public point."""
    key = ec.generate_private_key(ec.SECP256R1())
    private = key.private_numbers().private_value.to_bytes(32, "big")
    public = key.public_key().public_bytes(
        Encoding.X962, PublicFormat.UncompressedPoint
    )
    return _b64url(private), _b64url(public)


def push_payload(*, title: str, body: str, url: str) -> str:
    return json.dumps(
        {"title": title, "body": body[:BODY_LENGTH], "url": url or "/notices/"},
        ensure_ascii=False,
    )


def push_transmit(message: OutboxMessage) -> None:
    """Send ``message`` to its subscription; raises ``PushGone`` when the push
    service says the subscription is gone, any other exception to retry later."""
    subscription = message.push_subscription
    if subscription is None:
        raise PushGone("The device unsubscribed.")
    if not push_enabled():
        raise RuntimeError("Web push is not configured (WEBPUSH_VAPID_* settings).")
    try:
        webpush(
            subscription_info={
                "endpoint": subscription.endpoint,
                "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
            },
            data=message.body,
            vapid_private_key=settings.WEBPUSH_VAPID_PRIVATE_KEY,
            vapid_claims={"sub": settings.WEBPUSH_VAPID_SUBJECT},
            ttl=PUSH_TTL,
            timeout=PUSH_TIMEOUT,
        )
    except WebPushException as error:
        status = getattr(error.response, "status_code", None)
        if status in (404, 410):
            raise PushGone(f"The push service answered {status}.") from error
        raise
