"""Outside services that can be switched off: a mail server that goes down."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend


class SwitchableEmailBackend(EmailBackend):
    """The locmem backend, refusing every message while ``down`` is true (the way
    smtplib fails when the server is gone)."""

    down = False

    def send_messages(self, messages):
        if type(self).down:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


class RefusingEmailBackend(EmailBackend):
    """Refuses one address (a mailbox that does not exist), delivers the rest."""

    refused = "nobody@example.org"

    def send_messages(self, messages):
        for message in messages:
            if self.refused in message.to:
                raise smtplib.SMTPRecipientsRefused({self.refused: (550, b"no")})
        return super().send_messages(messages)
