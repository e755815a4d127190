"""Request helpers shared by the apps' views."""

from django.utils.http import url_has_allowed_host_and_scheme


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
