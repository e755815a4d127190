"""The multinode topology, started once for the tests of ``test_nodes.py``.

It needs nginx, pgBouncer (Debian's packages), moto's server (requirements-dev.txt),
PostgreSQL (``DATABASE_URL=postgres://…``; the test makes its own database there)
and Redis; without one of them the tests skip, and under ``CI=true`` they fail. They
bind fixed ports, so they run in one process: under pytest-xdist they skip, and
``.ci/run`` runs them in a step of their own (``-m multinode -n 0``).
"""

import os

import pytest

from .topology import Topology, missing_tools


@pytest.fixture(scope="session")
def topology():
    if os.environ.get("PYTEST_XDIST_WORKER"):
        pytest.skip("the multinode topology binds fixed ports: run it with -n 0")
    missing = missing_tools()
    if missing:
        message = "the multinode topology needs " + ", ".join(missing)
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    topology = Topology()
    try:
        topology.start()
    except Exception as error:
        logs = topology.logs()
        topology.stop()
        stderr = getattr(error, "stderr", "") or ""
        raise RuntimeError(f"{error}\n{stderr}\n{logs}") from error
    yield topology
    topology.stop()
