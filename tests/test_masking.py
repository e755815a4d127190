"""The masks for personal data shown to other people."""

import pytest

from community_portal.masking import mask_name, mask_phone


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三", "张*"),
        ("张小明", "张*明"),
        ("欧阳小明", "欧**明"),
        ("  张小明  ", "张*明"),
        ("王", "王"),
        ("", "*"),
        (None, "*"),
    ],
)
def test_mask_name(name, masked):
    assert mask_name(name) == masked


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812341234", "138****1234"),
        ("+8613812341234", "+86*******1234"),
        ("1234567", "*******"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_phone(phone, masked):
    assert mask_phone(phone) == masked


def test_masks_never_show_the_hidden_part():
    assert "小" not in mask_name("张小明")
    assert "1234" not in mask_phone("13812341234")[:7]
