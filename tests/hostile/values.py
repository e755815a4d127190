"""Nasty values and hostile files, and the strategies that draw them."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import strategies as st
from PIL import Image

PROJECT_APPS = ("accounts", "venues", "grids", "volunteers", "activities")
XSS_MARKERS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")

# --- nasty values ------------------------------------------------------------------------


class _Marker:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


OMIT = _Marker("OMIT")  # the field is not sent at all
FROM_WORLD = _Marker("FROM_WORLD")  # the valid value is an id of the world's rows
# Bytes that are not UTF-8: sent raw when the body is urlencoded, as U+FFFD otherwise.
BAD_UTF8 = _Marker("BAD_UTF8")

NASTY_TEXT = [
    "",
    " ",
    "  \t\n\r  ",
    "\x00",
    "abc\x00def",
    "".join(map(chr, range(1, 32))) + "\x7f\x85",
    "\u202eevil.exe\u202c",
    "\u200f\u200e\u2066x\u2069\ufeff\u200b",
    "👨‍👩‍👧‍👦🏳️‍🌈😀🀄",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR 1=1 --",
    "'; DROP TABLE accounts_user; --",
    '" OR ""="',
    "%s %(name)s {0} {{ x }} {% debug %}",
    "../../../../etc/passwd",
    "\\",
    "=cmd|' /C calc'!A0",
    "javascript:alert(1)",
    "//evil.example/",
    "张\u0301三\u0300",
    "２０２６",
    "٣٤",
    "None",
    "null",
    "true",
    "[]",
]
NASTY_DATES = [
    "0000-00-00",
    "9999-99-99",
    "2026-02-30",
    "2026-13-01",
    "0001-01-01",
    "9999-12-31",
    "1900-01-01",
    "10000-01-01",
    "-0001-01-01",
    "2026-12-05T25:61",
    "9999-12-31T23:59",
    "0001-01-01T00:00",
    "0001-01-01 00:00",
]
NASTY_NUMBERS = [
    "-1",
    "0",
    "-0",
    "1.5",
    "1e309",
    "-1e309",
    "NaN",
    "inf",
    "0x10",
    "2147483648",
    "9223372036854775808",
    str(10**30),
    str(-(10**30)),
    "99999999999999999999999999999999999999999999999999",
]
LONG_TEXT = [
    "x" * 10_001,
    "悦" * 12_000,
    "😀" * 10_500,
    "<script>alert(1)</script>" * 500,
    "\x00" * 10_000,
]

nasty_value = st.one_of(
    st.sampled_from(NASTY_TEXT + NASTY_DATES + NASTY_NUMBERS),
    st.sampled_from(LONG_TEXT),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=60),
    st.just(BAD_UTF8),
)


def field_values(valid: st.SearchStrategy) -> st.SearchStrategy:
    """A valid value, a nasty one, several values at once, or nothing. Hypothesis
    shrinks towards the first branch, so a failing example keeps only the values that
    matter."""
    return st.one_of(
        valid,
        nasty_value,
        st.lists(st.one_of(valid, nasty_value), min_size=2, max_size=3),
        st.just(OMIT),
    )


def valid(*values) -> st.SearchStrategy:
    return st.sampled_from(values)


# --- hostile files -----------------------------------------------------------------------


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), "red").save(buffer, "JPEG")
    return buffer.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def _png_bomb() -> bytes:
    """A tiny PNG that claims to be 60000×60000 pixels (a decompression bomb)."""
    header = struct.pack(">IIBBBBB", 60_000, 60_000, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 100))
        + _png_chunk(b"IEND", b"")
    )


JPEG = _jpeg()
FILES = {
    "jpeg": ("photo.jpg", JPEG, "image/jpeg"),
    "script-name": ("<script>alert(1)</script>.jpg", JPEG, "image/jpeg"),
    "path-name": ("../../../etc/passwd.jpg", JPEG, "image/jpeg"),
    "text": ("note.jpg", b"not an image at all", "image/jpeg"),
    "html": ("page.jpg", b"<html><script>alert(1)</script></html>", "text/html"),
    "empty": ("empty.jpg", b"", "image/jpeg"),
    "truncated": ("cut.jpg", JPEG[:40], "image/jpeg"),
    "bomb": ("bomb.png", _png_bomb(), "image/png"),
    "nul-name": ("a\x00b.jpg", JPEG, "image/jpeg"),
}
file_values = st.one_of(
    st.just(OMIT),
    st.lists(st.sampled_from(sorted(FILES)), min_size=1, max_size=3),
    st.lists(st.just("jpeg"), min_size=7, max_size=13),  # over the photo limits
)


def upload(kind: str) -> SimpleUploadedFile:
    name, content, content_type = FILES[kind]
    return SimpleUploadedFile(name, content, content_type=content_type)
