"""The SMS backends live in the kernel (``community_portal.sms``), where the
accounts' password codes can reach them too; this module keeps the old dotted
paths (``community_portal.notices.sms.LocmemSmsBackend``) working."""

from community_portal.sms import (  # noqa: F401 - re-exported
    AliyunSmsBackend,
    BaseSmsBackend,
    ConsoleSmsBackend,
    LocmemSmsBackend,
    SmsError,
    SmsPermanentError,
    SmsProviderDown,
    SmsRetryLater,
    get_sms_backend,
)
