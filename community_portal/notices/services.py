"""Writing notices: ``notice_send`` for every feature app, ``notices_mark_read``.

``notice_send`` is idempotent by key: the first call creates the notice and one
outbox message per channel the person can be reached on and has not switched off in
their profile (e-mail when they have an address and ``notify_email``, SMS when they
have a phone number and ``notify_sms``); a repeat returns the notice it made
and sends nothing. Call it inside the caller's transaction: the notice then exists
exactly when the change it reports does, and the sending tasks are queued only
after the commit.
"""

import datetime
import functools

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from community_portal.accounts.models import User
from community_portal.sms import SMS_LENGTH

from .delivery import mark_notice_delivered
from .models import Notice, OutboxMessage
from .tasks import deliver_message


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
        if not messages:
            # Nothing to carry it: the portal's own list is its delivery.
            mark_notice_delivered(notice.pk, now=now)
        for message in messages:
            message.save()
            transaction.on_commit(
                functools.partial(deliver_message.enqueue, message.pk)
            )
    return notice


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
