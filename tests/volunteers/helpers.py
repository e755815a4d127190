"""Helpers of the volunteer alliance tests: a refusal with its code, a small JPEG."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from community_portal.errors import ServiceError


def refused(expected, call, /, *args, **kwargs) -> ServiceError:
    """``call`` raises a ``ServiceError`` with code ``expected`` and a message."""
    with pytest.raises(ServiceError) as info:
        call(*args, **kwargs)
    assert info.value.code == expected, info.value
    assert info.value.message
    return info.value


def jpeg(name: str = "done.jpg", size=(40, 30)) -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", size, (0, 120, 0)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/jpeg")
