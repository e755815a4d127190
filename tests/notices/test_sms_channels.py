"""Each person chooses the channels beside the portal; SMS texts fit one message."""

import pytest

from community_portal.notices.models import OutboxMessage
from community_portal.notices.services import notice_send
from community_portal.sms import SMS_LENGTH
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("choices", "channels"),
    [
        ({}, {"email", "sms"}),
        ({"notify_email": False}, {"sms"}),
        ({"notify_sms": False}, {"email"}),
        ({"notify_email": False, "notify_sms": False}, set()),
    ],
    ids=["both", "no-email", "no-sms", "portal-only"],
)
def test_notice_send_follows_the_persons_choice(
    django_capture_on_commit_callbacks, choices, channels
):
    user = UserFactory(email="a@example.org", phone="13800001234", **choices)

    with django_capture_on_commit_callbacks():
        notice = notice_send(recipient=user, kind="other", key="k", title="活动改期")

    assert set(notice.messages.values_list("channel", flat=True)) == channels
    # With no channel, the portal's list is the delivery.
    notice.refresh_from_db()
    assert (notice.delivered_at is not None) is (not channels)


def test_an_sms_is_never_longer_than_one_message(
    django_capture_on_commit_callbacks, settings
):
    settings.SMS_SIGN_NAME = "新时代文明实践中心"
    user = UserFactory(email="", phone="13800001234")

    with django_capture_on_commit_callbacks():
        notice_send(recipient=user, kind="other", key="k", title="很长的标题" * 30)

    sms = OutboxMessage.objects.get(channel=OutboxMessage.Channel.SMS)
    assert len(sms.body) <= SMS_LENGTH
    assert sms.body.startswith("【新时代文明实践中心】")
