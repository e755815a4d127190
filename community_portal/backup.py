"""Backup and restore of the whole portal: the database and the uploaded media.

One archive (``portal-YYYYMMDD-HHMMSS.tar.gz``) holds:

* ``manifest.json`` — when, which database vendor, the applied migrations, the row count
  of every table and the number of media files;
* ``database.sqlite3`` (SQLite, a copy made with the ``sqlite3`` backup API) or
  ``database.pgdump`` (PostgreSQL, ``pg_dump`` custom format);
* ``media/…`` — every file under ``MEDIA_ROOT``;
* ``private_media/…`` — every file under ``PRIVATE_MEDIA_ROOT`` (the private photos).

The archive holds residents' personal data (names, phones): it is written readable by its
owner only. Restoring goes into an empty database only, unless the caller forces it, and
reads the archive defensively (no absolute paths, no ``..``, no links, ``filter="data"``).
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import django
from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from community_portal.models import TimeStampedModel

FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
MEDIA_PREFIX = "media"
PRIVATE_MEDIA_PREFIX = "private_media"
DATABASE_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass(frozen=True)
class RestoreResult:
    manifest: dict
    media_files: int
    # Migrations present in the code but not in the backup: ``migrate`` should follow.
    unapplied_migrations: list[str]


# --------------------------------------------------------------------------- backup


def backup_create(*, output_dir: Path, using: str = "default") -> Path:
    """Write one archive of the database and the media into ``output_dir``; return it."""
    connection = connections[using]
    vendor = connection.vendor
    if vendor not in DATABASE_NAMES:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="portal-backup-") as work:
        database_file = Path(work) / DATABASE_NAMES[vendor]
        if vendor == "sqlite":
            snapshot = _sqlite_dump(connection=connection, target=database_file)
        else:
            snapshot = _postgresql_dump(using=using, target=database_file)
        media_files = _media_files(settings.MEDIA_ROOT)
        private_files = _media_files(settings.PRIVATE_MEDIA_ROOT)
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "django_version": django.get_version(),
            "database_vendor": vendor,
            "database_file": database_file.name,
            "migrations": snapshot["migrations"],
            "row_counts": snapshot["row_counts"],
            "file_count": len(media_files) + len(private_files),
        }
        manifest_file = Path(work) / MANIFEST_NAME
        manifest_file.write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        return _write_archive(
            output_dir=output_dir,
            members=[
                (manifest_file, MANIFEST_NAME),
                (database_file, database_file.name),
                *[
                    (path, f"{MEDIA_PREFIX}/{relative}")
                    for path, relative in media_files
                ],
                *[
                    (path, f"{PRIVATE_MEDIA_PREFIX}/{relative}")
                    for path, relative in private_files
                ],
            ],
        )


def _sqlite_dump(*, connection: BaseDatabaseWrapper, target: Path) -> dict:
    # The live connection, so an in-memory database (tests) is copied as well.
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
        destination.commit()
        # Counted in the copy itself, so the manifest describes exactly what is stored.
        row_counts = {
            table: destination.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]  # noqa: S608
            for (table,) in destination.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        }
        migrations = _applied_migrations(cursor=destination.cursor(), tables=row_counts)
    finally:
        destination.close()
    return {"row_counts": row_counts, "migrations": migrations}


def _postgresql_dump(*, using: str, target: Path) -> dict:
    pg_dump = _tool("pg_dump")
    # A connection of our own, in one REPEATABLE READ transaction whose snapshot pg_dump
    # shares: the row counts and migrations in the manifest match the dump exactly,
    # even while residents keep using the site.
    connection = connections.create_connection(using)
    try:
        connection.set_autocommit(False)
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot_id,) = cursor.fetchone()
            row_counts = _row_counts(connection=connection, cursor=cursor)
            migrations = _applied_migrations(cursor=cursor, tables=row_counts)
        _run(
            [
                pg_dump,
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot_id}",
                f"--file={target}",
            ],
            env=_libpq_env(connection.settings_dict),
            what="pg_dump",
        )
        connection.rollback()
    finally:
        connection.close()
    return {"row_counts": row_counts, "migrations": migrations}


def _media_files(root) -> list[tuple[Path, str]]:
    root = Path(root)
    if not root.is_dir():
        return []
    files = []
    for path in sorted(root.rglob("*")):
        # Regular files only: a link could point anywhere on the server.
        if path.is_file() and not path.is_symlink():
            files.append((path, path.relative_to(root).as_posix()))
    return files


def _write_archive(*, output_dir: Path, members: list[tuple[Path, str]]) -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    archive = output_dir / f"portal-{stamp}.tar.gz"
    counter = 1
    while archive.exists():
        counter += 1
        archive = output_dir / f"portal-{stamp}-{counter}.tar.gz"
    # Written under a temporary name and renamed at the end: a half-written archive is
    # never mistaken for a backup.
    descriptor, partial = tempfile.mkstemp(
        dir=output_dir, prefix=".portal-", suffix=".partial"
    )
    os.close(descriptor)
    try:
        os.chmod(partial, 0o600)
        with tarfile.open(partial, "w:gz") as tar:
            for path, arcname in members:
                tar.add(path, arcname=arcname, recursive=False, filter=_plain_member)
        os.replace(partial, archive)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return archive


def _plain_member(member: tarfile.TarInfo) -> tarfile.TarInfo:
    member.uid = member.gid = 0
    member.uname = member.gname = ""
    member.mode = 0o600 if member.isfile() else 0o700
    return member


# -------------------------------------------------------------------------- restore


def backup_restore(
    *, archive: Path, force: bool = False, using: str = "default"
) -> RestoreResult:
    """Bring the database and the media of ``archive`` back.

    The target database must be empty (no tables, or only what ``migrate`` puts in a new
    database) unless ``force`` is given; then everything in it is replaced.
    """
    connection = connections[using]
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"No archive at {archive}.")

    with tempfile.TemporaryDirectory(prefix="portal-restore-") as work:
        work_dir = Path(work)
        manifest = _extract(archive=archive, target=work_dir)
        vendor = manifest.get("database_vendor")
        if vendor != connection.vendor:
            raise BackupError(
                f"The archive holds a {vendor} database but the portal is configured "
                f"for {connection.vendor}. Restore it into a {vendor} database."
            )
        database_file = work_dir / manifest["database_file"]
        if database_file.name != DATABASE_NAMES[vendor] or not database_file.is_file():
            raise BackupError("The archive has no database file.")

        if not force:
            _check_empty(connection=connection)
        if vendor == "sqlite":
            _sqlite_load(connection=connection, source=database_file)
        else:
            _postgresql_load(connection=connection, source=database_file)

        _check_row_counts(connection=connection, expected=manifest["row_counts"])
        media_files = _media_restore(
            source=work_dir / MEDIA_PREFIX, root=settings.MEDIA_ROOT, force=force
        ) + _media_restore(
            source=work_dir / PRIVATE_MEDIA_PREFIX,
            root=settings.PRIVATE_MEDIA_ROOT,
            force=force,
        )

    return RestoreResult(
        manifest=manifest,
        media_files=media_files,
        unapplied_migrations=_unapplied_migrations(manifest["migrations"]),
    )


def _extract(*, archive: Path, target: Path) -> dict:
    """Check every member of ``archive``, unpack it into ``target``, return the manifest."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            members = tar.getmembers()
            for member in members:
                check_member(member)
            names = {member.name for member in members}
            if MANIFEST_NAME not in names:
                raise BackupError(
                    f"{archive.name} is not a portal backup (no {MANIFEST_NAME})."
                )
            tar.extractall(target, members=members, filter="data")
    except (tarfile.TarError, EOFError, OSError) as error:
        raise BackupError(f"Cannot read {archive.name}: {error}") from error
    try:
        manifest = json.loads((target / MANIFEST_NAME).read_text(encoding="utf-8"))
    except ValueError as error:
        raise BackupError(f"The manifest of {archive.name} is broken.") from error
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(
            f"Unknown backup format {manifest.get('format')!r}; "
            f"this portal reads format {FORMAT_VERSION}."
        )
    return manifest


