"""Sending the outbox: one message at a time, each in its own transaction.

A message is locked (``SKIP LOCKED``) and re-checked before it is sent, and marked
sent in the same transaction only after the backend accepted it, so two workers
never send it twice and a failure leaves it pending. A failure counts an attempt
and moves the next one back exponentially (1, 2, 4 … minutes); after
``OUTBOX_MAX_ATTEMPTS`` the message is marked failed. A push subscription that the
push service says is gone (404/410) is deleted and its message marked failed at
once: no retry can reach it. Each message is its own
transaction, so one refused address never holds back the others.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
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


def _transmit(message: OutboxMessage) -> None:
    if message.channel == OutboxMessage.Channel.EMAIL:
        EmailMessage(message.subject, message.body, None, [message.address]).send()
    elif message.channel == OutboxMessage.Channel.PUSH:
        push_transmit(message)
    else:
        get_sms_backend().send(phone=message.address, text=message.body)


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


def message_deliver(
    *, message_id: int, now: datetime.datetime | None = None
) -> OutboxMessage | None:
    """Try to send one message that is pending and due. Returns the message as it
    stands afterwards, or None when there was nothing to do (sent already, not
    due, or another worker holds it)."""
    now = now or timezone.now()
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(
                pk=message_id,
                status=OutboxMessage.Status.PENDING,
                next_attempt_at__lte=now,
            )
            .first()
        )
        if message is None:
            return None
        message.attempts += 1
        try:
            _transmit(message)
        except SmsPermanentError as error:
            # An invalid number: retrying cannot help.
            logger.warning("Outbox message %s cannot be sent: %r", message.pk, error)
            message.last_error = repr(error)[:300]
            message.status = OutboxMessage.Status.FAILED
        except PushGone as error:
            logger.info("Push subscription of message %s gone: %s", message.pk, error)
            message.last_error = str(error)[:300]
            message.status = OutboxMessage.Status.FAILED
            if message.push_subscription_id:
                PushSubscription.objects.filter(
                    pk=message.push_subscription_id
                ).delete()
        except Exception as error:  # noqa: BLE001 - any backend failure: retry later
            logger.warning("Outbox message %s not sent: %r", message.pk, error)
            message.last_error = repr(error)[:300]
            if message.attempts >= max_attempts():
                message.status = OutboxMessage.Status.FAILED
            else:
                message.next_attempt_at = now + backoff(message.attempts)
        else:
            message.status = OutboxMessage.Status.SENT
            message.sent_at = now
            message.last_error = ""
            if message.push_subscription_id:
                PushSubscription.objects.filter(pk=message.push_subscription_id).update(
                    last_success_at=now
                )
            mark_notice_delivered(message.notice_id, now=now)
        message.save(
            update_fields=[
                "attempts",
                "status",
                "sent_at",
                "next_attempt_at",
                "last_error",
            ]
        )
    return message


def outbox_deliver_due(*, now: datetime.datetime | None = None) -> int:
    """Send every pending message whose time has come, oldest first. Returns how
    many were sent. The periodic path (``manage.py deliver_outbox``)."""
    now = now or timezone.now()
    ids = list(
        OutboxMessage.objects.filter(
            status=OutboxMessage.Status.PENDING, next_attempt_at__lte=now
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:DUE_BATCH]
    )
    sent = 0
    for message_id in ids:
        message = message_deliver(message_id=message_id, now=now)
        if message is not None and message.status == OutboxMessage.Status.SENT:
            sent += 1
    return sent
