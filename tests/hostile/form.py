"""One form of the portal: where it is, who sends it, what its fields take."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from tests.hostile.values import valid


@dataclass(frozen=True)
class Form:
    name: str
    url: Callable
    role: str | None
    fields: dict = field(default_factory=dict)
    method: str = "post"
    files: tuple = ()
    watch: Callable = lambda w: []  # noqa: E731 - rows an edit form must leave alone
    # GET the address first and post to where it redirects (the password reset link
    # puts its token in the session and redirects to .../set-password/).
    get_first: bool = False

    def __str__(self):
        return self.name


def pk_of(name):
    return lambda w: getattr(w, name).pk


def today() -> str:
    return timezone.localdate().isoformat()


def yesterday() -> str:
    return (timezone.localdate() - datetime.timedelta(days=1)).isoformat()


def a_month_ago() -> str:
    return (timezone.localdate() - datetime.timedelta(days=30)).isoformat()


VALID_TEXT = valid("楼道灯坏了", "Hello", "走访独居老人，身体状况良好。")
VALID_BOOL = valid("on", "1", "")
VALID_PHONE = valid("13800001234", "138 0000-1234", "")
VALID_PASSWORD = valid("pass-word-123", "Another-pass-456")
