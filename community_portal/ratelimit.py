"""Rate limits for the portal's writes: sign-up, matters and service requests.

Each limit counts in Django's cache over a fixed window (``"5/h"``: five per clock
hour), separately per client address and per logged-in user; a request is refused when
either count is over. Logins are throttled by django-axes, not here, but the client
address is the one axes sees (``AXES_CLIENT_IP_CALLABLE``), so one proxy setting serves
both.

Two ways to apply a limit:

- ``@rate_limit(key="matter")`` on a view: a POST over the limit never reaches the view
  and gets the friendly ``429.html`` page, which shows what the person typed so that
  nothing is lost. Only POSTs that wrote count: a POST answered with the form again
  (status 200, an error on the page) gives its slot back, unless it carried uploads
  (their checks cost the decoding whatever the form says).
- ``rate_limit_hit(request, key="signup")`` inside a view, after the form is valid: on
  ``True`` add ``rate_limit_message(key="signup")`` to the form as an error and render
  the form again, with everything the person typed still in it.

Rates come from ``settings.RATE_LIMITS`` (overridable from the environment); the whole
thing is off only when ``RATE_LIMITS_ENABLED`` is explicitly ``False``.
"""

import functools
import ipaddress
import logging
import math
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import render
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext

logger = logging.getLogger(__name__)

BY_DEFAULT = ("ip", "user")
RATE_PATTERN = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
# POST fields never shown back on the 429 page.
HIDDEN_FIELDS = re.compile(r"password|csrfmiddlewaretoken|^next$", re.IGNORECASE)


@dataclass(frozen=True)
class Rate:
    limit: int
    period: int  # seconds


@functools.lru_cache(maxsize=64)
def parse_rate(rate: str) -> Rate:
    """``"5/h"`` → 5 per 3600 s; ``"10/15m"`` → 10 per 900 s."""
    match = RATE_PATTERN.match(rate or "")
    if not match:
        raise ImproperlyConfigured(
            f"Bad rate {rate!r}: write it as COUNT/PERIOD, e.g. 5/h, 10/15m or 100/d."
        )
    count, multiplier, unit = match.groups()
    period = int(multiplier or 1) * UNIT_SECONDS[unit]
    if period <= 0:
        raise ImproperlyConfigured(f"Bad rate {rate!r}: the period must be positive.")
    return Rate(limit=int(count), period=period)


def rate_for(*, key: str, rate: str | None = None) -> Rate:
    """The rate of ``key``: ``settings.RATE_LIMITS`` wins over the code's default."""
    configured = getattr(settings, "RATE_LIMITS", {}).get(key) or rate
    if not configured:
        raise ImproperlyConfigured(
            f"No rate for {key!r}: add it to settings.RATE_LIMITS or pass rate=."
        )
    return parse_rate(configured)


def rate_limits_enabled() -> bool:
    return getattr(settings, "RATE_LIMITS_ENABLED", True) is not False


def client_address(request) -> str:
    """The client's address as axes sees it; an IPv6 client by its /64 network, since
    one household or phone is handed a whole /64."""
    address = get_client_ip_address(request) or ""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped:
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_network(f"{ip}/64", strict=False))


def _identities(request, by: Iterable[str]) -> list[str]:
    identities = []
    for kind in by:
        if kind == "ip":
            identities.append(f"ip:{client_address(request)}")
        elif kind == "user":
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                identities.append(f"user:{user.pk}")
        else:
            raise ImproperlyConfigured(f"Rate limit by {kind!r}: use 'ip' or 'user'.")
    return identities


