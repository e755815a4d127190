"""Issue 11, reliability: a worker killed in the middle of a batch leaves no
message sent twice and none dropped.

The fake provider (``LocmemSmsBackend``) honours the idempotency key like a real
provider with idempotent sends. The worker "dies" (an exception no handler
catches, like SIGKILL) right after the provider accepted message k and before the
outbox recorded it. After the restart, once the claim's lease is over, the batch
is finished: every person got their message exactly once."""

import datetime

import pytest
from django.utils import timezone

from community_portal.notices.delivery import lease, outbox_deliver_due
from community_portal.notices.models import OutboxMessage
from community_portal.notices.services import notice_send
from community_portal.sms import LocmemSmsBackend
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class WorkerKilled(BaseException):
    """Not an ``Exception``: nothing in the worker catches it."""


def test_a_worker_killed_mid_batch_sends_nothing_twice_and_drops_nothing(
    settings, sms_outbox, monkeypatch
):
    settings.SMS_BACKEND = "community_portal.sms.LocmemSmsBackend"
    now = timezone.now()
    for i in range(6):
        notice_send(
            recipient=UserFactory(phone=f"1380000000{i}", email=""),
            kind="other",
            key=f"killed-worker:{i}",
            title=f"通知{i}",
            now=now,
        )
    assert OutboxMessage.objects.filter(status="pending").count() == 6

    real_send = LocmemSmsBackend.send
    calls = []

    def dying_send(self, **kwargs):
        calls.append(kwargs["key"])
        real_send(self, **kwargs)
        if len(calls) == 3:
            raise WorkerKilled  # accepted by the provider, not yet recorded

    monkeypatch.setattr(LocmemSmsBackend, "send", dying_send)
    with pytest.raises(WorkerKilled):
        outbox_deliver_due(now=now)
    assert len(sms_outbox) == 3
    assert OutboxMessage.objects.filter(status="sent").count() == 2
    stuck = OutboxMessage.objects.get(status="sending")

    # Restarted at once: the claim still holds, nobody sends the stuck one.
    monkeypatch.setattr(LocmemSmsBackend, "send", real_send)
    assert outbox_deliver_due(now=now + datetime.timedelta(seconds=5)) == 3
    assert OutboxMessage.objects.get(pk=stuck.pk).status == "sending"

    # After the lease: claimed again, sent again with the same key, dropped by
    # the provider as a repeat, and recorded.
    later = now + lease() + datetime.timedelta(seconds=1)
    assert outbox_deliver_due(now=later) == 1
    assert OutboxMessage.objects.filter(status="sent").count() == 6
    assert sorted(phone for phone, _text in sms_outbox) == [
        f"1380000000{i}" for i in range(6)
    ]
    assert len(sms_outbox) == 6
    assert outbox_deliver_due(now=later + lease() * 2) == 0
