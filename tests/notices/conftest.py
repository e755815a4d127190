import pytest

from community_portal.notices.sms import LocmemSmsBackend


@pytest.fixture(autouse=True)
def sms_outbox(monkeypatch):
    """The fake SMS provider: up, and empty, for every test."""
    monkeypatch.setattr(LocmemSmsBackend, "sent", [])
    monkeypatch.setattr(LocmemSmsBackend, "keys", set())
    monkeypatch.setattr(LocmemSmsBackend, "broken", False)
    return LocmemSmsBackend.sent


@pytest.fixture
def switchable_mail(settings, monkeypatch):
    from tests.notices.fakes import SwitchableEmailBackend

    settings.EMAIL_BACKEND = "tests.notices.fakes.SwitchableEmailBackend"
    monkeypatch.setattr(SwitchableEmailBackend, "down", False)
    return SwitchableEmailBackend
