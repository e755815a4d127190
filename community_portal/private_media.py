"""Private photos: their storage, their URLs and the response that serves them.

Photos of grid work, issue reports, service requests and matters are stored in the
``private`` storage (``STORAGES["private"]``: ``PRIVATE_MEDIA_ROOT`` on disk, never
under ``MEDIA_URL``; a bucket with signed, short-lived URLs on object storage). Pages
link to the authorised view ``/photos/<kind>/<id>/`` (``?size=thumb`` for the
thumbnail), never to a file: the view asks the app that owns the photo whether the
requester may see its row (``register_private_photo``) and answers 404 otherwise.

The kernel knows no app: each app registers, in its ``AppConfig.ready``, the selector
that returns a photo of its kind to the users who may see it.
"""

import mimetypes
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core import checks
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.db.models.fields.files import ImageFieldFile
from django.dispatch import receiver
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.functional import LazyObject, cached_property, empty

from .images import ProcessedImageField, thumbnail_name

PRIVATE_ALIAS = "private"
THUMB = "thumb"
# A browser may keep a private photo it was shown for an hour (in its own cache only).
PRIVATE_MAX_AGE = 3600


class PrivateFileSystemStorage(FileSystemStorage):
    """Files under ``PRIVATE_MEDIA_ROOT`` (followed when a test changes it).

    Its ``url()`` points at nginx's internal location, which answers nobody directly:
    pages use the authorised view instead.
    """

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @cached_property
    def base_url(self):
        url = self._value_or_setting(
            self._base_url, settings.PRIVATE_MEDIA_ACCEL_REDIRECT or "/protected/"
        )
        return url if url.endswith("/") else f"{url}/"

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting in {"PRIVATE_MEDIA_ROOT", "PRIVATE_MEDIA_ACCEL_REDIRECT"}:
            for name in ("base_location", "location", "base_url"):
                self.__dict__.pop(name, None)


class _PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages[PRIVATE_ALIAS]


_private_storage = _PrivateStorage()


@receiver(setting_changed)
def _storages_changed(*, setting, **kwargs) -> None:
    if setting == "STORAGES":
        _private_storage._wrapped = empty


def private_storage():
    """The ``private`` storage (the ``storage`` callable of every private photo)."""
    return _private_storage


class PrivateImageFieldFile(ImageFieldFile):
    """A private photo's file: its ``url`` is the authorised view, never the file."""

    @property
    def url(self) -> str:
        self._require_file()
        return private_photo_url(self.instance)


class PrivateImageField(ProcessedImageField):
    """The image of a private photo: the pipeline, the private storage."""

    attr_class = PrivateImageFieldFile

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("storage", private_storage)
        super().__init__(*args, **kwargs)


def private_photo_url(photo, *, thumb: bool = False) -> str:
    """The authorised view's URL of ``photo`` ('' for an unsaved one)."""
    if photo.pk is None:
        return ""
    url = reverse("private_photo", kwargs={"kind": photo.PRIVATE_KIND, "pk": photo.pk})
    return f"{url}?size={THUMB}" if thumb else url


def image_url(image, *, thumb: bool = False) -> str:
    """The URL a page may link to for ``image`` (or its thumbnail); '' when none.

    A public image's is its storage's URL; a private photo's is the authorised view.
    """
    if not image or not image.name:
        return ""
    if isinstance(image, PrivateImageFieldFile):
        return private_photo_url(image.instance, thumb=thumb)
    return image.storage.url(thumbnail_name(image.name) if thumb else image.name)


# Who may see a photo of each kind: kind -> getter(pk=, user=) -> photo or None.
_PHOTO_GETTERS: dict[str, Callable] = {}


def register_private_photo(kind: str, getter: Callable) -> None:
    """Name the selector that returns a photo of ``kind`` to those who may see it."""
    _PHOTO_GETTERS[kind] = getter


def private_photo_get(*, kind: str, pk: int, user):
    """The photo ``user`` may see (None: unknown, or not theirs to see)."""
    getter = _PHOTO_GETTERS.get(kind)
    return None if getter is None else getter(pk=pk, user=user)


def private_file_response(storage, name: str) -> HttpResponse:
    """Send a private file to a requester already allowed to see it.

    Object storage: a redirect to the storage's (signed, short-lived) URL. On disk
    behind nginx (``PRIVATE_MEDIA_ACCEL_REDIRECT``): an empty answer whose
    ``X-Accel-Redirect`` tells nginx which internal file to send. Otherwise Django
    streams the file. A file missing from storage is a 404.
    """
    if not isinstance(storage, FileSystemStorage):
        response = HttpResponseRedirect(storage.url(name))
        add_never_cache_headers(response)
        return response
    if not storage.exists(name):
        raise Http404
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    accel = settings.PRIVATE_MEDIA_ACCEL_REDIRECT
    if accel:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = f"/{accel.strip('/')}/{quote(name)}"
    else:
        response = FileResponse(storage.open(name, "rb"), content_type=content_type)
    patch_cache_control(response, private=True, max_age=PRIVATE_MAX_AGE)
    return response


@checks.register(checks.Tags.security)
def check_private_media_apart(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Private photos on disk must not sit where the web server serves /media/."""
    storage = private_storage()
    if not isinstance(storage, FileSystemStorage):
        return []
    private = Path(storage.location).resolve()
    media = Path(settings.MEDIA_ROOT).resolve()
    if private == media or media in private.parents:
        return [
            checks.Error(
                "PRIVATE_MEDIA_ROOT is inside MEDIA_ROOT: private photos would be "
                "served to anyone under MEDIA_URL.",
                hint="Set PRIVATE_MEDIA_ROOT to a folder outside MEDIA_ROOT.",
                id="portal.E020",
            )
        ]
    return []


def _same_file(source, target, name: str) -> bool:
    try:
        return source.path(name) == target.path(name)
    except NotImplementedError:
        return False


def move_photo_files(names: Iterable[str], *, to_private: bool = True) -> int:
    """Move stored photos (and their thumbnails) between the default and the private
    storage; return how many files moved. Safe to run again: a file already at its
    target is only removed from its source."""
    default, private = storages["default"], storages[PRIVATE_ALIAS]
    source, target = (default, private) if to_private else (private, default)
    moved = 0
    for name in names:
        if not name:
            continue
        for stored in (name, thumbnail_name(name)):
            if not source.exists(stored) or _same_file(source, target, stored):
                continue
            if not target.exists(stored):
                with source.open(stored, "rb") as file:
                    target.save(stored, file)
                moved += 1
            source.delete(stored)
    return moved
