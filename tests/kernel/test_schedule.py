"""run_once: one run per period, however many nodes start the job."""

import datetime
import threading
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command

from community_portal.schedule import claim_key, claimed_by, parse_period, run_once

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_periods_are_written_like_the_rate_limits():
    assert parse_period("1d") == 86400
    assert parse_period("15m") == 900
    assert parse_period(datetime.timedelta(hours=6)) == 21600
    with pytest.raises(ValueError):
        parse_period(0)


def test_only_the_first_caller_of_a_period_runs():
    now = datetime.datetime(2026, 12, 1, 18, 0, tzinfo=SHANGHAI)
    with run_once("job", "1d", now=now) as first:
        assert first is True
    with run_once("job", "1d", now=now + datetime.timedelta(hours=5)) as again:
        assert again is False
    # The next local day is a new period; another job has its own claim.
    with run_once("job", "1d", now=now + datetime.timedelta(hours=7)) as tomorrow:
        assert tomorrow is True
    with run_once("other", "1d", now=now) as other:
        assert other is True


def test_daily_periods_start_at_local_midnight():
    before = datetime.datetime(2026, 12, 1, 23, 59, tzinfo=SHANGHAI)
    after = datetime.datetime(2026, 12, 2, 0, 1, tzinfo=SHANGHAI)
    assert claim_key("job", "1d", now=before) != claim_key("job", "1d", now=after)
    morning = datetime.datetime(2026, 12, 2, 7, 0, tzinfo=SHANGHAI)
    assert claim_key("job", "1d", now=after) == claim_key("job", "1d", now=morning)


def test_a_failed_run_gives_its_claim_back():
    with pytest.raises(RuntimeError), run_once("job", "1h") as mine:
        assert mine
        raise RuntimeError("the mail server is down")
    assert claimed_by("job", "1h") is None
    with run_once("job", "1h") as retry:
        assert retry is True


def test_concurrent_starts_run_once():
    ran = []
    barrier = threading.Barrier(8)

    def start():
        barrier.wait()
        with run_once("job", "1d") as mine:
            if mine:
                ran.append(1)

    threads = [threading.Thread(target=start) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert ran == [1]


@pytest.mark.django_db
def test_the_command_wraps_another_and_skips_the_second_start():
    first, second = StringIO(), StringIO()
    call_command("run_once", "--period", "1d", "send_reminders", stdout=first)
    call_command("run_once", "--period", "1d", "send_reminders", stdout=second)
    assert "Reminders queued: 0" in first.getvalue()
    assert "skipped" in second.getvalue()
    assert "Reminders queued" not in second.getvalue()


def test_the_command_refuses_unknown_commands_and_bad_periods():
    with pytest.raises(CommandError):
        call_command("run_once", "--period", "1d", "no_such_command")
    with pytest.raises(CommandError):
        call_command("run_once", "--period", "soon", "send_reminders")
