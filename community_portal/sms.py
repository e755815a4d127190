"""Sending text messages, chosen by the ``SMS_BACKEND`` setting (a dotted path), as
``django.core.mail`` is for e-mail: the notices' outbox and the accounts' password
codes both send through it.

A backend has one method, ``send(*, phone, text, template="notice", params=None)``.
It raises ``SmsPermanentError`` when the message can never go (an invalid number: do
not retry) and any other exception when it may go later (the outbox retries).

- ``ConsoleSmsBackend`` (development) prints the text;
- ``LocmemSmsBackend`` (tests) keeps ``(phone, text)`` in ``sent`` and fails while
  ``broken`` is true;
- ``AliyunSmsBackend`` (production) calls Aliyun's Dysmsapi ``SendSms``; see
  docs/sms.md for the signature and the settings.
"""

import base64
import datetime
import hashlib
import hmac
import json
import logging
import re
import sys
import uuid
from urllib.parse import quote

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from .http import HttpError, http_post_form

logger = logging.getLogger(__name__)

# One SMS holds 70 Chinese characters (the provider's sign included).
SMS_LENGTH = 70
# A 【sign】 at the start of a text: Aliyun adds the sign itself.
SIGN_PREFIX = re.compile(r"^【[^】]*】")


class SmsError(Exception):
    """The message was not sent; it may go later."""


class SmsProviderDown(SmsError, ConnectionError):
    pass


class SmsRetryLater(SmsError):
    """The provider refused for now (flow control, balance): retry later."""


class SmsPermanentError(SmsError):
    """The message can never be sent (an invalid number): give it up."""


class BaseSmsBackend:
    def send(
        self,
        *,
        phone: str,
        text: str,
        template: str = "notice",
        params: dict[str, str] | None = None,
        key: str = "",
    ) -> None:  # pragma: no cover
        """``key``: the message's idempotency key, the same on every retry."""
        raise NotImplementedError


class ConsoleSmsBackend(BaseSmsBackend):
    def send(self, *, phone, text, template="notice", params=None, key="") -> None:
        sys.stdout.write(f"SMS to {phone}: {text}\n")
        sys.stdout.flush()


class LocmemSmsBackend(BaseSmsBackend):
    """The tests' provider. Like a provider with idempotent sends, it accepts a
    repeated ``key`` without sending it again."""

    sent: list[tuple[str, str]] = []
    keys: set[str] = set()
    broken = False

    def send(self, *, phone, text, template="notice", params=None, key="") -> None:
        if type(self).broken:
            raise SmsProviderDown("The SMS provider is down.")
        if key and key in type(self).keys:
            return
        if key:
            type(self).keys.add(key)
        type(self).sent.append((phone, text))


# --- Aliyun Dysmsapi ---------------------------------------------------------------

# Codes after which the same message may succeed later (flow control per number and
# per day, the account's balance, the provider's own trouble).
ALIYUN_RETRY_CODES = frozenset(
    {
        "isv.BUSINESS_LIMIT_CONTROL",
        "isv.DAY_LIMIT_CONTROL",
        "isv.AMOUNT_NOT_ENOUGH",
        "isv.OUT_OF_SERVICE",
        "SignatureNonceUsed",
        "Throttling.User",
        "ServiceUnavailable",
        "InternalError",
    }
)
# Codes that say this message to this number can never go.
ALIYUN_PERMANENT_CODES = frozenset(
    {
        "isv.MOBILE_NUMBER_ILLEGAL",
        "isv.MOBILE_COUNT_OVER_LIMIT",
        "isv.BLACK_KEY_CONTROL_LIMIT",
        "isv.PARAM_LENGTH_LIMIT",
    }
)


def percent_encode(value: str) -> str:
    """RFC 3986 encoding as Aliyun's RPC signature wants it: A–Z a–z 0–9 - _ . ~
    kept, everything else %XY of its UTF-8 bytes (a space is %20, never +)."""
    return quote(str(value), safe="-_.~")


