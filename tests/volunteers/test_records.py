"""Volunteer records the national system accepts: the ID checksum, real-name
details masked for everyone but the owner and staff and never logged, the
national-system hours export, numbered certificates and their public check."""

import csv
import datetime
import io
import logging
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext
from openpyxl import load_workbook

from community_portal.masking import mask_id_number
from tests.factories import UserFactory
from tests.volunteers.factories import HoursEntryFactory, VolunteerFactory
from tests.volunteers.helpers import refused
from volunteers import services
from volunteers.errors import Code
from volunteers.identity import (
    IdNumberError,
    IdType,
    check_character,
    validate_id_number,
)
from volunteers.models import ServiceCertificate, Volunteer
from volunteers.national import HEADER

# The standard's own example, and two more with their check characters worked out.
VALID = ["11010519491231002X", "440524198001010013", "33010619900101123X"]
WRONG_CHECK = "110105194912310021"
NUMBER = "33010619900101123X"


def with_check(first17: str) -> str:
    return first17 + check_character(first17)


# --- the checksum ---------------------------------------------------------------------


@pytest.mark.parametrize("number", VALID)
def test_valid_resident_numbers_pass(number):
    assert validate_id_number(IdType.RESIDENT_ID, number) == number


def test_lower_case_x_and_spaces_are_normalised():
    assert validate_id_number(IdType.RESIDENT_ID, " 110105 19491231002x ") == (
        "11010519491231002X"
    )


@pytest.mark.parametrize(
    "number",
    [
        WRONG_CHECK,
        "11010519491231002",  # 17 characters
        "1101051949123100XX",  # X inside
        with_check("11010519491332002"),  # month 13
        with_check("11010518001231002"),  # born 1800
        with_check("11010530001231002"),  # born in the future
    ],
)
def test_invalid_resident_numbers_are_refused(number):
    with pytest.raises(IdNumberError) as info:
        validate_id_number(IdType.RESIDENT_ID, number)
    assert number not in str(info.value)


@pytest.mark.parametrize(
    ("id_type", "good", "bad"),
    [
        (IdType.HK_MACAO_PERMIT, "H12345678", "X12345678"),
        (IdType.TAIWAN_PERMIT, "12345678", "1234A678"),
        (IdType.PASSPORT, "E12345678", "E1"),
        (IdType.FOREIGNER_PR, "USA123456789012", "US1234567890123"),
    ],
)
def test_other_documents_get_a_format_check(id_type, good, bad):
    assert validate_id_number(id_type, good.lower()) == good
    with pytest.raises(IdNumberError):
        validate_id_number(id_type, bad)


def test_the_2023_foreigner_card_has_the_checksum():
    number = with_check("93115619900101001")
    assert validate_id_number(IdType.FOREIGNER_PR, number) == number
    with pytest.raises(IdNumberError):
        validate_id_number(IdType.FOREIGNER_PR, number[:-1] + "0")


def test_id_mask():
    assert mask_id_number("11010519491231002X") == "1101**********002X"
    assert mask_id_number("E12345678") == "E******78"
    assert mask_id_number("") == ""


# --- the service and the form ------------------------------------------------------


@pytest.mark.django_db
def test_identity_is_saved_and_a_duplicate_refused():
    volunteer = VolunteerFactory()
    services.volunteer_identity_set(
        user=volunteer.user, legal_name="张三", id_type="resident_id", id_number=NUMBER
    )
    volunteer.refresh_from_db()
    assert (volunteer.legal_name, volunteer.id_number) == ("张三", NUMBER)
    other = VolunteerFactory()
    error = refused(
        Code.ID_NUMBER_TAKEN,
        services.volunteer_identity_set,
        user=other.user,
        legal_name="李四",
        id_type="resident_id",
        id_number=NUMBER,
    )
    assert NUMBER not in error.message


@pytest.mark.django_db
def test_wrong_checksum_keeps_the_form_with_a_clear_message(client, caplog):
    volunteer = VolunteerFactory()
    client.force_login(volunteer.user)
    with caplog.at_level(logging.DEBUG):
        response = client.post(
            reverse("volunteers:identity"),
            {"legal_name": "张三", "id_type": "resident_id", "id_number": WRONG_CHECK},
        )
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        gettext(
            "This identity card number fails its check digit: please check "
            "every digit again."
        )
        in page
    )
    assert 'value="张三"' in page and WRONG_CHECK in page  # the form is kept
    volunteer.refresh_from_db()
    assert volunteer.id_number == ""
    assert WRONG_CHECK not in caplog.text


@pytest.mark.django_db
def test_apply_with_identity(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("volunteers:apply"),
        {"legal_name": "王五", "id_type": "resident_id", "id_number": VALID[0]},
    )
    assert response.status_code == 302
    volunteer = Volunteer.objects.get(user=user)
    assert volunteer.id_number == VALID[0]


