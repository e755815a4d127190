"""Password-reset mails: limited per address and per account, without telling anyone
whether an address has an account."""

import pytest
from django.core import mail

from tests.factories import UserFactory
from tests.ratelimit.support import HOME_ADDRESS, OTHER_ADDRESS

RESET_URL = "/accounts/password_reset/"

pytestmark = pytest.mark.django_db


def ask(client, email: str, address: str = HOME_ADDRESS):
    return client.post(RESET_URL, {"email": email}, REMOTE_ADDR=address)


def test_one_account_gets_at_most_three_mails_an_hour_from_any_address(
    client, settings, clock
):
    settings.RATE_LIMITS = {"password_reset": "100/h", "password_reset_account": "3/h"}
    UserFactory(username="resident", email="zhang@example.org")

    addresses = [f"10.0.0.{number}" for number in range(1, 7)]
    responses = [ask(client, "Zhang@example.org", address) for address in addresses]

    # Every answer is the same "sent" page, so nothing tells the asker it stopped.
    assert [response.status_code for response in responses] == [302] * 6
    assert {response.url for response in responses} == {
        "/accounts/password_reset/done/"
    }
    assert len(mail.outbox) == 3
    # Another account is not affected.
    UserFactory(username="neighbour", email="li@example.org")
    ask(client, "li@example.org", OTHER_ADDRESS)
    assert len(mail.outbox) == 4
    # The next hour, the resident can ask again.
    clock.advance(3600)
    ask(client, "zhang@example.org")
    assert len(mail.outbox) == 5


def test_one_address_asking_for_many_accounts_is_stopped(client, settings, clock):
    settings.RATE_LIMITS = {"password_reset": "5/h", "password_reset_account": "3/h"}
    for number in range(8):
        UserFactory(username=f"user{number}", email=f"user{number}@example.org")

    statuses = [
        ask(client, f"user{number}@example.org").status_code for number in range(8)
    ]

    assert statuses == [302] * 5 + [200] * 3
    assert len(mail.outbox) == 5
    response = ask(client, "user7@example.org")
    assert response.context["form"].non_field_errors()
    # From elsewhere the same account can still be helped.
    assert ask(client, "user7@example.org", OTHER_ADDRESS).status_code == 302
    assert len(mail.outbox) == 6
