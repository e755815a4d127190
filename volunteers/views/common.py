"""What the alliance views share: the refusal policy of a redirecting POST.

Views parse input, call one service or selector and render. A refused write
(``ServiceError``) is answered by the portal's policy: what the visitor may not see
is a 404, what they may see but not do a 403; any other refusal comes back as a
message on the page it came from. Nothing changed, never a 500."""

from django.contrib import messages
from django.shortcuts import redirect

from community_portal.errors import ServiceError, raise_refusal
from community_portal.http import safe_next_url


def refused_redirect(request, error: ServiceError, fallback: str):
    raise_refusal(error)
    messages.error(request, error.message)
    return redirect(safe_next_url(request, fallback=fallback))
