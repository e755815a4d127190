"""Invalid ids and slugs in the address, and hostile password-reset links."""

from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import (
    NoReverseMatch,
    URLPattern,
    URLResolver,
    get_resolver,
    reverse,
)
from django.utils.http import urlsafe_base64_encode

from tests.hostile.values import XSS_MARKERS

# A matrix suite: CI runs it once, on PostgreSQL (.ci/run).
pytestmark = pytest.mark.matrix

# --- invalid ids in the address ----------------------------------------------------------

BAD_IDS = ["0", "2147483648", "9223372036854775808", str(10**30)]
BAD_SLUGS = ["x" * 300, "no-such-thing", "0"]


def _patterns(resolver: URLResolver, prefix: str = "", namespace: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            space = namespace
            if entry.namespace:
                space = f"{namespace}{entry.namespace}:"
            yield from _patterns(entry, prefix + str(entry.pattern), space)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry.pattern.converters


def _routes_with_ids():
    seen = set()
    for name, converters in _patterns(get_resolver()):
        if not converters or name in seen or name.startswith("admin:"):
            continue
        seen.add(name)
        yield pytest.param(name, dict(converters), id=name)


@pytest.mark.parametrize(("name", "converters"), list(_routes_with_ids()))
def test_invalid_ids_in_the_address_never_500(name, converters, world):
    from django.urls.converters import IntConverter

    for role in ("staff", "resident", None):
        client = Client()
        if role:
            client.force_login(world.users[role])
        for index in range(len(BAD_IDS)):
            kwargs = {}
            for key, converter in converters.items():
                if isinstance(converter, IntConverter):
                    kwargs[key] = BAD_IDS[index]
                else:
                    kwargs[key] = BAD_SLUGS[index % len(BAD_SLUGS)]
            try:
                url = reverse(name, kwargs=kwargs)
            except NoReverseMatch:  # a converter refused the value
                continue
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                assert response.status_code < 500, (role, method, url)


def test_password_reset_link_with_hostile_parts_never_500(world):
    client = Client()
    for uid, token in [
        ("\u202eMQ", "x" * 500),
        ("%00", "%00"),
        ("MQ", "<script>alert(1)</script>"),
        ("A" * 5000, "set-password"),
        ("LTE", "abc-def"),
        (urlsafe_base64_encode(b"99999999999999999999999"), "abc-def"),
        (urlsafe_base64_encode(b"\xff\xfe"), "abc-def"),
    ]:
        url = f"/accounts/reset/{quote(uid, safe='%')}/{quote(token, safe='%')}/"
        response = client.get(url)
        assert response.status_code < 500, url
        assert XSS_MARKERS[0] not in response.content.decode()
