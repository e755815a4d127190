"""The password rule that Django lacks: an upper bound on the length.

OWASP ASVS asks that passwords of at least 64 characters be accepted; we take up to
128, which also keeps the hashing of one login attempt cheap.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_LENGTH = 128


class MaximumLengthValidator:
    def __init__(self, max_length: int = MAX_LENGTH):
        self.max_length = max_length

    def validate(self, password, user=None):
        if len(password) > self.max_length:
            raise ValidationError(
                _("This password is too long: at most %(max_length)d characters.")
                % {"max_length": self.max_length},
                code="password_too_long",
            )

    def get_help_text(self):
        return _("At most %(max_length)d characters.") % {"max_length": self.max_length}
