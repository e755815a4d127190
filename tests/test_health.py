"""The health check that load balancers and uptime monitors poll."""

from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.urls import reverse


def test_healthz_lives_at_a_fixed_unprefixed_url():
    assert reverse("healthz") == "/healthz"


@pytest.mark.django_db
def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.strip() == b"ok"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_needs_no_login_and_no_language_prefix(client):
    response = client.get("/healthz", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert "Location" not in response


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_does_not_answer(client):
    refused = OperationalError("connection to server at 127.0.0.1 refused")
    with mock.patch.object(connection, "cursor", side_effect=refused) as cursor:
        response = client.get("/healthz")

    assert cursor.called
    assert response.status_code == 503
    assert len(response.content) < 100
    assert b"database" in response.content
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_refuses_writes(client):
    assert client.post("/healthz").status_code == 405
