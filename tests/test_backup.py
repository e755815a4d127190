"""Backup and restore: a populated portal survives the round trip, row for row and byte
for byte; a hostile archive is refused. Runs on SQLite and on PostgreSQL."""

import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from PIL import Image

from activities.models import Activity, Campaign
from community_portal import backup
from community_portal.accounts.models import User
from community_portal.accounts.roles import sync_role_permissions
from community_portal.permissions import Role
from grids.models import Building, Grid
from tests.conftest import requires_postgres
from venues.models import Space, SpacePhoto, Venue

from .factories import (
    ActivityFactory,
    AllianceFactory,
    BuildingFactory,
    GridContentFactory,
    GridFactory,
    MerchantFactory,
    SpaceFactory,
    TeamFactory,
    UserFactory,
    VenueFactory,
)


@pytest.fixture
def media_root(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def backup_dir(tmp_path) -> Path:
    return tmp_path / "backups"


@pytest.fixture
def schema_guard(transactional_db):
    """Tests here drop every table; if one fails half-way, rebuild the schema so the
    rest of the suite (and the flush after this test) still finds its tables."""
    yield
    if "django_migrations" not in connection.introspection.table_names():
        call_command("migrate", verbosity=0)


def _photo(colour: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, format="PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")


def _populate() -> None:
    # A transactional test's flush also removes what migrations seeded: seed it again.
    sync_role_permissions()
    for position, (slug, name) in enumerate(
        [("civilization", "文明创建"), ("safety", "平安建设")], start=1
    ):
        Campaign.objects.get_or_create(
            slug=slug, defaults={"name": name, "position": position}
        )
    UserFactory(
        username="staff",
        name="王主任",
        phone="13800000001",
        is_staff=True,
        roles=[Role.STAFF],
    )
    leader = UserFactory(username="leader", name="李队长", roles=[Role.TEAM_LEADER])
    worker = UserFactory(
        username="gridworker1", name="赵网格", roles=[Role.GRID_WORKER]
    )
    venue = VenueFactory(
        name='"悦立方"文化家园', slug="yue-cube", cover=_photo("red"), position=1
    )
    space = SpaceFactory(venue=venue, name="悦健室", purpose="社区乒乓球室")
    SpacePhoto.objects.create(space=space, image=_photo("blue"), caption="乒乓球室")
    grid = GridFactory(number=1, theme="悦廉")
    grid.workers.add(worker)
    for number in (1, 2, 3):
        BuildingFactory(number=number, grid=grid)
    GridContentFactory(grid=grid, title="家风家训")
    alliance = AllianceFactory(name="攸品邻里中心", slug="youpin")
    MerchantFactory(alliance=alliance, name="诚信小吃店")
    team = TeamFactory(name="悦公益", slug="yue-gongyi", leader=leader)
    activity = ActivityFactory(
        title="重阳节敬老活动", venue=venue, space=space, team=team, grid=grid
    )
    activity.campaigns.add(*Campaign.objects.all()[:2])


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if not model._meta.proxy
    }


def _media_bytes(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file()
    }


def _only_archive(folder: Path) -> Path:
    archives = list(folder.glob("portal-*.tar.gz"))
    assert len(archives) == 1, archives
    return archives[0]


def test_round_trip_brings_back_every_row_and_file(
    schema_guard, media_root, backup_dir
):
    _populate()
    rows_before = _row_counts()
    media_before = _media_bytes(media_root)
    venue_before = Venue.objects.get(slug="yue-cube")
    activity_before = Activity.objects.get(title="重阳节敬老活动")
    # Two pictures, each stored with its thumbnail.
    assert len(media_before) == 4
    assert venue_before.cover.name in media_before

    call_command("backup", output_dir=backup_dir, stdout=io.StringIO())
    archive = _only_archive(backup_dir)
    assert archive.stat().st_mode & 0o777 == 0o600  # personal data inside

    # Empty the portal: no table left, no media left.
    backup.database_wipe()
    assert connection.introspection.table_names() == []
    shutil.rmtree(media_root)

    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)
    assert "Restored the backup" in out.getvalue()

    assert _row_counts() == rows_before
    assert _media_bytes(media_root) == media_before

    venue = Venue.objects.get(slug="yue-cube")
    assert venue.pk == venue_before.pk
    assert venue.name == '"悦立方"文化家园'
    assert venue.cover.name == venue_before.cover.name
    assert venue.cover.read() == media_before[venue_before.cover.name]
    assert venue.created_at == venue_before.created_at
    assert Space.objects.get(name="悦健室").venue_id == venue.pk
    assert SpacePhoto.objects.get().caption == "乒乓球室"

    grid = Grid.objects.get(number=1)
    assert grid.theme == "悦廉"
    assert list(grid.workers.values_list("username", flat=True)) == ["gridworker1"]
    assert sorted(
        Building.objects.filter(grid=grid).values_list("number", flat=True)
    ) == [
        1,
        2,
        3,
    ]

    activity = Activity.objects.get(title="重阳节敬老活动")
    assert activity.starts_at == activity_before.starts_at
    assert (activity.venue_id, activity.space_id, activity.grid_id) == (
        activity_before.venue_id,
        activity_before.space_id,
        activity_before.grid_id,
    )
    assert activity.campaigns.count() == 2

    staff = User.objects.get(username="staff")
    assert (staff.name, staff.phone) == ("王主任", "13800000001")
    assert staff.groups.filter(name=Role.STAFF).exists()
    assert staff.check_password("pass-word-123")

    # Sequences came back too: new rows do not collide with restored ones.
    assert VenueFactory().pk > venue.pk


