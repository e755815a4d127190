"""Resetting a password by a 6-digit SMS code: hashed, 10 minutes, once, a few
tries, throttled, and the same pages whether or not the number has an account."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from community_portal.accounts.errors import Code
from community_portal.accounts.models import PhoneResetCode
from community_portal.accounts.services import (
    RESET_CODE_MAX_TRIES,
    reset_code_confirm,
    reset_code_request,
    reset_code_text,
)
from community_portal.errors import ServiceError
from community_portal.masking import mask_phone
from community_portal.sms import SMS_LENGTH, LocmemSmsBackend
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PHONE = "13912345678"
NEW = "a quiet garden 2026"


@pytest.fixture(autouse=True)
def sms(monkeypatch, settings):
    settings.RATE_LIMITS_ENABLED = True
    cache.clear()
    monkeypatch.setattr(LocmemSmsBackend, "sent", [])
    monkeypatch.setattr(LocmemSmsBackend, "broken", False)
    translation.activate("zh-hans")
    yield LocmemSmsBackend.sent
    cache.clear()


def sent_code(sms) -> str:
    return re.search(r"\d{6}", sms[-1][1]).group()


def test_the_code_is_sent_hashed_and_works_once(sms):
    user = UserFactory(phone=PHONE)

    reset_code_request(phone=PHONE)
    code = sent_code(sms)
    stored = PhoneResetCode.objects.get()
    assert code not in stored.code_hash

    reset_code_confirm(phone=PHONE, code=code, password=NEW)
    user.refresh_from_db()
    assert user.check_password(NEW)
    with pytest.raises(ServiceError) as used:
        reset_code_confirm(phone=PHONE, code=code, password="another one 2026")
    assert used.value.code == Code.RESET_CODE_USED


def test_an_expired_code_is_refused():
    UserFactory(phone=PHONE)
    then = timezone.now() - datetime.timedelta(minutes=11)
    reset_code_request(phone=PHONE, now=then)
    code = sent_code(LocmemSmsBackend.sent)

    with pytest.raises(ServiceError) as expired:
        reset_code_confirm(phone=PHONE, code=code, password=NEW)
    assert expired.value.code == Code.RESET_CODE_EXPIRED


def test_wrong_codes_kill_the_code_after_a_few_tries(sms):
    UserFactory(phone=PHONE)
    reset_code_request(phone=PHONE)
    code = sent_code(sms)
    wrong = f"{(int(code) + 1) % 10**6:06d}"

    for _ in range(RESET_CODE_MAX_TRIES):
        with pytest.raises(ServiceError) as error:
            reset_code_confirm(phone=PHONE, code=wrong, password=NEW)
        assert error.value.code == Code.RESET_CODE_WRONG
    with pytest.raises(ServiceError) as dead:
        reset_code_confirm(phone=PHONE, code=code, password=NEW)
    assert dead.value.code == Code.RESET_CODE_TOO_MANY_TRIES


def test_a_new_code_replaces_the_old_one(sms):
    UserFactory(phone=PHONE)
    reset_code_request(phone=PHONE)
    old = sent_code(sms)
    reset_code_request(phone=PHONE)

    with pytest.raises(ServiceError) as error:
        reset_code_confirm(phone=PHONE, code=old, password=NEW)
    assert error.value.code == Code.RESET_CODE_EXPIRED


def test_no_code_for_an_unknown_or_shared_number(sms):
    UserFactory(phone="13800000001")
    UserFactory(phone="13800000001")

    reset_code_request(phone=PHONE)
    reset_code_request(phone="13800000001")

    assert sms == [] and not PhoneResetCode.objects.exists()


def test_the_sms_fits_one_message():
    assert len("【新时代文明实践中心】" + reset_code_text("123456")) <= SMS_LENGTH


# ---- The pages ----------------------------------------------------------------


def ask(client, phone=PHONE):
    return client.post(reverse("accounts:password_reset_sms"), {"phone": phone})


def confirm(client, code, password=NEW):
    return client.post(
        reverse("accounts:password_reset_sms_confirm"),
        {"code": code, "new_password1": password, "new_password2": password},
    )


def test_known_and_unknown_numbers_get_the_same_pages(client, sms):
    UserFactory(phone=PHONE)
    pages = []
    for phone in (PHONE, "13700000000"):
        response = ask(client, phone)
        assert response["Location"] == reverse("accounts:password_reset_sms_confirm")
        page = client.get(response["Location"]).content.decode()
        page = page.replace(mask_phone(phone), "###")
        pages.append(re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", page))
    assert pages[0] == pages[1]
    assert len(sms) == 1


def test_the_whole_reset_by_sms(client, sms):
    user = UserFactory(phone=PHONE)
    ask(client)

    response = confirm(client, sent_code(sms))

    assert response["Location"] == reverse("password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert client.post(reverse("login"), {"username": PHONE, "password": NEW})[
        "Location"
    ]


@pytest.mark.parametrize(
    "phone", ["12ab", "+44 7700 900123", "0571-8888888", "2391234567"]
)
def test_a_wrong_or_foreign_number_is_refused_clearly(client, phone):
    response = ask(client, phone)

    assert response.status_code == 200
    content = response.content.decode()
    assert "中国大陆手机号" in content
    assert 'type="tel"' in content


def test_a_plus86_number_is_taken(client, sms):
    UserFactory(phone=PHONE)
    ask(client, "+86 139 1234 5678")
    assert len(sms) == 1


def test_a_reused_code_is_refused_clearly_and_the_form_kept(client, sms):
    UserFactory(phone=PHONE)
    ask(client)
    code = sent_code(sms)
    confirm(client, code)
    ask(client)  # the session is over: the person starts again

    response = confirm(client, code)

    assert response.status_code == 200
    assert "已经用过" in response.content.decode()
    assert f'value="{code}"' in response.content.decode()


def test_too_many_codes_for_one_number_send_no_more(client, sms):
    UserFactory(phone=PHONE)
    for _ in range(5):
        response = ask(client)
        assert response.status_code == 302
    assert len(sms) == 3  # per number; the page never says so


def test_too_many_requests_from_one_address_are_refused_clearly(client):
    for n in range(5):
        ask(client, f"1370000000{n}")

    response = ask(client, "13700000009")

    assert response.status_code == 200
    assert "太频繁" in response.content.decode()


def test_the_code_page_without_a_number_goes_back(client):
    response = client.get(reverse("accounts:password_reset_sms_confirm"))
    assert response["Location"] == reverse("accounts:password_reset_sms")


def test_a_provider_that_is_down_never_shows(client, sms, monkeypatch):
    UserFactory(phone=PHONE)
    monkeypatch.setattr(LocmemSmsBackend, "broken", True)

    response = ask(client)

    assert response.status_code == 302