def aliyun_signature(*, params: dict[str, str], secret: str, method: str) -> str:
    """``Base64(HMAC-SHA1(secret + "&", METHOD&%2F&encode(sorted query)))``."""
    canonical = "&".join(
        f"{percent_encode(key)}={percent_encode(params[key])}" for key in sorted(params)
    )
    string_to_sign = f"{method}&{percent_encode('/')}&{percent_encode(canonical)}"
    digest = hmac.new(
        f"{secret}&".encode(), string_to_sign.encode(), hashlib.sha1
    ).digest()
    return base64.b64encode(digest).decode()


class AliyunSmsBackend(BaseSmsBackend):
    """Aliyun SMS (Dysmsapi 2017-05-25, ``SendSms``), RPC style, signed requests.

    Each kind of text is an approved template: ``ALIYUN_SMS_TEMPLATES`` maps
    ``notice`` (parameter ``text``) and ``code`` (parameter ``code``) to the template
    codes; ``ALIYUN_SMS_SIGN_NAME`` is the approved sign."""

    def __init__(self):
        self.endpoint = settings.ALIYUN_SMS_ENDPOINT
        self.key_id = settings.ALIYUN_SMS_ACCESS_KEY_ID
        self.secret = settings.ALIYUN_SMS_ACCESS_KEY_SECRET
        self.sign_name = settings.ALIYUN_SMS_SIGN_NAME
        self.templates = settings.ALIYUN_SMS_TEMPLATES
        self.timeout = settings.ALIYUN_SMS_TIMEOUT

    def request_params(
        self, *, phone, text, template, params, key=""
    ) -> dict[str, str]:
        if params is None:
            params = {"text": SIGN_PREFIX.sub("", text)}
        query = {
            "AccessKeyId": self.key_id,
            "Action": "SendSms",
            "Format": "JSON",
            "PhoneNumbers": phone,
            "RegionId": "cn-hangzhou",
            "SignName": self.sign_name,
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": uuid.uuid4().hex,
            "SignatureVersion": "1.0",
            "TemplateCode": self.templates[template],
            "TemplateParam": json.dumps(params, ensure_ascii=False),
            "Timestamp": timezone.now()
            .astimezone(datetime.UTC)
            .strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Version": "2017-05-25",
        }
        if key:
            # The outbox's key rides along as the external id (OutId), so that the
            # delivery receipts show a message that a dead worker sent twice.
            query["OutId"] = hashlib.sha256(key.encode()).hexdigest()[:32]
        query["Signature"] = aliyun_signature(
            params=query, secret=self.secret, method="POST"
        )
        return query

    def send(self, *, phone, text, template="notice", params=None, key="") -> None:
        query = self.request_params(
            phone=phone, text=text, template=template, params=params, key=key
        )
        try:
            body = http_post_form(self.endpoint, data=query, timeout=self.timeout)
        except HttpError as error:
            raise SmsProviderDown(str(error)) from error
        try:
            answer = json.loads(body)
            code = str(answer.get("Code", ""))
        except (ValueError, AttributeError) as error:
            raise SmsRetryLater(f"Unreadable answer: {body[:100]!r}") from error
        if code == "OK":
            return
        message = f"{code}: {answer.get('Message', '')}"
        if code in ALIYUN_PERMANENT_CODES:
            raise SmsPermanentError(message)
        if code not in ALIYUN_RETRY_CODES:
            # A template or sign not approved, a wrong key: the staff must fix the
            # settings; meanwhile the outbox keeps retrying, nothing is lost.
            logger.error("Aliyun SMS refused a message: %s", message)
        raise SmsRetryLater(message)


def get_sms_backend() -> BaseSmsBackend:
    path = getattr(settings, "SMS_BACKEND", "community_portal.sms.ConsoleSmsBackend")
    return import_string(path)()
