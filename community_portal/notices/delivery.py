"""Sending the outbox: one message at a time.

A message is claimed (``SKIP LOCKED``, then marked "sending" with a lease), sent
with its idempotency key outside any transaction, and marked sent only after the
backend accepted it, so two workers never send it at once and a failure leaves it
pending (see ``message_deliver`` for a worker that dies mid-send). A failure counts an attempt
and moves the next one back exponentially (1, 2, 4 … minutes); after
``OUTBOX_MAX_ATTEMPTS`` the message is marked failed. A push subscription that the
push service says is gone (404/410) is deleted and its message marked failed at
once: no retry can reach it. Each message is its own
transaction, so one refused address never holds back the others.
"""

import datetime
import hashlib
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import Notice, OutboxMessage, PushSubscription
from .push import PushGone, push_transmit
from .signals import notice_delivered
from .sms import SmsPermanentError, get_sms_backend

logger = logging.getLogger(__name__)

BACKOFF_SECONDS = 60
DUE_BATCH = 500


def max_attempts() -> int:
    return getattr(settings, "OUTBOX_MAX_ATTEMPTS", 8)


def backoff(attempts: int) -> datetime.timedelta:
    """The wait after the given number of failed attempts (at most a day)."""
    return datetime.timedelta(seconds=min(BACKOFF_SECONDS * 2 ** (attempts - 1), 86400))


def message_id_header(key: str) -> str:
    """The e-mail's Message-ID, the same on every try: a repeat is recognisably
    the same message."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    domain = getattr(settings, "OUTBOX_MESSAGE_ID_DOMAIN", "portal.local")
    return f"<{digest}@{domain}>"


def _transmit(message: OutboxMessage) -> None:
    if message.channel == OutboxMessage.Channel.EMAIL:
        EmailMessage(
            message.subject,
            message.body,
            None,
            [message.address],
            headers={"Message-ID": message_id_header(message.key)},
        ).send()
    elif message.channel == OutboxMessage.Channel.PUSH:
        push_transmit(message)
    else:
        get_sms_backend().send(
            phone=message.address, text=message.body, key=message.key
        )


def mark_notice_delivered(notice_id: int, *, now: datetime.datetime) -> None:
    """Inside a transaction: the first delivery of a notice sets ``delivered_at``
    and announces it after the commit; later ones change nothing."""
    if Notice.objects.filter(pk=notice_id, delivered_at__isnull=True).update(
        delivered_at=now
    ):
        notice = Notice.objects.only("key", "kind").get(pk=notice_id)
        transaction.on_commit(
            lambda: notice_delivered.send(
                sender=Notice, notice_id=notice_id, key=notice.key, kind=notice.kind
            )
        )


def lease() -> datetime.timedelta:
    """How long a claim holds: longer than any send can take (the backends time
    out after seconds). A message still "sending" after it was claimed by a
    worker that died; it is claimed again."""
    return datetime.timedelta(seconds=getattr(settings, "OUTBOX_LEASE_SECONDS", 300))


def _claimable(now: datetime.datetime):
    return OutboxMessage.objects.filter(
        Q(status=OutboxMessage.Status.PENDING, next_attempt_at__lte=now)
        | Q(status=OutboxMessage.Status.SENDING, claimed_at__lt=now - lease())
    )


def _claim(message_id: int, now: datetime.datetime) -> OutboxMessage | None:
    """Step one, its own transaction: take the message (``SKIP LOCKED``, so two
    workers never take the same), mark it "sending" and count the attempt."""
    with transaction.atomic():
        message = (
            _claimable(now)
            .select_for_update(skip_locked=True)
            .filter(pk=message_id)
            .first()
        )
        if message is None:
            return None
        message.status = OutboxMessage.Status.SENDING
        message.claimed_at = now
        message.attempts += 1
        message.save(update_fields=["status", "claimed_at", "attempts"])
    return message


def message_deliver(
    *, message_id: int, now: datetime.datetime | None = None
) -> OutboxMessage | None:
    """Try to send one message that is due. Returns the message as it stands
    afterwards, or None when there was nothing to do (sent already, not due, or
    another worker holds it).

    Three steps: claim (commit), send with the message's idempotency key, record
    the outcome (commit). A worker that dies between the provider's answer and
    the record leaves the message "sending"; when the lease is over it is sent
    again with the same key, which the provider uses to drop the repeat (the
    e-mail's Message-ID, the SMS's OutId): at least once to the provider, once
    to the person where the provider honours the key."""
    now = now or timezone.now()
    message = _claim(message_id, now)
    if message is None:
        return None
    try:
        _transmit(message)
    except SmsPermanentError as error:
        # An invalid number: retrying cannot help.
        logger.warning("Outbox message %s cannot be sent: %r", message.pk, error)
        message.last_error = repr(error)[:300]
        message.status = OutboxMessage.Status.FAILED
    except PushGone as error:
        # The browser revoked the subscription: no retry can reach it.
        logger.info("Push subscription of message %s gone: %s", message.pk, error)
        message.last_error = str(error)[:300]
        message.status = OutboxMessage.Status.FAILED
        if message.push_subscription_id:
            PushSubscription.objects.filter(pk=message.push_subscription_id).delete()
    except Exception as error:  # noqa: BLE001 - any backend failure: retry later
        logger.warning("Outbox message %s not sent: %r", message.pk, error)
        message.last_error = repr(error)[:300]
        if message.attempts >= max_attempts():
            message.status = OutboxMessage.Status.FAILED
        else:
            message.status = OutboxMessage.Status.PENDING
            message.next_attempt_at = now + backoff(message.attempts)
    else:
        message.status = OutboxMessage.Status.SENT
        message.sent_at = now
        message.last_error = ""
    with transaction.atomic():
        # Only while the claim is ours (a slow send past its lease may have been
        # claimed and finished by another worker).
        updated = OutboxMessage.objects.filter(
            pk=message.pk,
            status=OutboxMessage.Status.SENDING,
            claimed_at=message.claimed_at,
        ).update(
            status=message.status,
            sent_at=message.sent_at,
            next_attempt_at=message.next_attempt_at,
            last_error=message.last_error,
        )
        if updated and message.status == OutboxMessage.Status.SENT:
            mark_notice_delivered(message.notice_id, now=now)
            if message.push_subscription_id:
                PushSubscription.objects.filter(pk=message.push_subscription_id).update(
                    last_success_at=now
                )
    return message


def outbox_deliver_due(*, now: datetime.datetime | None = None) -> int:
    """Send every pending message whose time has come, oldest first. Returns how
    many were sent. The periodic path (``manage.py deliver_outbox``)."""
    now = now or timezone.now()
    ids = list(
        _claimable(now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:DUE_BATCH]
    )
    sent = 0
    for message_id in ids:
        message = message_deliver(message_id=message_id, now=now)
        if message is not None and message.status == OutboxMessage.Status.SENT:
            sent += 1
    return sent
