"""The one error a service raises when a rule says no.

Every app's services raise ``ServiceError``: ``code`` is for programs (views, tests,
the admin), ``message`` is for people and already translated, ``field`` names the form
field it belongs to (or ``None`` for the whole form). ``kind`` carries the portal's one
refusal policy, the same in every app:

- ``NOT_FOUND``: the person may not see the thing (or it does not exist): 404;
- ``NOT_ALLOWED``: they may see it but not do this: 403;
- ``INVALID``: the input or the moment is wrong: the form again, with the message.

Views catch it around the one service call they make; one that escapes a view is
turned into the branded 404/403/400 page by ``ServiceErrorMiddleware``.
"""

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.http import Http404


class Refusal(StrEnum):
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    NOT_ALLOWED = "not_allowed"


class ServiceError(Exception):
    Kind = Refusal

    def __init__(
        self,
        code: str,
        message: str,
        *,
        field: str | None = None,
        kind: Refusal | None = None,
    ) -> None:
        super().__init__(message)
        self.code = str(code)
        self.message = message
        self.field = field
        if kind is None:
            kind = _kind_of(self.code)
        self.kind = kind

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"

    @property
    def http_status(self) -> int:
        return {Refusal.NOT_FOUND: 404, Refusal.NOT_ALLOWED: 403}.get(self.kind, 400)

    @classmethod
    def not_found(
        cls, message: str, *, code: str = Refusal.NOT_FOUND
    ) -> "ServiceError":
        return cls(code, message, kind=Refusal.NOT_FOUND)

    @classmethod
    def not_allowed(
        cls, message: str, *, code: str = Refusal.NOT_ALLOWED
    ) -> "ServiceError":
        return cls(code, message, kind=Refusal.NOT_ALLOWED)


def _kind_of(code: str) -> Refusal:
    """The default kind by the code's name: ``*not_found`` and ``*not_allowed``."""
    if code == Refusal.NOT_FOUND or code.endswith("_not_found"):
        return Refusal.NOT_FOUND
    if code == Refusal.NOT_ALLOWED or code.endswith("_not_allowed"):
        return Refusal.NOT_ALLOWED
    return Refusal.INVALID


def raise_refusal(error: ServiceError) -> None:
    """In a view: turn a 404/403 refusal into Django's ``Http404``/``PermissionDenied``
    (the branded pages); an ``INVALID`` one returns, for the view to show on its form."""
    if error.kind == Refusal.NOT_FOUND:
        raise Http404(error.message) from error
    if error.kind == Refusal.NOT_ALLOWED:
        raise PermissionDenied(error.message) from error


def add_to_form(form, error: ServiceError) -> None:
    """Show a refusal on ``form``: on its field when the form has that field."""
    field = error.field if error.field in getattr(form, "fields", {}) else None
    form.add_error(field, error.message)
