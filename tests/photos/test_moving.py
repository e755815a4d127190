"""Photos stored before private storage existed move out of MEDIA_ROOT (the data
migrations, safe to run twice); a private folder inside MEDIA_ROOT is refused."""

import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from community_portal.images import thumbnail_name
from community_portal.private_media import check_private_media_apart
from grids.models import VisitLogPhoto
from tests.factories import BuildingFactory
from tests.factories import jpeg_upload as jpeg
from tests.grids.factories import VisitLogFactory

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("grids.migrations.0008_i15p_move_private_photos")


def test_old_public_files_move_to_private_storage_once(
    media_root, private_media_root, grid_worker
):
    log = VisitLogFactory(
        building=BuildingFactory(grid=grid_worker.worker_grids.get()),
        author=grid_worker,
    )
    photo = VisitLogPhoto.objects.create(log=log, image=jpeg())
    name = photo.image.name
    names = (name, thumbnail_name(name))
    # As it was before: the files under MEDIA_ROOT, none in the private folder.
    for stored in names:
        content = storages["private"].open(stored).read()
        storages["private"].delete(stored)
        storages["default"].save(stored, ContentFile(content))
        assert (Path(media_root) / stored).is_file()

    for _run in range(2):
        MIGRATION.to_private(apps, None)
        for stored in names:
            assert (Path(private_media_root) / stored).is_file()
            assert not (Path(media_root) / stored).exists()

    MIGRATION.to_public(apps, None)
    assert all((Path(media_root) / stored).is_file() for stored in names)
    MIGRATION.to_private(apps, None)
    assert all((Path(private_media_root) / stored).is_file() for stored in names)


def test_a_private_folder_inside_media_root_is_an_error(settings, media_root):
    assert check_private_media_apart() == []
    settings.PRIVATE_MEDIA_ROOT = Path(media_root) / "private"
    [error] = check_private_media_apart()
    assert error.id == "portal.E020"
