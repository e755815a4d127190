"""The one photo model and the one validate-and-attach helper."""

import os

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile

from community_portal import images
from community_portal.errors import ServiceError
from community_portal.images import MAX_PHOTOS_PER_ENTRY, thumbnail_name
from community_portal.models import OrderedPhoto
from community_portal.photos import (
    BAD_PHOTO,
    TOO_MANY_PHOTOS,
    photos_attach,
    photos_check,
)
from tests.factories import SpaceFactory
from tests.factories import jpeg_upload as jpeg

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def space_photo_model():
    return apps.get_model("venues", "SpacePhoto")


def test_every_photo_model_of_every_app_is_an_ordered_photo():
    photo_models = [
        model for model in apps.get_models() if model.__name__.endswith("Photo")
    ]
    assert len(photo_models) >= 6
    for model in photo_models:
        assert issubclass(model, OrderedPhoto), model
        assert model.OWNER_FIELD, model
        owner = model._meta.get_field(model.OWNER_FIELD)
        assert owner.is_relation, model


def test_too_many_photos_are_refused_before_anything_is_stored():
    space = SpaceFactory()
    photos = [jpeg(f"p{n}.jpg") for n in range(MAX_PHOTOS_PER_ENTRY + 1)]
    with pytest.raises(ServiceError) as refused:
        photos_attach(model=space_photo_model(), owner=space, photos=photos)
    assert (refused.value.code, refused.value.field) == (TOO_MANY_PHOTOS, "photos")
    assert not space_photo_model().objects.exists()


def test_the_limit_counts_the_photos_already_kept():
    space = SpaceFactory()
    photos_attach(model=space_photo_model(), owner=space, photos=[jpeg(), jpeg()])
    with pytest.raises(ServiceError) as refused:
        photos_check([jpeg() for _ in range(MAX_PHOTOS_PER_ENTRY - 1)], already=2)
    assert "2" in refused.value.message


def test_a_bad_photo_is_refused_by_its_file_name():
    bad = SimpleUploadedFile("notes.jpg", b"not a picture", content_type="image/jpeg")
    with pytest.raises(ServiceError) as refused:
        photos_check([jpeg(), bad])
    assert refused.value.code == BAD_PHOTO
    assert refused.value.message.startswith("notes.jpg")


def test_new_photos_come_after_the_kept_ones():
    space = SpaceFactory()
    model = space_photo_model()
    photos_attach(model=model, owner=space, photos=[jpeg(), jpeg()])
    model.objects.filter(position=0).delete()
    added = photos_attach(model=model, owner=space, photos=[jpeg()])
    assert [photo.position for photo in added] == [2]
    assert list(model.objects.values_list("position", flat=True)) == [1, 2]


def test_each_upload_is_decoded_once(monkeypatch):
    calls = []
    real = images._open_checked
    monkeypatch.setattr(
        images, "_open_checked", lambda file: calls.append(file) or real(file)
    )
    upload = jpeg()
    photos_check([upload])  # the service's check
    images.validate_image_file(upload)  # a form's or model's check
    photos_attach(model=space_photo_model(), owner=SpaceFactory(), photos=[upload])
    assert len(calls) == 1


def test_deleting_a_photo_row_deletes_its_file_and_thumbnail(
    media_root, django_capture_on_commit_callbacks
):
    [photo] = photos_attach(
        model=space_photo_model(), owner=SpaceFactory(), photos=[jpeg()]
    )
    stored = [
        photo.image.path,
        os.path.join(media_root, thumbnail_name(photo.image.name)),
    ]
    assert all(os.path.exists(path) for path in stored)
    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()
    assert not any(os.path.exists(path) for path in stored)


def test_deleting_the_owner_deletes_its_photos_files(
    media_root, django_capture_on_commit_callbacks
):
    space = SpaceFactory()
    photos = photos_attach(
        model=space_photo_model(), owner=space, photos=[jpeg(), jpeg()]
    )
    paths = [photo.image.path for photo in photos]
    with django_capture_on_commit_callbacks(execute=True):
        space.delete()
    assert not any(os.path.exists(path) for path in paths)
