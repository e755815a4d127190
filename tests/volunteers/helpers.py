"""Helpers of the volunteer alliance tests: a refusal with its code, a small JPEG."""

import pytest

from community_portal.errors import ServiceError
from tests.factories import jpeg_upload as jpeg  # noqa: F401 - the tests import it here


def refused(expected, call, /, *args, **kwargs) -> ServiceError:
    """``call`` raises a ``ServiceError`` with code ``expected`` and a message."""
    with pytest.raises(ServiceError) as info:
        call(*args, **kwargs)
    assert info.value.code == expected, info.value
    assert info.value.message
    return info.value
