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


@pytest.mark.django_db
def test_healthz_answers_503_when_the_cache_does_not_answer(client):
    from django.core.cache import cache

    with mock.patch.object(cache, "get", return_value=None):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert b"cache" in response.content


@pytest.mark.django_db
def test_healthz_probes_at_the_same_time_do_not_read_each_others_value(client):
    """Two probes at once (a load balancer's and a monitor's, or two nodes on one
    Redis): the second writes between the first's write and read. Each must read
    its own value back, so both answer 200 on a healthy cache."""
    from django.core.cache import cache

    real_set = cache.set
    second_probe = []

    def set_then_interleave(key, value, *args, **kwargs):
        real_set(key, value, *args, **kwargs)
        if not second_probe:  # only the first probe is interrupted
            second_probe.append(None)
            second_probe[0] = client.get("/healthz")

    with mock.patch.object(cache, "set", side_effect=set_then_interleave):
        first_probe = client.get("/healthz")

    assert second_probe[0].status_code == 200
    assert first_probe.status_code == 200


@pytest.mark.django_db
def test_healthz_answers_503_when_the_storage_does_not_answer(client):
    from django.core.files.storage import default_storage

    with mock.patch.object(
        default_storage, "exists", side_effect=OSError("bucket unreachable")
    ) as exists:
        response = client.get("/healthz")

    assert exists.called
    assert response.status_code == 503
    assert b"storage" in response.content


@pytest.mark.django_db
def test_healthz_answers_plain_http_without_a_redirect_in_production(client, settings):
    """The load balancer polls over plain HTTP; every other page goes to HTTPS."""
    # The production module's own exemption, not a copy of it.
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = production_redirect_exempt()

    assert client.get("/healthz").status_code == 200
    assert client.get("/accounts/login/").status_code == 301


def production_redirect_exempt():
    import ast
    from pathlib import Path

    source = (
        Path(__file__).resolve().parents[1] / "community_portal/settings/production.py"
    ).read_text(encoding="utf-8")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign) and any(
            getattr(target, "id", "") == "SECURE_REDIRECT_EXEMPT"
            for target in node.targets
        ):
            return ast.literal_eval(node.value)
    raise AssertionError("production sets no SECURE_REDIRECT_EXEMPT")
