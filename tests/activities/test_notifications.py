"""E-mails to residents: after the commit only, to whoever has an address, in the
portal's language; publishing and cancelling activities; tomorrow's reminders."""

import datetime
import itertools
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from activities.errors import Code
from activities.models import Activity, Registration
from activities.services import (
    activity_cancel,
    activity_publish,
    checkin_code,
    registration_cancel,
    registration_check_in,
    registration_create,
    reminders_send,
)
from community_portal.errors import ServiceError
from community_portal.notices.models import Notice, OutboxMessage
from tests.activities.factories import RegistrationFactory
from tests.activities.helpers import open_door
from tests.activities.test_concurrency import run_at_once
from tests.factories import ActivityFactory, UserFactory
from tests.notices.fakes import SwitchableEmailBackend

SHANGHAI = ZoneInfo("Asia/Shanghai")


_addresses = itertools.count(1)


def person(**kwargs):
    """A resident with an e-mail address of their own."""
    kwargs.setdefault("email", f"resident{next(_addresses)}@example.org")
    return UserFactory(**kwargs)


def sign_up(activity, user, **kwargs) -> Registration:
    return registration_create(activity_id=activity.pk, user=user, **kwargs)


def recipients() -> list[str]:
    return [address for message in mail.outbox for address in message.to]


# --- registration e-mails ---------------------------------------------------------------


@pytest.mark.django_db
def test_confirmation_goes_out_after_the_commit(django_capture_on_commit_callbacks):
    activity = ActivityFactory(title="荧火光亲子阅读", location="博悦舍")
    user = person(name="张小明", email="xiaoming@example.org")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        registration = sign_up(activity, user)
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()

    (message,) = mail.outbox
    assert message.to == ["xiaoming@example.org"]
    assert "荧火光亲子阅读" in message.subject
    assert "张小明" in message.body
    assert "荧火光亲子阅读" in message.body
    assert "博悦舍" in message.body
    assert checkin_code(registration) in message.body
    # Written in Chinese whatever the request's language: the date is Chinese.
    local = timezone.localtime(activity.starts_at)
    assert f"{local.year}年{local.month}月{local.day}日" in message.body


@pytest.mark.django_db
def test_no_address_no_e_mail(django_capture_on_commit_callbacks):
    activity = ActivityFactory()

    with django_capture_on_commit_callbacks(execute=True):
        sign_up(activity, UserFactory(email=""))

    assert mail.outbox == []


@pytest.mark.django_db
def test_text_is_not_html_escaped(django_capture_on_commit_callbacks):
    activity = ActivityFactory(title='"悦公益" & 清爽行动')

    with django_capture_on_commit_callbacks(execute=True):
        sign_up(activity, person())

    (message,) = mail.outbox
    assert '"悦公益" & 清爽行动' in message.body
    assert "&amp;" not in message.body and "&quot;" not in message.body


@pytest.mark.django_db
def test_waitlist_then_promotion(django_capture_on_commit_callbacks):
    activity = ActivityFactory(capacity=1)
    first, second = person(), person()

    with django_capture_on_commit_callbacks(execute=True):
        seat = sign_up(activity, first)
        waiting = sign_up(activity, second)
    assert recipients() == [first.email, second.email]
    assert checkin_code(waiting) not in mail.outbox[1].body
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration_id=seat.pk, user=first)

    # The resident who cancelled saw it happen; the promoted one is told.
    (message,) = mail.outbox
    assert message.to == [second.email]
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert checkin_code(waiting) in message.body


@pytest.mark.django_db
def test_a_cancellation_by_staff_is_e_mailed(
    staff_user,
    django_capture_on_commit_callbacks,
):
    activity = ActivityFactory()
    user = person()
    registration = RegistrationFactory(activity=activity, user=user)

    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(
            registration_id=registration.pk, user=staff_user, by_staff=True
        )

    assert recipients() == [user.email]


