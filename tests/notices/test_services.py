import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from community_portal.notices.delivery import backoff, outbox_deliver_due
from community_portal.notices.models import Notice, OutboxMessage
from community_portal.notices.services import notice_send, notices_mark_read
from community_portal.notices.signals import notice_delivered
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def send(user, key="k1", **kwargs):
    return notice_send(
        recipient=user, kind=Notice.Kind.OTHER, key=key, title="活动改期", **kwargs
    )


def test_a_notice_goes_by_email_and_sms_once(
    django_capture_on_commit_callbacks, sms_outbox
):
    user = UserFactory(email="a@example.org", phone="13800000001")
    with django_capture_on_commit_callbacks(execute=True):
        first = send(user, body="时间改到周六", url="/activities/1/")
        again = send(user, body="时间改到周六")

    assert first == again
    assert Notice.objects.count() == 1
    assert [m.to for m in mail.outbox] == [["a@example.org"]]
    assert "时间改到周六" in mail.outbox[0].body
    assert sms_outbox == [("13800000001", "活动改期")]
    assert set(first.messages.values_list("status", flat=True)) == {"sent"}
    first.refresh_from_db()
    assert first.delivered_at is not None


def test_no_address_and_no_phone_is_delivered_in_the_portal(
    django_capture_on_commit_callbacks,
):
    seen = []
    notice_delivered.connect(
        lambda **kw: seen.append(kw["key"]), weak=False, dispatch_uid="t"
    )
    try:
        user = UserFactory(email="", phone="")
        with django_capture_on_commit_callbacks(execute=True):
            notice = send(user)
    finally:
        notice_delivered.disconnect(dispatch_uid="t")
    assert not notice.messages.exists()
    assert seen == ["k1"]


def test_failures_back_off_exponentially_then_give_up(
    settings, switchable_mail, django_capture_on_commit_callbacks
):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    switchable_mail.down = True
    user = UserFactory(email="a@example.org", phone="")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            send(user)
        message = OutboxMessage.objects.get()
        assert (message.status, message.attempts) == ("pending", 1)
        assert message.next_attempt_at == start + datetime.timedelta(minutes=1)
        assert outbox_deliver_due() == 0  # not due yet: no attempt
        assert OutboxMessage.objects.get().attempts == 1

    with time_machine.travel(start + datetime.timedelta(minutes=1), tick=False):
        outbox_deliver_due()
        message.refresh_from_db()
        assert message.attempts == 2
        assert message.next_attempt_at == timezone.now() + backoff(2)
        assert backoff(2) == datetime.timedelta(minutes=2)

    with time_machine.travel(start + datetime.timedelta(minutes=3), tick=False):
        outbox_deliver_due()
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("failed", 3)
    assert "SMTPServerDisconnected" in message.last_error
    assert mail.outbox == []


def test_one_refused_address_does_not_hold_back_the_others(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.notices.fakes.RefusingEmailBackend"
    people = [
        UserFactory(email="first@example.org", phone=""),
        UserFactory(email="nobody@example.org", phone=""),
        UserFactory(email="last@example.org", phone=""),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        for n, person in enumerate(people):
            send(person, key=f"k{n}")

    assert sorted(m.to[0] for m in mail.outbox) == [
        "first@example.org",
        "last@example.org",
    ]
    refused = OutboxMessage.objects.get(address="nobody@example.org")
    assert (refused.status, refused.attempts) == ("pending", 1)


def test_a_sent_message_is_not_sent_again(django_capture_on_commit_callbacks):
    user = UserFactory(email="a@example.org", phone="")
    with django_capture_on_commit_callbacks(execute=True):
        send(user)
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    assert outbox_deliver_due() == 0
    assert len(mail.outbox) == 1


def test_mark_read_only_my_own():
    mine, theirs = UserFactory(phone=""), UserFactory(phone="")
    a, b = send(mine, key="a"), send(theirs, key="b")
    assert notices_mark_read(user=mine, notice_ids=[a.pk, b.pk]) == 1
    a.refresh_from_db(), b.refresh_from_db()
    assert a.read_at is not None and b.read_at is None
