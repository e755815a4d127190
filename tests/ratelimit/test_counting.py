"""Rates, counting per address and per user, the client's address, the message."""

import threading

import pytest
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.utils import translation

from community_portal import ratelimit
from community_portal.ratelimit import (
    Rate,
    client_address,
    parse_rate,
    rate_limit_hit,
    rate_limit_message,
    rate_limit_release,
    retry_after,
)
from tests.ratelimit.support import (
    HOME_ADDRESS,
    OTHER_ADDRESS,
    a_resident,
    request_from,
)

# ---- rates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("5/h", Rate(limit=5, period=3600)),
        ("10/15m", Rate(limit=10, period=900)),
        ("100/d", Rate(limit=100, period=86400)),
        (" 3 / 30s ", Rate(limit=3, period=30)),
    ],
)
def test_rates_are_count_per_period(text, rate):
    assert parse_rate(text) == rate


@pytest.mark.parametrize("text", ["", "5", "5/week", "five/h", "5/0h", "-1/h"])
def test_a_bad_rate_is_refused_with_a_clear_error(text):
    with pytest.raises(ImproperlyConfigured, match="COUNT/PERIOD|positive"):
        parse_rate(text)


def test_every_configured_rate_is_valid(settings):
    assert set(settings.RATE_LIMITS) >= {"signup", "matter", "service_request"}
    for rate in settings.RATE_LIMITS.values():
        parse_rate(rate)


def test_the_settings_win_over_the_rate_in_the_code(settings, clock):
    settings.RATE_LIMITS = {"demo": "1/h"}
    assert not rate_limit_hit(request_from(), key="demo", rate="50/h")
    assert rate_limit_hit(request_from(), key="demo", rate="50/h")


def test_a_key_without_any_rate_is_a_configuration_error(settings):
    settings.RATE_LIMITS = {}
    with pytest.raises(ImproperlyConfigured, match="No rate for 'nowhere'"):
        rate_limit_hit(request_from(), key="nowhere")


# ---- counting ------------------------------------------------------------------------


@override_settings(RATE_LIMITS={"demo": "3/h"})
def test_the_limit_allows_the_rate_then_refuses(clock):
    results = [rate_limit_hit(request_from(), key="demo") for _ in range(5)]
    assert results == [False, False, False, True, True]


@override_settings(RATE_LIMITS={"demo": "3/h"})
def test_addresses_are_counted_separately(clock):
    for _ in range(3):
        rate_limit_hit(request_from(HOME_ADDRESS), key="demo")

    assert rate_limit_hit(request_from(HOME_ADDRESS), key="demo")
    assert not rate_limit_hit(request_from(OTHER_ADDRESS), key="demo")


@override_settings(RATE_LIMITS={"demo": "3/h"})
def test_one_user_is_limited_from_any_address(clock):
    for address in ("192.0.2.1", "192.0.2.2", "192.0.2.3"):
        assert not rate_limit_hit(request_from(address, user=a_resident(7)), key="demo")

    assert rate_limit_hit(request_from("192.0.2.4", user=a_resident(7)), key="demo")
    # Another resident on that fresh address is not held back by the first one.
    assert not rate_limit_hit(request_from("192.0.2.4", user=a_resident(8)), key="demo")


@override_settings(RATE_LIMITS={"demo": "3/h"})
def test_one_address_is_limited_whoever_is_logged_in(clock):
    for pk in (1, 2, 3):
        assert not rate_limit_hit(request_from(user=a_resident(pk)), key="demo")

    assert rate_limit_hit(request_from(user=a_resident(4)), key="demo")
    assert rate_limit_hit(request_from(), key="demo")


@override_settings(RATE_LIMITS={"demo": "2/h"})
def test_refused_requests_do_not_use_up_the_shared_address(clock):
    # Resident 1 writes twice at home, then keeps trying from the shared address
    # (the community service desk): refused, and not counted against the desk.
    for _ in range(2):
        rate_limit_hit(request_from(HOME_ADDRESS, user=a_resident(1)), key="demo")
    for _ in range(3):
        assert rate_limit_hit(
            request_from(OTHER_ADDRESS, user=a_resident(1)), key="demo"
        )

    assert not rate_limit_hit(
        request_from(OTHER_ADDRESS, user=a_resident(2)), key="demo"
    )
    assert not rate_limit_hit(
        request_from(OTHER_ADDRESS, user=a_resident(3)), key="demo"
    )
    assert rate_limit_hit(request_from(OTHER_ADDRESS, user=a_resident(4)), key="demo")


