"""A short-lived cache of public pages for visitors who are not signed in.

Most requests come from residents reading activity and grid pages without an account.
Their pages are the same for everyone, so they are rendered once per
``CACHE_MIDDLEWARE_SECONDS`` (per URL, language and display cookie) and served from
the cache in between. The cache key holds the page's variant — its language and the
display preference — and nothing else of the request's headers: a ``csrftoken`` cookie
or another browser's ``Accept-Language`` does not split the cache (browsers and proxies
still get ``Vary: Cookie``). Anyone with a session — signed in, or carrying messages — always
gets a freshly rendered page, so what they just did shows at once. Seat counts seen by
anonymous visitors may therefore be up to that many seconds old; the registration
service re-checks capacity anyway.
"""

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from .context_processors import LARGE_TEXT_COOKIE
from .errors import ServiceError, raise_refusal
from .images import request_pixels


def _is_cacheable_visitor(request) -> bool:
    return (
        settings.CACHE_MIDDLEWARE_SECONDS > 0
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


# A request header of our own, set by the middleware, that Django's cache keys on.
_VARIANT_HEADER = "X-Portal-Variant"
_VARIANT_META = "HTTP_X_PORTAL_VARIANT"
# What the page depends on besides the URL; the cache learns the variant instead.
_HEADERS_IN_THE_VARIANT = {"cookie", "accept-language"}


def _mark_variant(request) -> None:
    large_text = request.COOKIES.get(LARGE_TEXT_COOKIE) == "1"
    language = getattr(request, "LANGUAGE_CODE", None) or get_language()
    request.META[_VARIANT_META] = f"{language}|{'large' if large_text else 'plain'}"


def _vary_for_the_cache(response) -> None:
    """``Vary`` as the cache should learn it: the variant instead of the headers it
    summarises."""
    kept = [
        header.strip()
        for header in response.get("Vary", "").split(",")
        if header.strip() and header.strip().lower() not in _HEADERS_IN_THE_VARIANT
    ]
    response["Vary"] = ", ".join([*kept, _VARIANT_HEADER])


def _vary_for_clients(response) -> None:
    """``Vary`` as browsers and proxies should see it."""
    kept = [
        header.strip()
        for header in response.get("Vary", "").split(",")
        if header.strip() and header.strip() != _VARIANT_HEADER
    ]
    response["Vary"] = ", ".join(kept)
    patch_vary_headers(response, ["Cookie", "Accept-Language"])


class UpdateAnonymousCacheMiddleware(UpdateCacheMiddleware):
    """First in MIDDLEWARE: stores anonymous visitors' public pages."""

    def process_response(self, request, response):
        if not _is_cacheable_visitor(request) or not self._should_update_cache(
            request, response
        ):
            # The display preference lives in a cookie: pages vary on it.
            patch_vary_headers(response, ["Cookie"])
            return super().process_response(request, response)
        _mark_variant(request)
        _vary_for_the_cache(response)
        response = super().process_response(request, response)
        _vary_for_clients(response)
        return response

    def _should_update_cache(self, request, response):
        user = getattr(request, "user", None)
        # Read per request (not only at start-up), so that tests can switch it.
        self.cache_timeout = settings.CACHE_MIDDLEWARE_SECONDS
        return (
            _is_cacheable_visitor(request)
            and not (user is not None and user.is_authenticated)
            and super()._should_update_cache(request, response)
        )


class FetchAnonymousFromCacheMiddleware(FetchFromCacheMiddleware):
    """Last in MIDDLEWARE: answers anonymous visitors from the cache when it can."""

    def process_request(self, request):
        if not _is_cacheable_visitor(request):
            request._cache_update_cache = False
            return None
        _mark_variant(request)
        response = super().process_request(request)
        if response is not None:
            _vary_for_clients(response)
        return response


class ServiceErrorMiddleware:
    """A ``ServiceError`` that escapes a view becomes the branded refusal page: 404 for
    what the person may not see, 403 for what they may not do, 400 otherwise; and
    Django's empty 405 becomes the branded one. Views still catch the errors they can
    show on a form; this is the one policy behind them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.process_response(request, self.get_response(request))

    def process_response(self, request, response):
        # Django's 405 (a GET on a button's address) is an empty page: a resident
        # who followed an old link gets the branded page instead.
        if (
            response.status_code == 405
            and not response.content
            and not request.path.startswith("/admin/")
        ):
            # The same response (its Allow, CSP and other headers), a page inside.
            response.content = render_to_string("405.html", request=request)
            response["Content-Type"] = "text/html; charset=utf-8"
            if "Content-Length" in response:
                response["Content-Length"] = str(len(response.content))
        return response

    def process_exception(self, request, exception):
        if not isinstance(exception, ServiceError):
            return None
        raise_refusal(exception)
        raise SuspiciousOperation(exception.message) from exception


class ImageBudgetMiddleware:
    """Each request starts with a fresh total of decoded image pixels, so that one POST
    of several huge photos cannot keep a worker busy for seconds."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = request_pixels.set([0])
        try:
            return self.get_response(request)
        finally:
            request_pixels.reset(token)


class Utf8FormsMiddleware:
    """Before anything reads ``request.POST``: the portal's forms are UTF-8, whatever
    charset a request declares. UTF-7 (or any other) decodes to lone surrogates or
    worse, which no database column takes: such a body is read as UTF-8 instead, with
    anything invalid replaced, and the form shows its errors as for any bad input."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        encoding = (request.encoding or "").lower().replace("_", "-")
        if encoding and encoding not in ("utf-8", "utf8"):
            request.encoding = "utf-8"
        return self.get_response(request)
