"""Backups hold the private photos (``private_media/…``) and bring them back where
they belong, never under MEDIA_ROOT."""

import shutil
import tarfile
from pathlib import Path

import pytest

from community_portal import backup
from community_portal.images import thumbnail_name
from grids.models import VisitLogPhoto
from tests.factories import BuildingFactory
from tests.factories import jpeg_upload as jpeg
from tests.grids.factories import VisitLogFactory

pytestmark = pytest.mark.django_db


def _no_database_dump(*, target, **kwargs) -> dict:
    # The database half has its own tests (tests/test_backup.py); here only the files.
    Path(target).write_bytes(b"")
    return {"row_counts": {}, "migrations": []}


def test_private_photos_are_backed_up_and_restored_apart(
    monkeypatch, tmp_path, media_root, private_media_root, grid_worker
):
    monkeypatch.setattr(backup, "_sqlite_dump", _no_database_dump)
    monkeypatch.setattr(backup, "_postgresql_dump", _no_database_dump)
    log = VisitLogFactory(
        building=BuildingFactory(grid=grid_worker.worker_grids.get()),
        author=grid_worker,
    )
    photo = VisitLogPhoto.objects.create(log=log, image=jpeg())
    names = [photo.image.name, thumbnail_name(photo.image.name)]
    before = {name: (Path(private_media_root) / name).read_bytes() for name in names}

    archive = backup.backup_create(output_dir=tmp_path / "backups")
    with tarfile.open(archive) as tar:
        members = tar.getnames()
    assert {f"private_media/{name}" for name in names} <= set(members)
    assert not any(member.startswith("media/") for member in members)

    shutil.rmtree(private_media_root)
    work = tmp_path / "work"
    backup._extract(archive=archive, target=work)
    restored = backup._media_restore(
        source=work / backup.PRIVATE_MEDIA_PREFIX, root=private_media_root, force=False
    )
    assert restored == 2
    assert {name: (Path(private_media_root) / name).read_bytes() for name in names} == (
        before
    )
    assert not Path(media_root).exists() or not any(Path(media_root).rglob("*.jpg"))
