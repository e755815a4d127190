"""Fixtures of the activities tests."""

import pytest

from volunteers.models import Team


@pytest.fixture(autouse=True)
def _uploads_in_their_own_folder(media_root):
    """Every test of this package stores its uploads in a folder of its own."""


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def leader_team(team_leader) -> Team:
    return Team.objects.get(leader=team_leader)
