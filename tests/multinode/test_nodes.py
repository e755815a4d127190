"""Three gunicorn nodes behind nginx share one portal: sessions, rate limits, login
throttling, media, the page cache and the scheduled jobs hold across them.

Requests go through nginx (``client.get(path)``), or straight to one node
(``node=0..2``) with the forwarded headers nginx would add, to show that what one node
did, another knows. See ``topology.py`` for how the topology is started.
"""

import concurrent.futures
import io
import re
import subprocess
import sys
import uuid
from urllib.parse import urlsplit

import psycopg2
import pytest
import requests
from PIL import Image

from .client import Client
from .topology import BUCKET, NODE_PORTS, PGBOUNCER_PORT, ROOT

pytestmark = pytest.mark.multinode

TOO_OFTEN = "您操作得太频繁了"


def _login(client: Client, username: str, password: str, *, node=None):
    return client.post_form(
        "/accounts/login/",
        {"username": username, "password": password},
        node=node,
    )


def test_nginx_spreads_requests_over_the_three_healthy_nodes(topology):
    upstreams = set()
    for _ in range(len(NODE_PORTS) * 2):
        response = Client(topology).get("/healthz")
        assert response.status_code == 200, response.text
        assert response.text == "ok\n"  # database, cache and S3 storage answer
        upstreams.add(response.headers["X-Upstream"])
    assert upstreams == {f"127.0.0.1:{port}" for port in NODE_PORTS}
    # The balancer polls a node directly, over plain HTTP: no redirect to HTTPS.
    for index in range(len(NODE_PORTS)):
        response = requests.get(
            topology.node_url(index, "/healthz"),
            headers={"Host": "127.0.0.1"},
            allow_redirects=False,
            timeout=30,
        )
        assert response.status_code == 200, response.text


