"""Fixtures of the activities tests."""

import pytest

from volunteers.models import Team


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def leader_team(team_leader) -> Team:
    return Team.objects.get(leader=team_leader)
