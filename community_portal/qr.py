"""QR codes as inline SVG, drawn on the server so that pages need no script.

A full QR code (never a Micro QR, which phone cameras do not read), sized by CSS
through its viewBox. The drawing depends only on its arguments, so each is drawn once
per process and kept (a resident's 我的 page shows a code per registration; a poster
is printed many times): a bounded in-memory cache needs no invalidation.
"""

from functools import lru_cache

import segno
from django.utils.safestring import SafeString, mark_safe

CACHED_CODES = 4096


@lru_cache(maxsize=CACHED_CODES)
def qr_svg(payload: str, *, css_class: str, title: str = "") -> SafeString:
    """``payload`` (a URL) as an inline ``<svg>`` with class ``css_class``."""
    svg = segno.make_qr(payload, error="m").svg_inline(
        scale=1,
        border=4,
        omitsize=True,
        light="#fff",
        svgclass=css_class,
        title=title or payload,
    )
    # segno's own markup; the only text in it (the title) is escaped by segno.
    return mark_safe(svg)  # noqa: S308
