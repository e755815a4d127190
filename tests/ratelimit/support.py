"""Addresses, users and a clock as the rate limits see them."""

from pathlib import Path
from types import SimpleNamespace

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

BASE_DIR = Path(__file__).resolve().parents[2]
PASSWORD = "Yue-cube-2024!"
HOME_ADDRESS = "203.0.113.5"
OTHER_ADDRESS = "198.51.100.7"
# A fixed moment ten minutes into a clock hour (an hour window ends 50 minutes later).
START = 1_780_000_000 - 1_780_000_000 % 3600 + 600


class FakeClock:
    def __init__(self, now: float):
        self.now = now

    def time(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def request_from(address: str = HOME_ADDRESS, *, user=None, method: str = "post"):
    request = getattr(RequestFactory(), method)("/somewhere/", REMOTE_ADDR=address)
    request.user = user or AnonymousUser()
    return request


def a_resident(pk: int):
    """A logged-in user as the limits see one: only the primary key counts."""
    return SimpleNamespace(pk=pk, is_authenticated=True)