@pytest.mark.django_db
def test_no_identity_number_in_logs_on_any_path(client, caplog, staff_user):
    """Saving, refusing, a duplicate, the export and certificates: the number is
    in no log record, no message and no exception text."""
    volunteer = VolunteerFactory()
    HoursEntryFactory(volunteer=volunteer)
    client.force_login(volunteer.user)
    url = reverse("volunteers:identity")
    with caplog.at_level(logging.DEBUG):
        for number in (NUMBER, WRONG_CHECK, NUMBER):
            client.post(
                url,
                {"legal_name": "张三", "id_type": "resident_id", "id_number": number},
            )
        other = VolunteerFactory()
        client.force_login(other.user)
        client.post(
            url, {"legal_name": "李四", "id_type": "resident_id", "id_number": NUMBER}
        )
        client.post(reverse("volunteers:certificate_issue"))
        client.force_login(staff_user)
        client.get(
            reverse("volunteers:staff_national_export"),
            {"start": "2000-01-01", "end": "2100-01-01", "format": "csv"},
        )
    assert Volunteer.objects.get(pk=volunteer.pk).id_number == NUMBER
    for record in caplog.records:
        assert NUMBER not in record.getMessage()
        assert NUMBER not in str(record.exc_info or "")
        assert WRONG_CHECK not in record.getMessage()


# --- masking on pages ----------------------------------------------------------------


@pytest.fixture
def registered(db):
    volunteer = VolunteerFactory(
        legal_name="张三丰", id_type=IdType.RESIDENT_ID, id_number=NUMBER
    )
    HoursEntryFactory(volunteer=volunteer, hours=Decimal("3.5"))
    return volunteer


@pytest.mark.django_db
def test_owner_and_staff_see_the_number_others_do_not(client, registered, staff_user):
    certificate = services.certificate_issue(
        volunteer_id=registered.pk, by_user=registered.user
    )
    detail = certificate.get_absolute_url()
    verify = reverse("volunteers:certificate_verify_serial", args=[certificate.serial])

    client.force_login(registered.user)
    assert NUMBER in client.get(reverse("volunteers:identity")).content.decode()
    assert NUMBER in client.get(detail).content.decode()

    client.force_login(staff_user)
    assert NUMBER in client.get(detail).content.decode()

    client.force_login(UserFactory())
    assert client.get(detail).status_code == 404
    for response in (client.get(verify), client.get(reverse("volunteers:hub"))):
        page = response.content.decode()
        assert NUMBER not in page and "张三丰" not in page
    assert "张*丰" in client.get(verify).content.decode()


@pytest.mark.django_db
def test_admin_list_shows_the_number_masked(client, registered, staff_user):
    client.force_login(staff_user)
    page = client.get(reverse("admin:volunteers_volunteer_changelist")).content
    assert mask_id_number(NUMBER).encode() in page
    assert NUMBER.encode() not in page


# --- the national export --------------------------------------------------------------


def export_rows(client, **query) -> list[list[str]]:
    response = client.get(reverse("volunteers:staff_national_export"), query)
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.django_db
def test_national_export_columns_and_rows(client, registered, staff_user):
    today = registered.hours_entries.get().served_on
    HoursEntryFactory(status="pending", verified_at=None)  # not verified: left out
    HoursEntryFactory(served_on=today - datetime.timedelta(days=400))  # outside
    HoursEntryFactory(volunteer__user__name="=cmd|calc", activity__title="+SUM(1)")
    client.force_login(staff_user)

    rows = export_rows(client, start=today.isoformat(), end=today.isoformat())

    assert rows[0] == HEADER
    assert rows[0][:5] == [
        "姓名",
        "证件类型",
        "证件号码",
        "服务日期",
        "服务时长（小时）",
    ]
    assert len(rows) == 3
    mine = next(row for row in rows[1:] if row[0] == "张三丰")
    assert mine[1:5] == ["居民身份证", NUMBER, today.isoformat(), "3.5"]
    other = next(row for row in rows[1:] if row[0] != "张三丰")
    assert other[0] == "'=cmd|calc" and other[5] == "'+SUM(1)"


@pytest.mark.django_db
def test_national_export_as_xlsx(client, registered, staff_user):
    today = registered.hours_entries.get().served_on
    client.force_login(staff_user)
    response = client.get(
        reverse("volunteers:staff_national_export"),
        {"start": today.isoformat(), "end": today.isoformat(), "format": "xlsx"},
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == HEADER
    row = [cell.value for cell in sheet[2]]
    assert row[0:3] == ["张三丰", "居民身份证", NUMBER]
    assert row[3].date() == today and row[4] == 3.5
    assert sheet.freeze_panes == "A2"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        {},
        {"start": "2026-13-01", "end": "2026-12-31"},
        {"start": "2026-12-31", "end": "2026-01-01"},
        {"start": "2026-01-01", "end": "2026-12-31", "format": "pdf"},
    ],
)
def test_national_export_bad_input_shows_the_form(client, staff_user, query):
    client.force_login(staff_user)
    response = client.get(reverse("volunteers:staff_national_export"), query)
    assert response.status_code == 200
    assert b"<form" in response.content


