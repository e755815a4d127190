"""Template context every page needs: the elder-friendly display preference."""

LARGE_TEXT_COOKIE = "portal_large_text"


def portal(request):
    return {"large_text": request.COOKIES.get(LARGE_TEXT_COOKIE) == "1"}
