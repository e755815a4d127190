"""How the portal reads a request behind its proxy, and how django-axes (login
throttling) sees it: the client's address behind trusted proxies, forwarded headers
only from those proxies, the username that was tried, a per-address limit on failed
logins across usernames, and the locked-out page."""

import datetime
import math

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.shortcuts import render

from . import ratelimit

# axes stores the tried username in a 255-character column; a longer one (typed or
# hostile) must not reach it as a database error.
USERNAME_MAX_LENGTH = 150
# Headers a proxy sets; from anyone else they are lies.
FORWARDED_HEADERS = (
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_REAL_IP",
)
# Failed logins counted per client address, across usernames (password spraying).
LOGIN_ADDRESS_KEY = "login_address"


def proxy_count() -> int:
    """The number of trusted proxies in front; ``None`` (not stated) counts as none."""
    return settings.AXES_TRUSTED_PROXY_COUNT or 0


def from_trusted_proxy(request) -> bool:
    """The connection comes from one of ``TRUSTED_PROXY_ADDRESSES`` and proxies are
    configured at all."""
    return proxy_count() > 0 and request.META.get("REMOTE_ADDR") in set(
        getattr(settings, "TRUSTED_PROXY_ADDRESSES", ())
    )


class ForwardedHeadersMiddleware:
    """Near the top of MIDDLEWARE: X-Forwarded-* headers are dropped unless the
    connection comes from the configured proxy, so neither ``SECURE_PROXY_SSL_HEADER``
    (X-Forwarded-Proto) nor the client address can be forged by a client that reaches
    a node directly."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not from_trusted_proxy(request):
            for header in FORWARDED_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)


def axes_client_ip(request) -> str | None:
    """Behind nginx (docs/deployment.md) every request comes from 127.0.0.1, which would
    make the lockout per username only: anyone could lock any resident out. With N
    trusted proxies in front, the client is the N-th address from the right of
    X-Forwarded-For (the entries further left are whatever the client sent, so they are
    never trusted), and only when the connection comes from a trusted proxy."""
    count = proxy_count()
    if count and from_trusted_proxy(request):
        forwarded = [
            address.strip()
            for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if address.strip()
        ]
        if len(forwarded) >= count:
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


def login_address_throttled(request) -> bool:
    """This address failed ``RATE_LIMITS["login_address"]`` times in the current window,
    whatever usernames it tried."""
    return ratelimit.rate_limit_reached(request, key=LOGIN_ADDRESS_KEY, by=("ip",))


class PortalAxesBackend(AxesStandaloneBackend):
    """First in ``AUTHENTICATION_BACKENDS``: axes' username+address lockout, and before
    it the per-address limit across usernames. A refused attempt is marked, so that it
    neither counts again nor extends anyone's cool-off."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if (
            request is not None
            and settings.AXES_ENABLED
            and login_address_throttled(request)
        ):
            request.axes_locked_out = True
            request.login_address_throttled = True
            request.login_refused_unchecked = True
            raise AxesBackendPermissionDenied("too many failed logins from here")
        try:
            return super().authenticate(request, username, password, **kwargs)
        except AxesBackendPermissionDenied:
            request.login_refused_unchecked = True
            raise


def count_login_failure(sender, credentials=None, request=None, **kwargs) -> None:
    """``user_login_failed`` receiver: one more failure for the client's address. An
    attempt refused before its password was checked does not count."""
    if request is None or getattr(request, "login_refused_unchecked", False):
        return
    ratelimit.rate_limit_hit(request, key=LOGIN_ADDRESS_KEY, by=("ip",))


def lockout_response(request, original_response=None, credentials=None):
    """``AXES_LOCKOUT_CALLABLE``: the branded page that says how long to wait."""
    if getattr(request, "login_address_throttled", False):
        seconds = ratelimit.retry_after(key=LOGIN_ADDRESS_KEY)
    else:
        cool_off = get_cool_off(request) or datetime.timedelta(minutes=15)
        seconds = int(cool_off.total_seconds())
    minutes = max(1, math.ceil(seconds / 60))
    response = render(
        request,
        settings.AXES_LOCKOUT_TEMPLATE,
        {
            "failure_limit": get_failure_limit(request, credentials),
            "wait_minutes": minutes,
        },
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    response["Retry-After"] = str(seconds)
    return response