@pytest.mark.django_db
def test_a_failing_mail_server_does_not_break_the_sign_up(
    settings, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_BACKEND = "tests.notices.fakes.SwitchableEmailBackend"
    monkeypatch.setattr(SwitchableEmailBackend, "down", True)
    activity = ActivityFactory()

    with django_capture_on_commit_callbacks(execute=True):
        registration = sign_up(activity, person())

    assert registration.status == Registration.Status.CONFIRMED
    assert "not sent" in caplog.text
    message = OutboxMessage.objects.get(channel=OutboxMessage.Channel.EMAIL)
    assert (message.status, message.attempts) == (OutboxMessage.Status.PENDING, 1)


# --- publishing and cancelling activities ---------------------------------------------


@pytest.mark.django_db
def test_publish_a_draft():
    draft = ActivityFactory(status=Activity.Status.DRAFT)
    cancelled = ActivityFactory(status=Activity.Status.CANCELLED)

    assert activity_publish(activity_id=draft.pk).status == Activity.Status.PUBLISHED
    assert activity_publish(activity_id=draft.pk).status == Activity.Status.PUBLISHED
    with pytest.raises(ServiceError) as excinfo:
        activity_publish(activity_id=cancelled.pk)
    assert excinfo.value.code == Code.ACTIVITY_CANCELLED


@pytest.mark.django_db
def test_staff_cancel_an_activity_and_everyone_registered_is_told(
    staff_user,
    django_capture_on_commit_callbacks,
):
    activity = ActivityFactory(title="悦寿宴", capacity=1)
    confirmed, waiting, gone = person(), person(), person()
    RegistrationFactory(activity=activity, user=confirmed)
    RegistrationFactory(activity=activity, user=waiting, waitlisted=True)
    RegistrationFactory(activity=activity, user=gone, cancelled=True)
    RegistrationFactory(activity=ActivityFactory(), user=person())  # elsewhere

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        cancelled = activity_cancel(
            activity_id=activity.pk, by_user=staff_user, reason="  场地维修  "
        )
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()

    activity.refresh_from_db()
    assert cancelled.status == activity.status == Activity.Status.CANCELLED
    assert activity.cancellation_reason == "场地维修"
    assert sorted(recipients()) == sorted([confirmed.email, waiting.email])
    assert all("悦寿宴" in m.subject and "场地维修" in m.body for m in mail.outbox)
    # The registrations stay as the record of who meant to come.
    assert activity.registrations.active().count() == 2


@pytest.mark.django_db
def test_cancelling_is_for_staff_once_and_before_the_end(
    staff_user, team_leader, django_capture_on_commit_callbacks
):
    activity = ActivityFactory(team=team_leader.led_teams.get())
    ended = ActivityFactory(
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    RegistrationFactory(activity=activity, user=person())

    def code(**kwargs):
        with pytest.raises(ServiceError) as excinfo:
            activity_cancel(**kwargs)
        return excinfo.value.code

    with django_capture_on_commit_callbacks(execute=True):
        assert code(activity_id=activity.pk, by_user=team_leader) == Code.NOT_ALLOWED
        assert code(activity_id=ended.pk, by_user=staff_user) == Code.ENDED
        activity_cancel(activity_id=activity.pk, by_user=staff_user)
        assert code(activity_id=activity.pk, by_user=staff_user) == (
            Code.ALREADY_CANCELLED
        )
        assert code(activity_id=987654, by_user=staff_user) == (Code.ACTIVITY_NOT_FOUND)

    assert len(mail.outbox) == 1


# --- reminders --------------------------------------------------------------------------


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=SHANGHAI)


# 22:30 in Shanghai: an hour later is still today, an hour and a half later is tomorrow.
NOW = datetime.datetime(2026, 6, 10, 22, 30, tzinfo=SHANGHAI)


@pytest.fixture
def tomorrow(time_machine) -> datetime.date:
    """The clock stands still at ``NOW``; its tomorrow."""
    time_machine.move_to(NOW, tick=False)
    return datetime.date(2026, 6, 11)


def starting(when: datetime.datetime, **kwargs) -> Activity:
    return ActivityFactory(
        starts_at=when, ends_at=when + datetime.timedelta(hours=2), **kwargs
    )


@pytest.mark.django_db
def test_reminders_for_tomorrow_only_once(tomorrow, django_capture_on_commit_callbacks):
    early = starting(at(tomorrow, 7), title="晨练")
    late = starting(at(tomorrow, 23, 30), title="观星")
    today = starting(timezone.now() + datetime.timedelta(hours=1))
    day_after = starting(at(tomorrow + datetime.timedelta(days=1), 0, 30))
    called_off = starting(at(tomorrow, 9), status=Activity.Status.CANCELLED)
    reminded = [
        RegistrationFactory(activity=early, user=person()),
        RegistrationFactory(activity=late, user=person(), companions=1),
    ]
    for activity in (today, day_after, called_off):
        RegistrationFactory(activity=activity, user=person())
    RegistrationFactory(activity=early, user=person(), waitlisted=True)
    RegistrationFactory(activity=early, user=person(), cancelled=True)

    no_email = RegistrationFactory(activity=early, user=UserFactory(email=""))
    with django_capture_on_commit_callbacks(execute=True):
        # Everyone confirmed gets a notice; the one without an address has it in
        # the portal only.
        assert reminders_send() == 3
        assert reminders_send() == 0

    assert sorted(recipients()) == sorted(r.user.email for r in reminded)
    assert no_email.user.notices.get().kind == Notice.Kind.REMINDER
    for registration in reminded:
        registration.refresh_from_db()
        assert registration.reminder_sent_at is not None
        assert any(checkin_code(registration) in m.body for m in mail.outbox)


@pytest.mark.django_db
def test_nobody_already_checked_in_is_reminded(
    tomorrow, staff_user, django_capture_on_commit_callbacks
):
    # Ten past midnight, the door opens two hours ahead: at 22:30 people are
    # already coming in.
    activity = starting(at(tomorrow, 0, 10), checkin_opens_minutes=120)
    inside = RegistrationFactory(activity=activity, user=person())
    coming = RegistrationFactory(activity=activity, user=person())
    registration_check_in(registration_id=inside.pk, by_user=staff_user)

    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send() == 1

    assert recipients() == [coming.user.email]
    inside.refresh_from_db()
    assert inside.reminder_sent_at is None


@pytest.mark.django_db
def test_tomorrow_is_the_shanghai_calendar_day(django_capture_on_commit_callbacks):
    # 23:30 on 1 June in Shanghai is 15:30 UTC, still 1 June in UTC as well;
    # 07:00 on 2 June in Shanghai is 23:00 UTC on 1 June: tomorrow all the same.
    now = at(datetime.date(2026, 6, 1), 23, 30)
    early = starting(at(datetime.date(2026, 6, 2), 7))
    too_late = starting(at(datetime.date(2026, 6, 3), 0, 30))
    RegistrationFactory(activity=early, user=person())
    RegistrationFactory(activity=too_late, user=person())

    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(now=now) == 1

    assert mail.outbox[0].to == [early.registrations.get().user.email]


@pytest.mark.django_db
def test_nothing_is_sent_when_the_transaction_rolls_back(
    tomorrow, django_capture_on_commit_callbacks
):
    RegistrationFactory(activity=starting(at(tomorrow, 9)), user=person())

    with django_capture_on_commit_callbacks(execute=False):
        assert reminders_send() == 1

    assert mail.outbox == []


@pytest.mark.django_db
def test_the_command(tomorrow, capsys, django_capture_on_commit_callbacks):
    RegistrationFactory(activity=starting(at(tomorrow, 9)), user=person())

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders")
        call_command("send_reminders")

    assert len(mail.outbox) == 1
    assert capsys.readouterr().out.splitlines() == [
        "Reminders queued: 1",
        "Reminders queued: 0",
    ]


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_remind_nobody_twice(tomorrow):
    activities = [starting(at(tomorrow, 8 + n)) for n in range(3)]
    for activity in activities:
        for _ in range(4):
            RegistrationFactory(activity=activity, user=person())

    results, errors = run_at_once([reminders_send for _ in range(4)])

    assert errors == []
    assert sum(results) == 12
    assert len(mail.outbox) == 12
    assert len(set(recipients())) == 12
    assert not Registration.objects.filter(reminder_sent_at__isnull=True).exists()


@pytest.mark.django_db
def test_checked_in_people_are_not_disturbed_by_their_codes(
    staff_user,
    django_capture_on_commit_callbacks,
    time_machine,
):
    """Check-in sends nothing (the resident is standing at the door)."""
    activity = ActivityFactory()
    registration = RegistrationFactory(activity=activity, user=person())

    with django_capture_on_commit_callbacks(execute=True):
        open_door(time_machine, activity)
        registration_check_in(registration_id=registration.pk, by_user=staff_user)

    assert mail.outbox == []
