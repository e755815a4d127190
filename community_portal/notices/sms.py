"""SMS backends, chosen by the ``SMS_BACKEND`` setting (a dotted path).

A backend has one method, ``send(*, phone, text)``; it raises on failure (any
exception), and the outbox retries later. ``ConsoleSmsBackend`` (the default)
prints; ``LocmemSmsBackend`` keeps the messages in ``sent`` for tests, and fails
while ``LocmemSmsBackend.broken`` is true.
"""

import sys

from django.conf import settings
from django.utils.module_loading import import_string


class BaseSmsBackend:
    def send(self, *, phone: str, text: str) -> None:  # pragma: no cover
        raise NotImplementedError


class ConsoleSmsBackend(BaseSmsBackend):
    def send(self, *, phone: str, text: str) -> None:
        sys.stdout.write(f"SMS to {phone}: {text}\n")
        sys.stdout.flush()


class SmsProviderDown(ConnectionError):
    pass


class LocmemSmsBackend(BaseSmsBackend):
    sent: list[tuple[str, str]] = []
    broken = False

    def send(self, *, phone: str, text: str) -> None:
        if type(self).broken:
            raise SmsProviderDown("The SMS provider is down.")
        type(self).sent.append((phone, text))


def get_sms_backend() -> BaseSmsBackend:
    path = getattr(
        settings, "SMS_BACKEND", "community_portal.notices.sms.ConsoleSmsBackend"
    )
    return import_string(path)()
