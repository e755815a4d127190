"""Each person chooses in the profile which channels carry their notices."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_channel_is_on_by_default():
    user = UserFactory()

    assert (user.notify_email, user.notify_sms, user.notify_push) == (True,) * 3


def test_the_profile_switches_channels_off_and_on(client, resident):
    client.force_login(resident)
    data = {"name": resident.name, "phone": "13911112222", "email": ""}

    response = client.post(reverse("accounts:profile"), {**data, "notify_email": "on"})

    assert response.status_code == 302
    resident.refresh_from_db()
    assert (resident.notify_email, resident.notify_sms, resident.notify_push) == (
        True,
        False,
        False,
    )
    page = client.get(reverse("accounts:profile")).content.decode()
    assert 'name="notify_sms"' in page and 'name="notify_push"' in page


def test_a_foreign_number_in_the_profile_is_refused_clearly(client, resident):
    client.force_login(resident)

    response = client.post(
        reverse("accounts:profile"),
        {"name": resident.name, "phone": "+44 7700 900123", "email": ""},
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "中国大陆手机号" in content
    assert 'value="+44 7700 900123"' in content
