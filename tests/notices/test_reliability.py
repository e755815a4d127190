"""The mail server and the SMS provider go down while an activity is cancelled
and reminders are due: nothing is lost, and when they come back every message
goes out exactly once."""

import datetime
import io
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command

from activities.services import activity_cancel, reminders_send
from community_portal.notices.models import OutboxMessage
from community_portal.notices.sms import LocmemSmsBackend
from tests.activities.factories import RegistrationFactory
from tests.factories import ActivityFactory, UserFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2026, 6, 10, 18, 0, tzinfo=SHANGHAI)


@pytest.mark.django_db
def test_nothing_is_lost_while_mail_and_sms_are_down(
    time_machine,
    staff_user,
    switchable_mail,
    sms_outbox,
    django_capture_on_commit_callbacks,
):
    time_machine.move_to(NOW, tick=False)
    tomorrow = NOW + datetime.timedelta(days=1)
    called_off = ActivityFactory(
        title="悦寿宴",
        starts_at=tomorrow,
        ends_at=tomorrow + datetime.timedelta(hours=2),
    )
    held = ActivityFactory(
        title="晨练", starts_at=tomorrow, ends_at=tomorrow + datetime.timedelta(hours=1)
    )
    people = [UserFactory(email=f"p{n}@example.org") for n in range(4)]
    for person in people[:3]:
        RegistrationFactory(activity=called_off, user=person)
    reminded = [RegistrationFactory(activity=held, user=p) for p in people[2:]]

    switchable_mail.down = True
    LocmemSmsBackend.broken = True
    with django_capture_on_commit_callbacks(execute=True):
        activity_cancel(activity_id=called_off.pk, by_user=staff_user)
        assert reminders_send() == 2
        call_command("deliver_outbox", stdout=io.StringIO())

    assert mail.outbox == [] and sms_outbox == []
    messages = OutboxMessage.objects.all()
    # 3 cancellations and 2 reminders, each by e-mail and SMS.
    assert messages.count() == 10
    assert set(messages.values_list("status", flat=True)) == {"pending"}
    for registration in reminded:
        registration.refresh_from_db()
        assert registration.reminder_sent_at is None  # not delivered: not sent

    # The reminders command runs again while the servers are down: no new rows.
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send() == 0
    assert OutboxMessage.objects.count() == 10

    switchable_mail.down = False
    LocmemSmsBackend.broken = False
    time_machine.move_to(NOW + datetime.timedelta(hours=1), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("deliver_outbox", stdout=io.StringIO())
        call_command("deliver_outbox", stdout=io.StringIO())

    mails = Counter((m.to[0], m.subject) for m in mail.outbox)
    texts = Counter(sms_outbox)
    assert len(mails) == 5 and set(mails.values()) == {1}
    assert len(texts) == 5 and set(texts.values()) == {1}
    assert sum(1 for to, subject in mails if "悦寿宴" in subject) == 3
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"sent"}
    for registration in reminded:
        registration.refresh_from_db()
        assert registration.reminder_sent_at == NOW + datetime.timedelta(hours=1)
