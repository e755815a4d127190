import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


PASSWORD = "pass-word-123"  # noqa: S105 - the factories' password


def log_in(client, username, password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_the_mobile_number_logs_in_like_the_username(client):
    user = UserFactory(username="zhangxm", phone="13912345678")
    assert log_in(client, "13912345678").status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_wrong_password_or_a_shared_number_logs_nobody_in(client):
    UserFactory(phone="13912345678")
    assert log_in(client, "13912345678", "wrong-password").status_code == 200
    UserFactory(phone="13912345678")  # a family sharing one phone
    assert log_in(client, "13912345678").status_code == 200
    assert "_auth_user_id" not in client.session
