"""Fixtures of the grid-work page tests: a grid worker's building in grid 1, another
grid's building, and clients logged in as the grid worker and as staff."""

import pytest

from tests.factories import BuildingFactory, GridFactory


@pytest.fixture
def building(grid_worker):
    return BuildingFactory(number=3, grid=GridFactory(number=1))


@pytest.fixture
def other_building(db):
    return BuildingFactory(number=8, grid=GridFactory(number=2))


@pytest.fixture
def worker_client(client, grid_worker):
    client.force_login(grid_worker)
    return client


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client