@pytest.mark.django_db
def test_national_export_is_staff_only(client, registered):
    client.force_login(registered.user)
    response = client.get(
        reverse("volunteers:staff_national_export"),
        {"start": "2000-01-01", "end": "2100-01-01"},
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_admin_national_export_action(client, registered, staff_user):
    client.force_login(staff_user)
    response = client.post(
        reverse("admin:volunteers_hoursentry_changelist"),
        {
            "action": "export_national",
            "_selected_action": [str(registered.hours_entries.get().pk)],
        },
    )
    text = b"".join(response.streaming_content).decode("utf-8")
    assert NUMBER in text and "居民身份证" in text


# --- certificates ---------------------------------------------------------------------


@pytest.mark.django_db
def test_certificate_has_a_unique_serial_and_its_hours(registered):
    first = services.certificate_issue(
        volunteer_id=registered.pk, by_user=registered.user
    )
    second = services.certificate_issue(
        volunteer_id=registered.pk, by_user=registered.user
    )
    year = first.issued_on.year
    assert first.serial == f"YGY-{year}-{first.pk:06d}"
    assert first.serial != second.serial
    assert first.hours == Decimal("3.5") and first.entries == 1
    assert first.holder_name == "张三丰" and first.issuer


@pytest.mark.django_db
def test_certificate_refusals(registered):
    refused(
        Code.NOT_ALLOWED,
        services.certificate_issue,
        volunteer_id=registered.pk,
        by_user=UserFactory(),
    )
    empty = VolunteerFactory()
    refused(
        Code.NO_VERIFIED_HOURS,
        services.certificate_issue,
        volunteer_id=empty.pk,
        by_user=empty.user,
    )


@pytest.mark.django_db
def test_issue_from_the_page_and_print_it_with_a_qr_code(client, registered):
    client.force_login(registered.user)
    response = client.post(reverse("volunteers:certificate_issue"))
    certificate = ServiceCertificate.objects.get()
    assert response.url == certificate.get_absolute_url()
    page = client.get(response.url).content.decode()
    assert certificate.serial in page and "<svg" in page
    assert (
        reverse("volunteers:certificate_verify_serial", args=[certificate.serial])
        in page
    )


@pytest.mark.django_db
def test_bad_period_for_a_certificate_is_a_message(client, registered):
    client.force_login(registered.user)
    response = client.post(
        reverse("volunteers:certificate_issue"),
        {"start": "2026-12-31", "end": "2026-01-01"},
    )
    assert response.status_code == 302
    assert not ServiceCertificate.objects.exists()


@pytest.mark.django_db
def test_public_verification(client, registered):
    certificate = services.certificate_issue(
        volunteer_id=registered.pk, by_user=registered.user
    )
    url = reverse("volunteers:certificate_verify_serial", args=[certificate.serial])
    page = client.get(url).content.decode()
    assert certificate.serial in page and "张*丰" in page and "3.5" in page
    assert certificate.issuer in page
    assert NUMBER not in page and registered.user.phone not in page
    # Typed in lower case, in the form: found.
    response = client.get(
        reverse("volunteers:certificate_verify"),
        {"serial": certificate.serial.lower()},
    )
    assert response.url == url


@pytest.mark.django_db
@pytest.mark.parametrize("serial", ["YGY-2026-999999", "nothing", "<script>"])
def test_unknown_serial_is_a_clear_404(client, serial):
    response = client.get(
        reverse("volunteers:certificate_verify_serial", args=[serial])
    )
    assert response.status_code == 404
    page = response.content.decode()
    assert "<form" in page and "<script>" not in page
    assert escape(serial.upper()) in page


@pytest.mark.django_db
def test_verification_form_empty_is_shown_again(client):
    response = client.get(reverse("volunteers:certificate_verify"), {"serial": ""})
    assert response.status_code == 200
    assert b"<form" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["=CMD|' /C CALC'!A0", "YGY/2026/1", "../../etc"])
def test_a_serial_that_cannot_be_one_is_told_on_the_form(client, typed):
    response = client.get(reverse("volunteers:certificate_verify"), {"serial": typed})

    assert response.status_code == 200
    assert "证书编号的格式如 YGY-2026-000123。" in response.content.decode()
    assert escape(typed) in response.content.decode()  # what was typed stays