def test_database_connections_go_through_pgbouncer_in_transaction_mode(topology):
    user = topology.server.username or "postgres"
    connection = psycopg2.connect(
        host="127.0.0.1", port=PGBOUNCER_PORT, user=user, dbname="pgbouncer"
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SHOW CONFIG")
        config = {row[0]: row[1] for row in cursor.fetchall()}
        cursor.execute("SHOW STATS")
        columns = [column.name for column in cursor.description]
        stats = {row[0]: dict(zip(columns, row, strict=True)) for row in cursor}
    connection.close()
    assert config["pool_mode"] == "transaction"
    assert stats[topology.database]["total_xact_count"] > 0


def test_a_session_made_on_one_node_works_on_every_node(topology):
    client = Client(topology)
    response = _login(client, "mn-resident", topology.seed["password"])
    assert response.status_code == 302, response.text
    made_on = response.headers["X-Upstream"]
    assert "sessionid" in client.cookies
    for index in range(len(NODE_PORTS)):
        page = client.get("/me/", node=index)
        assert page.status_code == 200, (index, page.status_code)
        assert "钱居民" in page.text
    # Without the cookie, no node knows the resident.
    anonymous = Client(topology).get("/me/", node=1)
    assert anonymous.status_code == 302
    assert made_on  # nginx named the node that made the session


def test_rate_limits_count_across_nodes(topology):
    """signup=3/h (the nodes' RATE_LIMITS): one sign-up on each node uses it up."""
    client = Client(topology, address="198.51.100.7")

    def sign_up(node: int):
        client.cookies.clear()
        name = f"mn{uuid.uuid4().hex[:8]}"
        return client.post_form(
            "/accounts/signup/",
            {
                "name": "李居民",
                "username": name,
                "phone": "13900001111",
                "password1": "Neighbour-2026-pass",
                "password2": "Neighbour-2026-pass",
            },
            node=node,
        )

    for index in range(len(NODE_PORTS)):
        response = sign_up(index)
        assert response.status_code == 302, (index, response.text[-2000:])
    refused = sign_up(0)
    assert refused.status_code == 200
    assert TOO_OFTEN in refused.text
    # Another address still signs up: the count is per client, not per node.
    other = Client(topology, address="198.51.100.99")
    other_name = f"mn{uuid.uuid4().hex[:8]}"
    response = other.post_form(
        "/accounts/signup/",
        {
            "name": "周居民",
            "username": other_name,
            "phone": "13900002222",
            "password1": "Neighbour-2026-pass",
            "password2": "Neighbour-2026-pass",
        },
        node=1,
    )
    assert response.status_code == 302


def test_login_throttling_holds_across_nodes(topology):
    attacker = Client(topology, address="198.51.100.8")
    for attempt in range(5):
        response = _login(attacker, "mn-locked", "wrong-password", node=attempt % 3)
        assert response.status_code in (200, 429), response.status_code
    for index in range(len(NODE_PORTS)):
        attacker.cookies.clear()
        locked = _login(attacker, "mn-locked", topology.seed["password"], node=index)
        assert locked.status_code == 429, (index, locked.status_code)
        assert "Retry-After" in locked.headers
    # The resident, from their own address (through nginx), is not locked out.
    resident = Client(topology)
    response = _login(resident, "mn-locked", topology.seed["password"])
    assert response.status_code == 302


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (200, 80, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


def _fetch(client: Client, url: str) -> requests.Response:
    """A page's photo link: a portal address (fetched with the session; a private
    photo on object storage answers with a short-lived signed URL, followed without
    it) or the store's own public URL."""
    if url.startswith("/"):
        response = client.get(url)
        if response.status_code == 302:
            return requests.get(response.headers["Location"], timeout=30)
        return response
    return requests.get(url, timeout=30)


def test_a_photo_uploaded_through_one_node_is_served_through_another(topology):
    worker = Client(topology)
    assert (
        _login(worker, "mn-worker", topology.seed["password"], node=0).status_code
        == 302
    )
    page = worker.get("/grids/work/visits/new/", node=0)
    assert page.status_code == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    key = re.search(r'name="submission_key" value="([^"]+)"', page.text).group(1)
    response = worker.request(
        "POST",
        "/grids/work/visits/new/",
        node=0,
        data={
            "csrfmiddlewaretoken": token,
            "submission_key": key,
            "building": topology.seed["building"],
            "visited_on": "2026-12-01",
            "unit": "1-101",
            "topic": topology.seed["topic"],
            "notes": "多节点走访记录",
        },
        files={"photos": ("IMG_4821.jpg", _jpeg(), "image/jpeg")},
    )
    assert response.status_code == 302, response.text[-3000:]
    detail_path = urlsplit(response.headers["Location"]).path

    detail = worker.get(detail_path, node=1)
    assert detail.status_code == 200
    strip = detail.text[detail.text.index('class="photo-strip"') :]
    full_url = re.search(r'<a href="([^"]+)"', strip).group(1).replace("&amp;", "&")
    thumb_url = re.search(r'<img src="([^"]+)"', strip).group(1).replace("&amp;", "&")

    # In the shared bucket, not on any node's disk.
    s3 = topology.s3()
    keys = [item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET)["Contents"]]
    stored = [key for key in keys if key.endswith(".jpg")]
    assert len(stored) >= 2, keys  # the photo and its thumbnail
    for url in (full_url, thumb_url):
        served = _fetch(worker, url)
        assert served.status_code == 200, (url, served.status_code)
        assert served.content[:3] == b"\xff\xd8\xff"
        matching = [
            key
            for key in stored
            if s3.get_object(Bucket=BUCKET, Key=key)["Body"].read() == served.content
        ]
        assert matching, url
        # Public media are public-read objects; private files (under private/) not.
        grants = s3.get_object_acl(Bucket=BUCKET, Key=matching[0])["Grants"]
        public = any(
            grant["Grantee"].get("URI", "").endswith("/global/AllUsers")
            for grant in grants
        )
        assert public is not matching[0].startswith("private/"), (matching[0], grants)
    assert not any((topology.work / "no-local-media").rglob("*.jpg"))

    # The entry (and with it the photo's address) only for those who may see it.
    anonymous = Client(topology).get(detail_path, node=2)
    assert anonymous.status_code == 302
    resident = Client(topology)
    assert (
        _login(resident, "mn-resident", topology.seed["password"], node=2).status_code
        == 302
    )
    assert resident.get(detail_path, node=2).status_code in (403, 404)


def test_the_page_cache_is_shared(topology):
    path = f"/grids/{topology.seed['grid']}/"
    first = Client(topology).get(path, node=0)
    assert first.status_code == 200
    assert "多节点网格的标语" in first.text
    # The edit is saved as the admin saves it, by a process of node 0: the grid
    # page's own rows are cached under a version in the shared cache, which the
    # save changes for every node.
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from grids.models import Grid; "
            f"grid = Grid.objects.get(number={topology.seed['grid']}); "
            "grid.slogan = '改过的标语'; grid.save()",
        ],
        cwd=ROOT,
        env=topology.environment(NODE="0"),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    # Anonymous visitors on the other nodes get the page node 0 rendered.
    for index in (1, 2):
        cached = Client(topology).get(path, node=index)
        assert cached.status_code == 200
        assert "多节点网格的标语" in cached.text, index
    # A signed-in resident always gets a fresh page.
    resident = Client(topology)
    assert _login(resident, "mn-resident", topology.seed["password"]).status_code == 302
    fresh = resident.get(path, node=1)
    assert "改过的标语" in fresh.text


def test_a_scheduled_job_started_on_every_node_runs_once(topology):
    def start(index: int) -> str:
        result = subprocess.run(
            [
                sys.executable,
                "manage.py",
                "run_once",
                "--period",
                "1d",
                "send_reminders",
            ],
            cwd=ROOT,
            env=topology.environment(NODE=str(index)),
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        return result.stdout

    with concurrent.futures.ThreadPoolExecutor(len(NODE_PORTS)) as pool:
        outputs = list(pool.map(start, range(len(NODE_PORTS))))
    ran = [output for output in outputs if "Reminders queued" in output]
    skipped = [output for output in outputs if "skipped" in output]
    assert len(ran) == 1, outputs
    assert len(skipped) == len(NODE_PORTS) - 1, outputs
    # The claim stays for the rest of the day, whichever node starts the job next.
    assert topology.redis().keys("*run-once:send_reminders:86400:*")