def _window(rate: Rate) -> int:
    return int(time.time() // rate.period)


def _cache_key(*, key: str, identity: str, rate: Rate, window: int) -> str:
    # Hashed with the secret: no address or user id is readable in the cache, and the
    # window is in the key, so a new window starts from zero whatever the backend does
    # with expiry times.
    raw = f"{key}|{rate.limit}/{rate.period}|{window}|{identity}"
    digest = salted_hmac("community_portal.ratelimit", raw, algorithm="sha256")
    return f"ratelimit:{key}:{digest.hexdigest()[:40]}"


def _count(cache_key: str, *, timeout: int) -> int:
    """One more in the counter, atomically (add creates it, incr counts)."""
    cache.add(cache_key, 0, timeout)
    try:
        return cache.incr(cache_key)
    except ValueError:  # expired or evicted between add and incr
        cache.set(cache_key, 1, timeout)
        return 1


def _counter_keys(request, *, key: str, rate: Rate, by: Iterable[str]) -> list[str]:
    window = _window(rate)
    return [
        _cache_key(key=key, identity=identity, rate=rate, window=window)
        for identity in _identities(request, by)
    ]


def rate_limit_hit(
    request,
    *,
    key: str,
    rate: str | None = None,
    by: Iterable[str] = BY_DEFAULT,
    identities: Iterable[str] = (),
) -> bool:
    """Count this request against ``key``; ``True`` when it is over the limit and must
    not write. Call it once per write, after the input is known to be valid.

    A refused request is not counted, so a person (or an address) over the limit does
    not push the other counter up for everyone else who shares it. ``identities`` adds
    counters of the caller's own (``"email:…"``: per account, whoever asks)."""
    if not rate_limits_enabled():
        return False
    parsed = rate_for(key=key, rate=rate)
    cache_keys = _counter_keys(request, key=key, rate=parsed, by=by) + [
        _cache_key(key=key, identity=identity, rate=parsed, window=_window(parsed))
        for identity in identities
    ]
    try:
        counts = [_count(cache_key, timeout=parsed.period) for cache_key in cache_keys]
    except Exception:  # noqa: BLE001 - any cache backend's error: fail open
        # A cache outage must not stop residents signing up; log it and let it pass.
        logger.warning(
            "Rate limit %r not counted: the cache failed.", key, exc_info=True
        )
        return False
    if any(count > parsed.limit for count in counts):
        _uncount(cache_keys)
        logger.info("Rate limit %r hit on %s.", key, request.path)
        return True
    _counted(request)[key] = cache_keys
    return False


def rate_limit_reached(
    request,
    *,
    key: str,
    rate: str | None = None,
    by: Iterable[str] = BY_DEFAULT,
) -> bool:
    """``True`` when a count of ``key`` already stands at its limit, without counting
    this request (for limits counted elsewhere, such as failed logins)."""
    if not rate_limits_enabled():
        return False
    parsed = rate_for(key=key, rate=rate)
    try:
        counts = cache.get_many(_counter_keys(request, key=key, rate=parsed, by=by))
    except Exception:  # noqa: BLE001 - any cache backend's error: fail open
        logger.warning("Rate limit %r not read: the cache failed.", key, exc_info=True)
        return False
    return any(int(count or 0) >= parsed.limit for count in counts.values())


def rate_limit_release(request, *, key: str) -> None:
    """Give back the slot that ``rate_limit_hit`` counted for this request, when it
    wrote nothing after all (the form came back with an error)."""
    _uncount(_counted(request).pop(key, []))


def _counted(request) -> dict[str, list[str]]:
    """The counters this request was counted in, by key, for ``rate_limit_release``:
    the same keys even when the window turned over in between."""
    if not hasattr(request, "_rate_limit_counted"):
        request._rate_limit_counted = {}
    return request._rate_limit_counted


def _uncount(cache_keys: Iterable[str]) -> None:
    for cache_key in cache_keys:
        try:
            cache.decr(cache_key)
        except Exception:  # noqa: BLE001 - the counter expired, or a cache outage
            logger.debug("Rate limit counter %s not given back.", cache_key)


def retry_after(*, key: str, rate: str | None = None) -> int:
    """Seconds until the current window of ``key`` ends and its counts start again."""
    parsed = rate_for(key=key, rate=rate)
    return max(1, math.ceil((_window(parsed) + 1) * parsed.period - time.time()))


def rate_limit_message(*, key: str, rate: str | None = None) -> str:
    """The sentence a person sees when they hit the limit of ``key``."""
    minutes = math.ceil(retry_after(key=key, rate=rate) / 60)
    if minutes <= 1:
        return gettext(
            "You are doing that too often. Please wait a minute and try again."
        )
    return gettext(
        "You are doing that too often. Please wait %(minutes)s minutes and try again."
    ) % {"minutes": minutes}


def _wrote(response) -> bool:
    """Post/Redirect/Get: a POST that wrote answers with a redirect (or 201/204); one
    that shows the form again (200, 4xx) wrote nothing."""
    status = response.status_code
    return status in (201, 204) or 300 <= status < 400


def _typed_text(request) -> str:
    """What the person typed, for them to copy from the 429 page (no passwords)."""
    values = [
        value.strip()
        for name, values in request.POST.lists()
        if not HIDDEN_FIELDS.search(name)
        for value in values
        if isinstance(value, str) and value.strip()
    ]
    return "\n\n".join(values)


def rate_limited_response(request, *, key: str, rate: str | None = None):
    """The friendly 429 page, with a Retry-After header."""
    seconds = retry_after(key=key, rate=rate)
    response = render(
        request,
        "429.html",
        {
            "message": rate_limit_message(key=key, rate=rate),
            "typed_text": _typed_text(request),
            "back_url": request.path,
        },
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response


def rate_limit(
    *,
    key: str,
    rate: str | None = None,
    methods: Iterable[str] = ("POST",),
    by: Iterable[str] = BY_DEFAULT,
) -> Callable:
    """Limit a view: over the limit, a request of ``methods`` gets the 429 page and the
    view does not run. Put it below ``@login_required``, so that the user is known.

    Example: ``@rate_limit(key="matter")`` with ``RATE_LIMITS["matter"] = "10/h"``.
    """
    methods = frozenset(method.upper() for method in methods)
    by = tuple(by)

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in methods:
                return view(request, *args, **kwargs)
            if rate_limit_hit(request, key=key, rate=rate, by=by):
                return rate_limited_response(request, key=key, rate=rate)
            response = view(request, *args, **kwargs)
            # A POST with uploads cost its decoding even when the form came back: it
            # keeps its slot (a form with an empty title is no way round the limit).
            if not _wrote(response) and not request.FILES:
                rate_limit_release(request, key=key)
            return response

        return wrapper

    return decorator
