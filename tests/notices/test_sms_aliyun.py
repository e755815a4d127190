"""The Aliyun SMS backend against a fake provider on 127.0.0.1: signed requests,
error codes that retry or give up, a provider that is down, and the outbox."""

import json
import socket

import pytest

from community_portal.notices.delivery import message_deliver
from community_portal.notices.models import OutboxMessage
from community_portal.notices.services import notice_send
from community_portal.sms import (
    AliyunSmsBackend,
    SmsPermanentError,
    SmsProviderDown,
    SmsRetryLater,
    aliyun_signature,
    percent_encode,
)
from tests.factories import UserFactory
from tests.notices.fake_aliyun import KEY_ID, SECRET, FakeAliyun


@pytest.fixture
def provider(settings):
    with FakeAliyun() as fake:
        settings.SMS_BACKEND = "community_portal.sms.AliyunSmsBackend"
        settings.ALIYUN_SMS_ENDPOINT = fake.url
        settings.ALIYUN_SMS_ACCESS_KEY_ID = KEY_ID
        settings.ALIYUN_SMS_ACCESS_KEY_SECRET = SECRET
        settings.ALIYUN_SMS_SIGN_NAME = "文明实践"
        settings.ALIYUN_SMS_TEMPLATES = {"notice": "SMS_1", "code": "SMS_2"}
        settings.ALIYUN_SMS_TIMEOUT = 2
        yield fake


def test_percent_encoding_follows_the_rpc_rules():
    assert percent_encode("a b*~+/") == "a%20b%2A~%2B%2F"
    assert percent_encode("中") == "%E4%B8%AD"


def test_signature_is_hmac_sha1_of_the_sorted_query():
    # The same recipe, written independently, in the fake provider.
    from tests.notices.fake_aliyun import expected_signature

    params = {"b": "2 2", "a": "中文", "Action": "SendSms"}
    assert aliyun_signature(params=params, secret=SECRET, method="POST") == (
        expected_signature(params)
    )


def test_a_signed_request_is_accepted(provider):
    AliyunSmsBackend().send(phone="13800001234", text="【文明实践】活动改期")

    (request,) = provider.requests
    assert request["PhoneNumbers"] == "13800001234"
    assert request["SignName"] == "文明实践"
    assert request["TemplateCode"] == "SMS_1"
    # The sign is the provider's to add, not repeated in the text.
    assert json.loads(request["TemplateParam"]) == {"text": "活动改期"}
    assert request["Timestamp"].endswith("Z")


def test_a_code_goes_with_its_own_template(provider):
    AliyunSmsBackend().send(
        phone="13800001234", text="验证码", template="code", params={"code": "123456"}
    )

    (request,) = provider.requests
    assert request["TemplateCode"] == "SMS_2"
    assert json.loads(request["TemplateParam"]) == {"code": "123456"}


def test_a_wrong_secret_is_refused_by_the_provider(provider, settings):
    settings.ALIYUN_SMS_ACCESS_KEY_SECRET = "wrong"

    with pytest.raises(SmsRetryLater, match="SignatureDoesNotMatch"):
        AliyunSmsBackend().send(phone="13800001234", text="x")


def test_flow_control_means_later(provider):
    provider.answer_code = "isv.BUSINESS_LIMIT_CONTROL"

    with pytest.raises(SmsRetryLater):
        AliyunSmsBackend().send(phone="13800001234", text="x")


def test_an_invalid_number_is_permanent(provider):
    provider.answer_code = "isv.MOBILE_NUMBER_ILLEGAL"

    with pytest.raises(SmsPermanentError):
        AliyunSmsBackend().send(phone="13800001234", text="x")


def test_a_provider_that_is_down(provider):
    provider.down = True

    with pytest.raises(SmsProviderDown):
        AliyunSmsBackend().send(phone="13800001234", text="x")


def test_a_provider_that_never_answers_times_out(settings):
    settings.SMS_BACKEND = "community_portal.sms.AliyunSmsBackend"
    settings.ALIYUN_SMS_TEMPLATES = {"notice": "SMS_1"}
    settings.ALIYUN_SMS_TIMEOUT = 0.3
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)  # accepts the connection, never answers
        settings.ALIYUN_SMS_ENDPOINT = f"http://127.0.0.1:{silent.getsockname()[1]}/"

        with pytest.raises(SmsProviderDown):
            AliyunSmsBackend().send(phone="13800001234", text="x")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "status", "attempts_left"),
    [
        ("OK", OutboxMessage.Status.SENT, False),
        ("isv.BUSINESS_LIMIT_CONTROL", OutboxMessage.Status.PENDING, True),
        ("isv.MOBILE_NUMBER_ILLEGAL", OutboxMessage.Status.FAILED, False),
    ],
    ids=["ok", "limit-retries", "invalid-number-gives-up"],
)
def test_the_outbox_retries_or_gives_up_by_the_code(
    provider, django_capture_on_commit_callbacks, code, status, attempts_left
):
    provider.answer_code = code
    user = UserFactory(phone="13800001234", email="")
    with django_capture_on_commit_callbacks():  # queued tasks not run here
        notice = notice_send(recipient=user, kind="other", key="k1", title="活动改期")
    message = notice.messages.get()

    message_deliver(message_id=message.pk)

    message.refresh_from_db()
    assert message.status == status
    assert (message.status == OutboxMessage.Status.PENDING) is attempts_left
    assert len(provider.requests) == 1
