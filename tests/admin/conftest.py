"""Fixtures of the admin tests."""

import pytest


@pytest.fixture(autouse=True)
def _uploads_in_their_own_folder(media_root):
    """Every test of this package stores its uploads in a folder of its own."""


@pytest.fixture(params=["anonymous", "resident", "team_leader", "grid_worker"])
def outsider(request, client):
    if request.param != "anonymous":
        client.force_login(request.getfixturevalue(request.param))
    return client


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client
