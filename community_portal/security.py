"""How django-axes (login throttling) reads a request: the client's address behind
trusted proxies, and the username that was tried."""

from django.conf import settings

# axes stores the tried username in a 255-character column; a longer one (typed or
# hostile) must not reach it as a database error.
USERNAME_MAX_LENGTH = 150


def axes_client_ip(request) -> str | None:
    """Behind nginx (docs/deployment.md) every request comes from 127.0.0.1, which would
    make the lockout per username only: anyone could lock any resident out. With N
    trusted proxies in front, the client is the N-th address from the right of
    X-Forwarded-For (the entries further left are whatever the client sent, so they are
    never trusted)."""
    count = settings.AXES_TRUSTED_PROXY_COUNT
    forwarded = [
        address.strip()
        for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if address.strip()
    ]
    if count and len(forwarded) >= count:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


def axes_username(request, credentials=None) -> str:
    """The username that was tried, cut to what a username can be."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        username = credentials.get(field)
    else:
        username = request.POST.get(field) if request is not None else None
    return str(username or "")[:USERNAME_MAX_LENGTH]