def check_member(member: tarfile.TarInfo) -> None:
    """Refuse anything a portal backup never contains: the archive may be hostile."""
    name = member.name
    path = PurePosixPath(name)
    if (
        not name
        or path.is_absolute()
        or name.startswith(("/", "\\"))
        or "\\" in name
        or ".." in path.parts
        or (path.parts and ":" in path.parts[0])
    ):
        raise BackupError(f"Unsafe path in the archive, refused: {name!r}")
    if not (member.isfile() or member.isdir()):
        raise BackupError(f"Links and special files are refused: {name!r}")
    top = path.parts[0]
    if top not in {
        MANIFEST_NAME,
        MEDIA_PREFIX,
        PRIVATE_MEDIA_PREFIX,
        *DATABASE_NAMES.values(),
    }:
        raise BackupError(f"Unexpected member in the archive, refused: {name!r}")


def _check_empty(*, connection: BaseDatabaseWrapper) -> None:
    """Refuse to overwrite a database that holds portal data.

    A freshly migrated database is fine: migrations only seed reference lists (role
    groups, campaign tags). Data means user accounts or anything people created, which
    lives in the timestamped models.
    """
    from django.apps import apps

    tables = set(connection.introspection.table_names())
    if not tables:
        return
    models = [apps.get_model(settings.AUTH_USER_MODEL)] + [
        model
        for model in apps.get_models()
        if issubclass(model, TimeStampedModel) and not model._meta.proxy
    ]
    holding = sorted(
        model._meta.label
        for model in models
        if model._meta.db_table in tables
        and model._default_manager.using(connection.alias).exists()
    )
    if holding:
        raise BackupError(
            "The target database already holds portal data ("
            + ", ".join(holding)
            + "). Restore into an empty database: create a new one (PostgreSQL: "
            "createdb portal_restored, then point DATABASE_URL at it; SQLite: point "
            "DATABASE_URL at a file that does not exist yet) and run restore again. "
            "To replace everything in this database instead, add --force."
        )


