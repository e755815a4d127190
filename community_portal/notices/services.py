"""Writing notices: ``notice_send`` for every feature app, ``notices_mark_read``.

``notice_send`` is idempotent by key: the first call creates the notice and one
outbox message per channel the person can be reached on and has not switched off in
their profile (e-mail when they have an address and ``notify_email``, SMS when they
have a phone number and ``notify_sms``, web push to each browser they subscribed
unless ``notify_push`` is off); a repeat returns the notice it made
and sends nothing. Call it inside the caller's transaction: the notice then exists
exactly when the change it reports does, and the sending tasks are queued only
after the commit.
"""

import base64
import binascii
import datetime
import functools
import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community_portal.accounts.models import User
from community_portal.errors import ServiceError
from community_portal.sms import SMS_LENGTH

from .delivery import mark_notice_delivered
from .models import Notice, OutboxMessage, PushSubscription
from .push import push_enabled, push_payload
from .tasks import deliver_message

MAX_ENDPOINT = 1000
P256DH_BYTES = 65  # an uncompressed P-256 point
AUTH_BYTES = 16


def _sms_text(title: str) -> str:
    sign = getattr(settings, "SMS_SIGN_NAME", "")
    text = f"【{sign}】{title}" if sign else title
    return text[:SMS_LENGTH]


def _email_body(body: str, url: str) -> str:
    base = getattr(settings, "PORTAL_URL", "")
    if url and base and url.startswith("/"):
        url = f"{base.rstrip('/')}{url}"
    return f"{body}\n\n{url}".strip() if url.startswith("http") else body


def notice_send(
    *,
    recipient: User,
    kind: str,
    key: str,
    title: str,
    body: str = "",
    url: str = "",
    email_body: str | None = None,
    now: datetime.datetime | None = None,
) -> Notice:
    """Tell ``recipient`` something, once per ``key``. ``email_body`` replaces
    the e-mail's text (``body`` and the link) when the caller writes its own."""
    now = now or timezone.now()
    with transaction.atomic():
        notice, created = Notice.objects.get_or_create(
            key=key[:200],
            defaults={
                "recipient": recipient,
                "kind": kind,
                "title": title[:120],
                "body": body,
                "url": url[:300],
                "created_at": now,
            },
        )
        if not created:
            return notice
        messages = []
        if recipient.email and recipient.notify_email:
            messages.append(
                OutboxMessage(
                    notice=notice,
                    channel=OutboxMessage.Channel.EMAIL,
                    address=recipient.email,
                    subject=title[:200],
                    body=_email_body(body, url) if email_body is None else email_body,
                    key=f"{notice.key}:email",
                    next_attempt_at=now,
                    created_at=now,
                )
            )
        if recipient.phone and recipient.notify_sms:
            messages.append(
                OutboxMessage(
                    notice=notice,
                    channel=OutboxMessage.Channel.SMS,
                    address=recipient.phone,
                    body=_sms_text(title),
                    key=f"{notice.key}:sms",
                    next_attempt_at=now,
                    created_at=now,
                )
            )
        messages += _push_messages(
            notice=notice, recipient=recipient, body=body, url=url, now=now
        )
        if not messages:
            # Nothing to carry it: the portal's own list is its delivery.
            mark_notice_delivered(notice.pk, now=now)
        for message in messages:
            message.save()
            transaction.on_commit(
                functools.partial(deliver_message.enqueue, message.pk)
            )
    return notice


def _wants_push(user: User) -> bool:
    """The person's choice (``notify_push`` on the user or their profile, where the
    accounts app has it); push is on by default."""
    if hasattr(user, "notify_push"):
        return bool(user.notify_push)
    return bool(getattr(getattr(user, "profile", None), "notify_push", True))


def _push_messages(
    *, notice: Notice, recipient: User, body: str, url: str, now: datetime.datetime
) -> list[OutboxMessage]:
    if not push_enabled() or not _wants_push(recipient):
        return []
    payload = push_payload(title=notice.title, body=body, url=url)
    return [
        OutboxMessage(
            notice=notice,
            channel=OutboxMessage.Channel.PUSH,
            push_subscription=subscription,
            address=subscription.endpoint[:254],
            subject=notice.title[:200],
            body=payload,
            key=f"{notice.key}:push:{subscription.pk}",
            next_attempt_at=now,
            created_at=now,
        )
        for subscription in PushSubscription.objects.filter(user_id=recipient.pk)
    ]


def notices_mark_read(*, user: User, notice_ids: list[int]) -> int:
    """Mark these notices of ``user`` read (others' ids are ignored)."""
    if not notice_ids:
        return 0
    return (
        Notice.objects.for_user(user)
        .unread()
        .filter(pk__in=notice_ids)
        .update(read_at=timezone.now())
    )


def _decoded_length(value: str) -> int:
    try:
        return len(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))
    except (ValueError, binascii.Error):
        return -1


def _check_subscription(*, endpoint: str, p256dh: str, auth: str) -> None:
    if not push_enabled():
        raise ServiceError(
            "push_unavailable", _("Push notifications are not set up on this portal.")
        )
    # Only a push service's address: HTTPS, a host name, nothing on this network.
    url = urlsplit(endpoint)
    host = (url.hostname or "").lower()
    try:
        ipaddress.ip_address(host)
        literal = True
    except ValueError:
        literal = False
    if (
        url.scheme != "https"
        or not host
        or literal
        or host == "localhost"
        or "." not in host
        or len(endpoint) > MAX_ENDPOINT
    ):
        raise ServiceError(
            "push_endpoint", _("This browser's push address is not valid.")
        )
    if _decoded_length(p256dh) != P256DH_BYTES or _decoded_length(auth) != AUTH_BYTES:
        raise ServiceError("push_keys", _("This browser's push keys are not valid."))


def push_subscribe(
    *, user: User, endpoint: str, p256dh: str, auth: str, user_agent: str = ""
) -> PushSubscription:
    """Receive ``user``'s notices in this browser. The endpoint is the browser's own:
    subscribing it again (after a new login, by another person on a shared phone)
    moves it to ``user`` with the new keys."""
    endpoint, p256dh, auth = endpoint.strip(), p256dh.strip(), auth.strip()
    _check_subscription(endpoint=endpoint, p256dh=p256dh, auth=auth)
    with transaction.atomic():
        subscription, _created = PushSubscription.objects.update_or_create(
            endpoint=endpoint,
            defaults={
                "user": user,
                "p256dh": p256dh,
                "auth": auth,
                "user_agent": user_agent[:200],
            },
        )
    return subscription


def push_unsubscribe(*, user: User, endpoint: str) -> int:
    """Stop pushing to this browser (only ``user``'s own subscription)."""
    deleted, _rows = PushSubscription.objects.filter(
        user_id=user.pk, endpoint=endpoint.strip()
    ).delete()
    return deleted