@override_settings(RATE_LIMITS={"demo": "2/h"})
def test_the_window_starts_again_when_the_hour_turns(clock):
    for _ in range(2):
        rate_limit_hit(request_from(), key="demo")
    assert rate_limit_hit(request_from(), key="demo")

    clock.advance(49 * 60)  # still inside the same clock hour
    assert rate_limit_hit(request_from(), key="demo")

    clock.advance(60)  # past the hour
    assert not rate_limit_hit(request_from(), key="demo")


@override_settings(RATE_LIMITS={"demo": "2/h"})
def test_a_release_gives_the_slot_back(clock):
    first = request_from()
    assert not rate_limit_hit(first, key="demo")
    rate_limit_release(first, key="demo")
    rate_limit_release(first, key="demo")  # only once, however often it is called

    assert [rate_limit_hit(request_from(), key="demo") for _ in range(3)] == [
        False,
        False,
        True,
    ]


@override_settings(RATE_LIMITS={"demo": "1/h"})
def test_nothing_is_counted_when_the_limits_are_off(settings, clock):
    settings.RATE_LIMITS_ENABLED = False

    assert not any(rate_limit_hit(request_from(), key="demo") for _ in range(5))
    assert not caches["default"]._cache  # not a single counter written


@override_settings(RATE_LIMITS={"demo": "1/h"})
def test_the_cache_keys_hold_neither_address_nor_user(clock):
    rate_limit_hit(request_from(HOME_ADDRESS, user=a_resident(4242)), key="demo")

    keys = list(caches["default"]._cache)
    assert len(keys) == 2  # one counter for the address, one for the user
    for key in keys:
        assert key.startswith(":1:ratelimit:demo:")
        assert HOME_ADDRESS not in key
        assert "4242" not in key


@override_settings(RATE_LIMITS={"demo": "1/h"})
def test_a_failing_cache_lets_the_request_through(monkeypatch, clock):
    class BrokenCache:
        def add(self, *args, **kwargs):
            raise ConnectionError("the cache is down")

    monkeypatch.setattr(ratelimit, "cache", BrokenCache())

    assert not rate_limit_hit(request_from(), key="demo")
    assert not rate_limit_hit(request_from(), key="demo")


@override_settings(RATE_LIMITS={"demo": "5/h"})
def test_concurrent_requests_never_pass_more_than_the_limit(clock):
    results = []
    barrier = threading.Barrier(20)

    def attempt():
        barrier.wait()
        results.append(rate_limit_hit(request_from(), key="demo"))

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert results.count(False) == 5


# ---- the client's address --------------------------------------------------------------


def test_the_address_is_the_one_axes_sees_behind_a_proxy(settings):
    request = request_from("127.0.0.1")
    request.META["HTTP_X_FORWARDED_FOR"] = "6.6.6.6, 203.0.113.5"

    settings.AXES_TRUSTED_PROXY_COUNT = 0
    assert client_address(request) == "127.0.0.1"
    settings.AXES_TRUSTED_PROXY_COUNT = 1
    assert client_address(request) == "203.0.113.5"  # never the client-made entry


def test_an_ipv6_client_is_counted_by_its_network():
    assert client_address(request_from("2001:db8:1:2:aaaa::1")) == "2001:db8:1:2::/64"
    assert client_address(request_from("2001:db8:1:2:bbbb::9")) == "2001:db8:1:2::/64"
    assert client_address(request_from("::ffff:203.0.113.5")) == "203.0.113.5"


# ---- messages ------------------------------------------------------------------------


def test_the_message_says_how_many_minutes_to_wait(clock):
    # Ten minutes into the hour: fifty to go.
    assert retry_after(key="signup", rate="5/h") == 50 * 60
    with translation.override("en"):
        assert rate_limit_message(key="signup", rate="5/h") == (
            "You are doing that too often. Please wait 50 minutes and try again."
        )
        clock.advance(49 * 60 + 30)
        assert rate_limit_message(key="signup", rate="5/h") == (
            "You are doing that too often. Please wait a minute and try again."
        )