def test_manifest_describes_the_backup(schema_guard, media_root, backup_dir):
    _populate()
    call_command("backup", output_dir=backup_dir, stdout=io.StringIO())
    with tarfile.open(_only_archive(backup_dir)) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))

    assert manifest["database_vendor"] == connection.vendor
    assert manifest["created_at"]
    assert ["accounts", "0001_user"] in manifest["migrations"]
    archived = [n for n in names if n.startswith(("media/", "private_media/"))]
    assert manifest["file_count"] == len(archived)
    # At least the venue's cover and the space's photo, each with its thumbnail.
    assert len([name for name in names if name.startswith("media/")]) >= 4
    assert manifest["database_file"] in names
    assert manifest["row_counts"][Venue._meta.db_table] == 1


def test_restore_into_a_freshly_migrated_database(schema_guard, media_root, backup_dir):
    _populate()
    rows_before = _row_counts()
    call_command("backup", output_dir=backup_dir, stdout=io.StringIO())

    # `migrate` seeds reference lists (role groups, campaign tags): still "empty".
    backup.database_wipe()
    call_command("migrate", verbosity=0)
    assert not User.objects.exists() and Campaign.objects.exists()

    call_command("restore", str(_only_archive(backup_dir)), stdout=io.StringIO())
    assert _row_counts() == rows_before


@requires_postgres
def test_restore_brings_back_the_deletion_guards(schema_guard, media_root, backup_dir):
    # migrate made the guards' function and triggers; the dump holds them too, so
    # the restore replaces them (no "already exists") and they guard again after.
    _populate()
    call_command("backup", output_dir=backup_dir, stdout=io.StringIO())
    backup.database_wipe()
    call_command("migrate", verbosity=0)

    call_command("restore", str(_only_archive(backup_dir)), stdout=io.StringIO())

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgrelid::regclass::text FROM pg_trigger "
            "WHERE tgname LIKE %s AND tgenabled = 'O'",
            ["%_forbid_delete"],
        )
        guarded = {table for (table,) in cursor.fetchall()}
    assert {"volunteers_pointsentry", "venues_matterevent"} <= guarded


def test_restore_refuses_a_database_with_data(schema_guard, media_root, backup_dir):
    _populate()
    call_command("backup", output_dir=backup_dir, stdout=io.StringIO())
    VenueFactory(name="新阵地")

    with pytest.raises(CommandError, match="already holds portal data.*--force"):
        call_command("restore", str(_only_archive(backup_dir)), stdout=io.StringIO())

    assert Venue.objects.filter(name="新阵地").exists()


def test_forced_restore_replaces_data_and_media(schema_guard, media_root, backup_dir):
    _populate()
    rows_before = _row_counts()
    media_before = _media_bytes(media_root)
    call_command("backup", output_dir=backup_dir, stdout=io.StringIO())
    VenueFactory(name="新阵地", cover=_photo("green"))
    (media_root / "stray.txt").write_text("not in the backup")

    call_command(
        "restore", str(_only_archive(backup_dir)), force=True, stdout=io.StringIO()
    )

    assert not Venue.objects.filter(name="新阵地").exists()
    assert _row_counts() == rows_before
    assert _media_bytes(media_root) == media_before


def _hostile_archive(path: Path, member: tarfile.TarInfo, data: bytes = b"") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    manifest = json.dumps({"format": backup.FORMAT_VERSION}).encode()
    with tarfile.open(path, "w:gz") as tar:
        info = tarfile.TarInfo("manifest.json")
        info.size = len(manifest)
        tar.addfile(info, io.BytesIO(manifest))
        member.size = len(data) if member.isfile() else 0
        tar.addfile(member, io.BytesIO(data) if member.isfile() else None)
    return path


def _member(
    name: str, kind: bytes = tarfile.REGTYPE, target: str = ""
) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = target
    return info


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("member", "message"),
    [
        (_member("../evil"), "Unsafe path"),
        (_member("media/../../evil"), "Unsafe path"),
        (_member("/evil"), "Unsafe path"),
        (_member("media/link", tarfile.SYMTYPE, "/etc/passwd"), "Links"),
        (_member("media/hard", tarfile.LNKTYPE, "../../evil"), "Links"),
        (_member("evil.sh"), "Unexpected member"),
    ],
    ids=["dotdot", "nested-dotdot", "absolute", "symlink", "hardlink", "unexpected"],
)
def test_hostile_archive_is_refused(tmp_path, media_root, member, message):
    archive = _hostile_archive(tmp_path / "work" / "evil.tar.gz", member, b"pwned")
    venues_before = Venue.objects.count()

    with pytest.raises(CommandError, match=message):
        call_command("restore", str(archive), stdout=io.StringIO())

    assert not (tmp_path / "evil").exists()
    assert not (tmp_path / "work" / "evil").exists()
    assert not media_root.exists() or not any(media_root.iterdir())
    assert Venue.objects.count() == venues_before


@pytest.mark.django_db
def test_archive_without_manifest_is_refused(tmp_path):
    path = tmp_path / "other.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        info = tarfile.TarInfo("database.sqlite3")
        tar.addfile(info, io.BytesIO(b""))

    with pytest.raises(CommandError, match="not a portal backup"):
        call_command("restore", str(path), stdout=io.StringIO())
