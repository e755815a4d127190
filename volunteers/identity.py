"""Real-name identity documents of volunteers, as the national volunteer system
(全国志愿服务信息系统) records them: the document types, and the format checks of
their numbers.

The 18-character numbers (the resident identity card, the residence permit of
Hong Kong, Macao and Taiwan residents, the 2023 foreign permanent residence card)
carry the GB 11643-1999 check character: the first 17 digits weighted
7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, summed, mod 11, mapped through "10X98765432".
The other types get a plain format check. Error messages never repeat the number.
"""

import datetime
import re

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

CHECKSUM_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"
EARLIEST_BIRTH = datetime.date(1900, 1, 1)


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", gettext_lazy("Resident identity card")
    HK_MACAO_PERMIT = (
        "hk_macao_permit",
        gettext_lazy("Mainland travel permit for Hong Kong and Macao residents"),
    )
    TAIWAN_PERMIT = (
        "taiwan_permit",
        gettext_lazy("Mainland travel permit for Taiwan residents"),
    )
    RESIDENCE_PERMIT = (
        "residence_permit",
        gettext_lazy("Residence permit for Hong Kong, Macao and Taiwan residents"),
    )
    PASSPORT = "passport", gettext_lazy("Passport")
    FOREIGNER_PR = (
        "foreigner_pr",
        gettext_lazy("Foreign permanent resident identity card"),
    )


# The names the national system's forms use, whatever the page language.
NATIONAL_NAMES = {
    IdType.RESIDENT_ID: "居民身份证",
    IdType.HK_MACAO_PERMIT: "港澳居民来往内地通行证",
    IdType.TAIWAN_PERMIT: "台湾居民来往大陆通行证",
    IdType.RESIDENCE_PERMIT: "港澳台居民居住证",
    IdType.PASSPORT: "护照",
    IdType.FOREIGNER_PR: "外国人永久居留身份证",
}

_EIGHTEEN = re.compile(r"^\d{17}[\dX]$")
_FORMATS = {
    # H or M and 8 digits (10 on the older booklets).
    IdType.HK_MACAO_PERMIT: re.compile(r"^[HM]\d{8}(\d{2})?$"),
    # 8 digits since 2015 (10 and a letter on the older ones).
    IdType.TAIWAN_PERMIT: re.compile(r"^(\d{8}|\d{10}[A-Z]?)$"),
    IdType.PASSPORT: re.compile(r"^[A-Z0-9]{5,17}$"),
    # The 2017 card: three letters and 12 digits (the 2023 one has 18, see below).
    IdType.FOREIGNER_PR: re.compile(r"^[A-Z]{3}\d{12}$"),
}


class IdNumberError(ValueError):
    """A number that cannot be right; its message is for the person who typed it."""


def normalise_id_number(number: str) -> str:
    """Strip spaces and upper-case: ``x`` and ``X`` are the same check character."""
    return re.sub(r"\s+", "", number or "").upper()


def check_character(first17: str) -> str:
    """The GB 11643 check character of 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, CHECKSUM_WEIGHTS, strict=True))
    return CHECK_CHARACTERS[total % 11]


def _birth_date(number: str) -> datetime.date | None:
    try:
        born = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None
    return born if EARLIEST_BIRTH <= born <= timezone.localdate() else None


def _check_eighteen(number: str) -> None:
    if not _EIGHTEEN.match(number):
        raise IdNumberError(
            _("An identity card number has 18 characters: 17 digits and a digit or X.")
        )
    if _birth_date(number) is None:
        raise IdNumberError(
            _("The date of birth in this identity card number is not possible.")
        )
    if check_character(number[:17]) != number[17]:
        raise IdNumberError(
            _(
                "This identity card number fails its check digit: please check "
                "every digit again."
            )
        )


def validate_id_number(id_type: str, number: str) -> str:
    """The number, normalised, if it can be a number of ``id_type``; otherwise
    ``IdNumberError`` with a message that does not repeat it."""
    number = normalise_id_number(number)
    if id_type not in IdType.values:
        raise IdNumberError(_("Please choose the type of document from the list."))
    if not number:
        raise IdNumberError(_("Please enter the document number."))
    if (
        id_type in (IdType.RESIDENT_ID, IdType.RESIDENCE_PERMIT)
        or id_type == IdType.FOREIGNER_PR
        and len(number) == 18
    ):
        _check_eighteen(number)
    elif not _FORMATS[id_type].match(number):
        raise IdNumberError(
            _("This does not look like a number of the chosen document type.")
        )
    return number
