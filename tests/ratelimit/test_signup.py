"""Sign-up is limited per address; mistakes and the page itself are not counted."""

import pytest
from django.test import override_settings
from django.urls import reverse

from community_portal.accounts.models import User
from community_portal.ratelimit import (
    rate_limit_message,
)
from tests.ratelimit.support import (
    HOME_ADDRESS,
    OTHER_ADDRESS,
    PASSWORD,
)

# ---- sign-up -------------------------------------------------------------------------


def signup_data(number: int) -> dict:
    return {
        "name": f"王芳{number}",
        "username": f"wangfang{number}",
        "phone": f"1390000{number:04d}",
        "birth_year": "1956",
        "building": "",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }


def sign_up(client, number: int, address: str = HOME_ADDRESS):
    response = client.post(
        reverse("accounts:signup"), signup_data(number), REMOTE_ADDR=address
    )
    client.logout()  # a logged-in visitor is sent to /me/ before any counting
    return response


@pytest.mark.django_db
@override_settings(RATE_LIMITS={"signup": "5/h"})
def test_the_sixth_signup_from_one_address_is_refused_and_keeps_the_input(
    client, clock
):
    for number in range(1, 6):
        assert sign_up(client, number).status_code == 302

    response = sign_up(client, 6)

    assert response.status_code == 200
    content = response.content.decode()
    assert rate_limit_message(key="signup") in content
    assert "50" in rate_limit_message(key="signup")
    assert 'value="wangfang6"' in content  # what was typed is still in the form
    assert 'value="王芳6"' in content
    assert not User.objects.filter(username="wangfang6").exists()
    assert User.objects.count() == 5


@pytest.mark.django_db
@override_settings(RATE_LIMITS={"signup": "2/h"})
def test_signup_limits_are_per_address_and_reset(client, clock):
    assert sign_up(client, 1).status_code == 302
    assert sign_up(client, 2).status_code == 302
    assert sign_up(client, 3).status_code == 200

    assert sign_up(client, 3, address=OTHER_ADDRESS).status_code == 302

    clock.advance(3600)
    assert sign_up(client, 4).status_code == 302
    assert User.objects.count() == 4


@pytest.mark.django_db
@override_settings(RATE_LIMITS={"signup": "1/h"})
def test_a_signup_with_mistakes_is_not_counted(client, clock):
    wrong = {**signup_data(1), "password2": "something-else"}
    for _ in range(3):
        response = client.post(reverse("accounts:signup"), wrong)
        assert response.status_code == 200
        assert rate_limit_message(key="signup") not in response.content.decode()

    assert sign_up(client, 1, address="127.0.0.1").status_code == 302


@pytest.mark.django_db
@override_settings(RATE_LIMITS={"signup": "1/h"})
def test_the_signup_page_is_never_limited(client, clock):
    sign_up(client, 1)
    assert sign_up(client, 2).status_code == 200  # over the limit

    for _ in range(5):
        response = client.get(reverse("accounts:signup"), REMOTE_ADDR=HOME_ADDRESS)
        assert response.status_code == 200
        assert rate_limit_message(key="signup") not in response.content.decode()


@pytest.mark.django_db
@override_settings(RATE_LIMITS={"signup": "1/h"})
def test_signup_is_not_limited_when_the_limits_are_off(client, settings, clock):
    settings.RATE_LIMITS_ENABLED = False

    for number in range(1, 4):
        assert sign_up(client, number).status_code == 302
    assert User.objects.count() == 3
