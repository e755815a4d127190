"""HTTP helpers: the ``next`` parameter of the views, and calls to outside APIs
(always with a timeout)."""

import urllib.error
import urllib.parse
import urllib.request

from django.utils.http import url_has_allowed_host_and_scheme

# An API's answer is small; read no more than this of it.
MAX_RESPONSE_BYTES = 64 * 1024


def safe_next_url(request, *, fallback: str) -> str:
    """The ``next`` parameter (POST, then GET) when it is a path on this site,
    otherwise ``fallback``.

    Only a local path ("/…") is taken: a bare word such as ``abc`` would pass Django's
    host check yet be read by ``redirect()`` as a URL *name*, and fail.
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    if (
        target.startswith("/")
        and not target.startswith("//")
        and url_has_allowed_host_and_scheme(
            target,
            allowed_hosts={request.get_host()},
            require_https=request.is_secure(),
        )
    ):
        return target
    return fallback


class HttpError(ConnectionError):
    """The other side could not be reached, timed out or answered garbage."""


def http_post_form(url: str, *, data: dict[str, str], timeout: float) -> bytes:
    """POST ``data`` form-encoded to ``url`` and return the body, whatever the HTTP
    status (APIs such as Aliyun's put their error codes in 4xx bodies). Never
    waits longer than ``timeout`` seconds for a connect or a read; any network
    failure is an ``HttpError``."""
    request = urllib.request.Request(  # noqa: S310 - the URL comes from settings
        url,
        data=urllib.parse.urlencode(data).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.read(MAX_RESPONSE_BYTES)
    except urllib.error.HTTPError as error:
        return error.read(MAX_RESPONSE_BYTES)
    except (OSError, ValueError) as error:  # URLError, timeouts, refused, bad URL
        raise HttpError(f"{url}: {error}") from error
