"""Three portal nodes behind nginx, on one machine, the way docs/deployment.md lays
them out on several: PostgreSQL behind pgBouncer (transaction pooling), Redis as the
shared cache, an S3-compatible store (moto's server mode) for the media, gunicorn on
three ports and nginx (TLS, round-robin) in front.

Everything runs as child processes with its configuration in one temporary folder;
``Topology.stop()`` ends exactly those processes. Ports and services come from the
environment (``MULTINODE_*``), with the defaults below.
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
NGINX = os.environ.get("MULTINODE_NGINX", "/usr/sbin/nginx")
PGBOUNCER = os.environ.get("MULTINODE_PGBOUNCER", "/usr/sbin/pgbouncer")
NODE_PORTS = [
    int(port)
    for port in os.environ.get("MULTINODE_NODE_PORTS", "8103,8104,8105").split(",")
]
NGINX_PORT = int(os.environ.get("MULTINODE_NGINX_PORT", "8110"))
PGBOUNCER_PORT = int(os.environ.get("MULTINODE_PGBOUNCER_PORT", "6433"))
S3_PORT = int(os.environ.get("MULTINODE_S3_PORT", "5010"))
# A Redis database of the test's own: it is emptied at the start.
REDIS_URL = os.environ.get("MULTINODE_REDIS_URL", "redis://127.0.0.1:6379/3")
BUCKET = "portal-multinode"
HOST = f"127.0.0.1:{NGINX_PORT}"
ORIGIN = f"https://{HOST}"


def server_url() -> str | None:
    """The PostgreSQL server to use: MULTINODE_DATABASE_URL, else DATABASE_URL when
    it is PostgreSQL (its database name is replaced by the test's own)."""
    url = os.environ.get("MULTINODE_DATABASE_URL") or os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def missing_tools() -> list[str]:
    missing = [
        tool
        for tool in (NGINX, PGBOUNCER, str(VENV_BIN / "moto_server"))
        if not os.access(tool, os.X_OK)
    ]
    if server_url() is None:
        missing.append("PostgreSQL (DATABASE_URL=postgres://…)")
    if not _answers(*_redis_address()):
        missing.append(f"Redis ({REDIS_URL})")
    return missing


def _redis_address() -> tuple[str, int]:
    parts = urlsplit(REDIS_URL)
    return parts.hostname or "127.0.0.1", parts.port or 6379


def _answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def _wait_for(what: str, check, *, timeout: float = 60, process=None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        if check():
            return
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not come up within {timeout:.0f}s")


@dataclass
class Topology:
    work: Path = field(
        default_factory=lambda: Path(tempfile.mkdtemp(prefix="portal-multinode-"))
    )
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    database: str = f"portal_multinode_{os.getpid()}"
    secret: str = field(default_factory=lambda: secrets.token_urlsafe(64))
    seed: dict = field(default_factory=dict)

    # --- addresses ----------------------------------------------------------------

    @property
    def server(self):
        return urlsplit(server_url())

    def direct_database_url(self) -> str:
        """PostgreSQL itself (the release step connects here, not to pgBouncer)."""
        parts = self.server
        return urlunsplit(parts._replace(path=f"/{self.database}"))

    def pooled_database_url(self) -> str:
        parts = self.server
        auth = parts.username or "postgres"
        return f"postgres://{auth}@127.0.0.1:{PGBOUNCER_PORT}/{self.database}"

    def node_url(self, index: int, path: str = "/") -> str:
        return f"http://127.0.0.1:{NODE_PORTS[index]}{path}"

    def url(self, path: str = "/") -> str:
        return f"{ORIGIN}{path}"

    @property
    def certificate(self) -> str:
        return str(self.work / "tls.crt")

    def environment(self, **extra) -> dict[str, str]:
        """A node's environment: production settings, nothing from the caller's shell
        but PATH, HOME and the locale."""
        keep = {
            name: os.environ[name]
            for name in ("PATH", "HOME", "LANG")
            if name in os.environ
        }
        return {
            **keep,
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "community_portal.settings.production",
            "SECRET_KEY": self.secret,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "CSRF_TRUSTED_ORIGINS": ORIGIN,
            "DATABASE_URL": self.pooled_database_url(),
            "DATABASE_POOLER": "pgbouncer",
            "CACHE_URL": REDIS_URL,
            "AXES_TRUSTED_PROXY_COUNT": "1",
            "TRUSTED_PROXY_ADDRESSES": "127.0.0.1",
            "S3_BUCKET": BUCKET,
            "S3_ENDPOINT_URL": f"http://127.0.0.1:{S3_PORT}",
            "S3_ACCESS_KEY_ID": "multinode",
            "S3_SECRET_ACCESS_KEY": "multinode-secret",
            "S3_REGION": "us-east-1",
            "S3_ADDRESSING_STYLE": "path",
            "STATIC_ROOT": str(self.work / "static"),
            "MEDIA_ROOT": str(self.work / "no-local-media"),
            "PAGE_CACHE_SECONDS": "300",
            "RATE_LIMITS": "signup=3/h",
            "LOG_LEVEL": "WARNING",
            **extra,
        }

    def s3(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=f"http://127.0.0.1:{S3_PORT}",
            aws_access_key_id="multinode",
            aws_secret_access_key="multinode-secret",
            region_name="us-east-1",
        )

    def redis(self):
        import redis

        return redis.Redis.from_url(REDIS_URL)

    # --- processes ----------------------------------------------------------------

    def _spawn(self, name: str, command: list[str], **kwargs) -> subprocess.Popen:
        log = open(self.work / f"{name}.log", "wb")  # noqa: SIM115 — lives with the child
        process = subprocess.Popen(
            command,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            **kwargs,
        )
        self.processes[name] = process
        return process

    def start(self) -> None:
        self.work.chmod(0o755)
        self._create_database()
        self._start_s3()
        self._start_pgbouncer()
        self.redis().flushdb()
        self._tls_certificate()
        # Each node's build (its static files; here one folder serves all three),
        # beside the release step: the migrations, once, straight on PostgreSQL,
        # before any node starts (docs/deployment.md).
        collect = self._spawn(
            "collectstatic",
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=self.environment(),
        )
        subprocess.run(
            ["make", "-s", "release", f"PYTHON={sys.executable}"],
            cwd=ROOT,
            env={
                **self.environment(),
                "DATABASE_URL": self.direct_database_url(),
                "DATABASE_POOLER": "",
            },
            check=True,
            capture_output=True,
            timeout=300,
        )
        if collect.wait(timeout=120) != 0:
            raise RuntimeError("collectstatic failed")
        for index, port in enumerate(NODE_PORTS):
            self._spawn(
                f"node{index + 1}",
                [
                    str(VENV_BIN / "gunicorn"),
                    "community_portal.wsgi",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "1",
                    "--threads",
                    "2",
                    "--timeout",
                    "60",
                    # gunicorn 27's control socket is one path per user
                    # (~/.gunicorn): three nodes on one machine would share it.
                    "--no-control-socket",
                ],
                cwd=ROOT,
                env=self.environment(),
            )
        self._start_nginx()
        # The minimal data, through pgBouncer, while the nodes boot.
        seeded = subprocess.run(
            [sys.executable, str(Path(__file__).with_name("seed.py"))],
            cwd=ROOT,
            env=self.environment(),
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        self.seed = json.loads(seeded.stdout.strip().splitlines()[-1])
        for index, port in enumerate(NODE_PORTS):
            _wait_for(
                f"node {index + 1} (port {port})",
                lambda port=port: _answers("127.0.0.1", port),
                process=self.processes[f"node{index + 1}"],
            )
        _wait_for("nginx", lambda: _answers("127.0.0.1", NGINX_PORT))

    def _create_database(self) -> None:
        import psycopg2

        parts = self.server
        connection = psycopg2.connect(
            host=parts.hostname,
            port=parts.port or 5432,
            user=parts.username,
            password=parts.password or None,
            dbname="postgres",
        )
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{self.database}"')
            cursor.execute(f'CREATE DATABASE "{self.database}"')
        connection.close()

    def _drop_database(self) -> None:
        import psycopg2

        parts = self.server
        connection = psycopg2.connect(
            host=parts.hostname,
            port=parts.port or 5432,
            user=parts.username,
            password=parts.password or None,
            dbname="postgres",
        )
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        connection.close()

    def _start_s3(self) -> None:
        process = self._spawn(
            "moto",
            [str(VENV_BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(S3_PORT)],
        )
        _wait_for(
            "moto_server", lambda: _answers("127.0.0.1", S3_PORT), process=process
        )
        self.s3().create_bucket(Bucket=BUCKET)

    def _start_pgbouncer(self) -> None:
        parts = self.server
        user = parts.username or "postgres"
        password = f" password={parts.password}" if parts.password else ""
        folder = self.work / "pgbouncer"
        folder.mkdir()
        (folder / "users.txt").write_text(f'"{user}" ""\n')
        (folder / "pgbouncer.ini").write_text(
            PGBOUNCER_INI.format(
                database=self.database,
                host=parts.hostname,
                port=parts.port or 5432,
                user=user,
                password=password,
                listen_port=PGBOUNCER_PORT,
                users=folder / "users.txt",
            )
        )
        command = [PGBOUNCER]
        if os.geteuid() == 0:
            # pgBouncer refuses to run as root; it drops to another user itself.
            runner = "postgres" if _user_exists("postgres") else "nobody"
            shutil.chown(folder, user=runner)
            for path in folder.iterdir():
                shutil.chown(path, user=runner)
            command += ["-u", runner]
        process = self._spawn("pgbouncer", [*command, str(folder / "pgbouncer.ini")])
        _wait_for(
            "pgbouncer", lambda: _answers("127.0.0.1", PGBOUNCER_PORT), process=process
        )

    def _tls_certificate(self) -> None:
        subprocess.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1",
                "-keyout",
                str(self.work / "tls.key"),
                "-out",
                self.certificate,
            ],
            check=True,
            capture_output=True,
        )

    def _start_nginx(self) -> None:
        folder = self.work / "nginx"
        folder.mkdir()
        folder.chmod(0o777)
        user = "user nobody nogroup;" if os.geteuid() == 0 else ""
        (folder / "nginx.conf").write_text(
            NGINX_CONF.format(
                user=user,
                folder=folder,
                work=self.work,
                listen_port=NGINX_PORT,
                upstreams="\n".join(
                    f"        server 127.0.0.1:{port};" for port in NODE_PORTS
                ),
            )
        )
        self._spawn(
            "nginx",
            [
                NGINX,
                "-p",
                str(folder),
                "-c",
                str(folder / "nginx.conf"),
                "-e",
                str(folder / "error.log"),
            ],
        )

    def stop(self) -> None:
        for name, process in reversed(self.processes.items()):
            if process.poll() is None:
                # gunicorn: SIGINT is its quick shutdown (SIGTERM waits for workers).
                quick = signal.SIGINT if name.startswith("node") else signal.SIGTERM
                try:
                    os.killpg(process.pid, quick)
                except ProcessLookupError:
                    continue
        deadline = time.monotonic() + 5
        for process in self.processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        try:
            self._drop_database()
        finally:
            shutil.rmtree(self.work, ignore_errors=True)

    def logs(self) -> str:
        return "\n".join(
            f"--- {path.name} ---\n{path.read_text(errors='replace')[-3000:]}"
            for path in sorted(self.work.glob("*.log"))
        )


def _user_exists(name: str) -> bool:
    import pwd

    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


PGBOUNCER_INI = """\
[databases]
{database} = host={host} port={port} dbname={database} user={user}{password}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {listen_port}
unix_socket_dir =
auth_type = trust
auth_file = {users}
; Transaction pooling: a server connection per transaction, not per client.
pool_mode = transaction
default_pool_size = 10
max_client_conn = 200
; SHOW CONFIG and SHOW STATS on the console (the test reads them).
stats_users = {user}
"""

NGINX_CONF = """\
{user}
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
daemon off;

events {{
    worker_connections 256;
}}

http {{
    access_log off;
    client_body_temp_path {folder}/client_body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;

    upstream portal {{
{upstreams}
    }}

    server {{
        listen 127.0.0.1:{listen_port} ssl;
        ssl_certificate {work}/tls.crt;
        ssl_certificate_key {work}/tls.key;
        client_max_body_size 25m;

        location / {{
            proxy_pass http://portal;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            # Which node answered (for the test: round-robin is really in use).
            add_header X-Upstream $upstream_addr always;
        }}
    }}
}}
"""