def _sqlite_load(*, connection: BaseDatabaseWrapper, source: Path) -> None:
    connection.ensure_connection()
    if connection.in_atomic_block:
        raise BackupError("Cannot restore inside a transaction.")
    source_connection = sqlite3.connect(source)
    try:
        # The backup API replaces every page of the target: schema and rows both.
        source_connection.backup(connection.connection)
    finally:
        source_connection.close()


def _postgresql_load(*, connection: BaseDatabaseWrapper, source: Path) -> None:
    pg_restore = _tool("pg_restore")
    if connection.in_atomic_block:
        raise BackupError("Cannot restore inside a transaction.")
    # Whatever is there (a migrated but empty schema, or forced data) goes first, so the
    # dump recreates every table exactly as it was.
    database_wipe(using=connection.alias)
    connection.close()
    _run(
        [
            pg_restore,
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={connection.settings_dict['NAME']}",
            str(source),
        ],
        env=_libpq_env(connection.settings_dict),
        what="pg_restore",
    )


# The functions migrations made in the portal's schema (the deletion guards' trigger
# function, community_portal/dbguards.py): the dump brings them back, so they go too.
# Functions of extensions are the extension's, and stay.
_SCHEMA_FUNCTIONS = """
    SELECT p.oid::regprocedure::text
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = current_schema() AND p.prokind = 'f'
      AND NOT EXISTS (
        SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e'
      )
"""


def database_wipe(*, using: str = "default") -> None:
    """Drop every table of the database, and on PostgreSQL the functions migrations
    made (used before a restore, which brings them all back)."""
    connection = connections[using]
    tables = connection.introspection.table_names()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            if tables:
                cursor.execute(
                    "DROP TABLE IF EXISTS "
                    + ", ".join(quote(table) for table in tables)
                    + " CASCADE"
                )
            cursor.execute(_SCHEMA_FUNCTIONS)
            for (function,) in cursor.fetchall():
                cursor.execute(f"DROP FUNCTION IF EXISTS {function} CASCADE")
            return
        cursor.execute("PRAGMA foreign_keys = OFF")
        try:
            for table in tables:
                cursor.execute(f"DROP TABLE IF EXISTS {quote(table)}")
        finally:
            cursor.execute("PRAGMA foreign_keys = ON")


def _check_row_counts(*, connection: BaseDatabaseWrapper, expected: dict) -> None:
    with connection.cursor() as cursor:
        found = _row_counts(connection=connection, cursor=cursor)
    if found != expected:
        differences = sorted(
            f"{table}: {expected.get(table)} expected, {found.get(table)} found"
            for table in set(expected) | set(found)
            if expected.get(table) != found.get(table)
        )
        raise BackupError(
            "The restored database does not match the backup: " + "; ".join(differences)
        )


def _media_restore(*, source: Path, root, force: bool) -> int:
    root = Path(root)
    if force and root.is_dir():
        # A forced restore replaces the media as it replaces the database.
        for child in root.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
    root.mkdir(parents=True, exist_ok=True)
    if not source.is_dir():
        return 0
    count = 0
    for path in sorted(source.rglob("*")):
        if path.is_file():
            destination = root / path.relative_to(source)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, destination)
            count += 1
    return count


def _unapplied_migrations(applied: list[list[str]]) -> list[str]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = {tuple(item) for item in applied}
    return sorted(
        f"{app}.{name}"
        for app, name in loader.disk_migrations
        if (app, name) not in known
    )


# -------------------------------------------------------------------------- helpers


def _row_counts(*, connection: BaseDatabaseWrapper, cursor) -> dict[str, int]:
    quote = connection.ops.quote_name
    counts = {}
    for table in sorted(connection.introspection.table_names(cursor)):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608
        counts[table] = cursor.fetchone()[0]
    return counts


def _applied_migrations(*, cursor, tables: dict) -> list[list[str]]:
    if "django_migrations" not in tables:
        return []
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
    return [[app, name] for app, name in cursor.fetchall()]


def _libpq_env(settings_dict: dict) -> dict[str, str]:
    """Connection parameters for the pg tools, passed in the environment.

    Never on the command line: other users of the server can read a process's
    arguments, not its environment.
    """
    env = dict(os.environ)
    options = settings_dict.get("OPTIONS") or {}
    for key, variable in [
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ]:
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    for key, variable in [
        ("sslmode", "PGSSLMODE"),
        ("sslrootcert", "PGSSLROOTCERT"),
        ("sslcert", "PGSSLCERT"),
        ("sslkey", "PGSSLKEY"),
        ("passfile", "PGPASSFILE"),
        ("service", "PGSERVICE"),
    ]:
        if options.get(key):
            env[variable] = str(options[key])
    return env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(
            f"{name} is not installed. Install the PostgreSQL client tools "
            f"(Debian: apt-get install postgresql-client) in the server's major version."
        )
    return path


def _run(command: list[str], *, env: dict[str, str], what: str) -> None:
    completed = subprocess.run(  # noqa: S603 - fixed tool, no shell
        command, env=env, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise BackupError(f"{what} failed: {completed.stderr.strip()}")
