"""The one image pipeline of the portal.

Every uploaded picture — a space photo, an activity cover, a grid worker's stairwell photo —
goes through here: it is checked (size, a real image, not truncated, not a decompression
bomb), turned upright from its EXIF orientation, stripped of every metadata field (GPS
above all, JPEG comments too), shrunk to ``IMAGE_MAX_SIDE`` and stored under a random
name with a small thumbnail beside it.

What it costs is bounded before anything is decoded: only JPEG, PNG, WebP and HEIC/HEIF
(iPhones; converted to JPEG) are opened at all, never EPS or Pillow's other formats;
the dimensions come from the header, and an image over ``IMAGE_MAX_PIXELS`` or one that
would take a request past ``IMAGE_REQUEST_MAX_PIXELS`` (all its images together) is
refused before its first pixel is decoded.
"""

import contextlib
import contextvars
import functools
import posixpath
import uuid
import warnings
from io import BytesIO

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pillow_heif import register_heif_opener

register_heif_opener()

THUMB_SUFFIX = ".thumb"
# The formats that are decoded; anything else is "not a recognisable image" (Pillow's
# JPEG opener also reads MPO, the JPEG of phones' portrait shots).
DECODED_FORMATS = ("JPEG", "PNG", "WEBP", "HEIF")
# Pixels decoded so far in this request (None outside a request: no total applies);
# set by community_portal.middleware.ImageBudgetMiddleware.
request_pixels: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar(
    "request_pixels", default=None
)


def _too_many_pixels() -> ValidationError:
    return ValidationError(
        _(
            "This image has too many pixels to process. Please upload an ordinary photo."
        ),
        code="image_bomb",
    )


def _charge_pixels(pixels: int) -> None:
    """Count ``pixels`` against this request's total, or refuse the image."""
    if pixels > settings.IMAGE_MAX_PIXELS:
        raise _too_many_pixels()
    spent = request_pixels.get()
    if spent is None:
        return
    if spent[0] + pixels > settings.IMAGE_REQUEST_MAX_PIXELS:
        raise ValidationError(
            _(
                "These photos are too large together. Please send fewer or smaller "
                "photos at a time."
            ),
            code="images_too_large_together",
        )
    spent[0] += pixels


# A visit log, a record or a service request takes at most this many photos at once.
MAX_PHOTOS_PER_ENTRY = 6


def _open_checked(file) -> Image.Image:
    """Open ``file`` as a fully decoded image or raise a ``ValidationError``."""
    size = getattr(file, "size", None)
    if size is not None and size > settings.IMAGE_UPLOAD_MAX_BYTES:
        raise ValidationError(
            _(
                "The image is too large (at most %(limit)d MB). Please choose another or compress it."
            ),
            code="image_too_large",
            params={"limit": settings.IMAGE_UPLOAD_MAX_BYTES // (1024 * 1024)},
        )
    try:
        file.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # Reads the header only; the allowed formats alone are even tried.
            image = Image.open(file, formats=DECODED_FORMATS)
            _charge_pixels(image.width * image.height)
            image.load()  # decodes every byte: truncated files fail here
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError(
            _(
                "This file is not a recognisable image or it is incomplete. Please upload a JPG or PNG photo."
            ),
            code="invalid_image",
        ) from None
    finally:
        file.seek(0)
    return image


def validate_image_file(file) -> None:
    """Model/form validator: the upload must be a whole, reasonably sized image.

    A stored file (already through the pipeline) is not read again. A new upload is
    processed here, once: the result is kept on the upload, and storing it later
    (``ProcessedImageField.pre_save``) uses it instead of decoding the file again.
    """
    if isinstance(file, FieldFile) and file._committed:
        return
    process_image(file)


def _encode(image: Image.Image, max_side: int) -> tuple[bytes, str]:
    image = image.copy()
    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    has_alpha = image.mode in ("RGBA", "LA") or (
        image.mode == "P" and "transparency" in image.info
    )
    if has_alpha and image.mode == "P":
        image = image.convert("RGBA")
    # Pillow writes some of ``info`` back (a JPEG comment, a PNG's ICC profile).
    image.info = {}
    buffer = BytesIO()
    if has_alpha:
        image.convert("RGBA").save(buffer, format="PNG", optimize=True)
        return buffer.getvalue(), ".png"
    # Saving without exif=/icc_profile= arguments writes no metadata at all.
    image.convert("RGB").save(
        buffer, format="JPEG", quality=82, optimize=True, progressive=True
    )
    return buffer.getvalue(), ".jpg"


_PROCESSED_ATTR = "_portal_processed_image"


def _upload_of(file):
    """The upload behind ``file``: a model field's file wraps the one assigned to it."""
    return file.file if isinstance(file, FieldFile) else file


def process_image(file) -> tuple[ContentFile, ContentFile, str]:
    """Return (main image, thumbnail, extension) ready to store, metadata removed.

    Each upload is decoded once: the encoded result is kept on the upload object, so
    the form's check, the service's check and the model's save share one decode.
    """
    upload = _upload_of(file)
    done = getattr(upload, _PROCESSED_ATTR, None)
    if done is None:
        image = _open_checked(upload)
        image = ImageOps.exif_transpose(image)
        main, extension = _encode(image, settings.IMAGE_MAX_SIDE)
        thumb, _thumb_extension = _encode(image, settings.IMAGE_THUMB_SIDE)
        done = (main, thumb, extension)
        # An object that takes no attributes simply gets no memo.
        with contextlib.suppress(AttributeError):
            setattr(upload, _PROCESSED_ATTR, done)
    main, thumb, extension = done
    return ContentFile(main), ContentFile(thumb), extension


def delete_stored_image(file) -> None:
    """Remove a stored image and its thumbnail from storage (missing files are fine)."""
    if not file or not file.name:
        return
    storage, name = file.storage, file.name
    for stored in (name, thumbnail_name(name)):
        storage.delete(stored)


def thumbnail_name(name: str) -> str:
    root, extension = posixpath.splitext(name)
    return f"{root}{THUMB_SUFFIX}{extension}"


class ImageUploadField(forms.ImageField):
    """The form field of every ``ProcessedImageField``: the pipeline's checks first.

    Django's own ``ImageField`` only calls ``Image.verify()``: a file over the size
    limit or a decompression bomb would get its generic "not a valid image" message
    (or none at all, for a truncated JPEG) instead of ours. Checking the size first
    also spares decoding a huge upload.
    """

    def to_python(self, data):
        if data not in self.empty_values and hasattr(data, "read"):
            validate_image_file(data)
        return super().to_python(data)


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True

    def __init__(self, attrs=None):
        super().__init__({"accept": "image/*", **(attrs or {})})


class MultiplePhotoField(forms.FileField):
    """Up to ``max_files`` photos from one ``<input type=file multiple>``; each one goes
    through the image pipeline's checks and a refusal names the file."""

    default_error_messages = {
        "too_many": _("At most %(limit)d photos, please."),
        "bad_photo": _("%(name)s: %(error)s"),
    }

    def __init__(self, *, max_files: int = MAX_PHOTOS_PER_ENTRY, **kwargs):
        self.max_files = max_files
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", MultiplePhotoInput())
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = (
            [item for item in (data or []) if item]
            if isinstance(data, list | tuple)
            else ([data] if data else [])
        )
        if not files and self.required:
            raise forms.ValidationError(
                self.error_messages["required"], code="required"
            )
        if len(files) > self.max_files:
            raise forms.ValidationError(
                self.error_messages["too_many"],
                code="too_many",
                params={"limit": self.max_files},
            )
        single = ImageUploadField(required=False)
        errors = []
        for file in files:
            try:
                single.clean(file)
            except forms.ValidationError as error:
                errors.extend(
                    forms.ValidationError(
                        self.error_messages["bad_photo"],
                        code="bad_photo",
                        params={"name": file.name, "error": message},
                    )
                    for message in error.messages
                )
        if errors:
            raise forms.ValidationError(errors)
        return files


class ProcessedImageField(models.ImageField):
    """An ``ImageField`` whose new files pass through the pipeline before storage."""

    def __init__(self, *args, **kwargs):
        validators = list(kwargs.pop("validators", []))
        if validate_image_file not in validators:
            validators.append(validate_image_file)
        kwargs["validators"] = validators
        kwargs.setdefault("max_length", 255)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("validators", None)
        if kwargs.get("max_length") == 255:
            kwargs.pop("max_length")
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageUploadField, **kwargs})

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            main, thumb, extension = process_image(file)
            # A random name: never the phone's (IMG_4821.jpg can be guessed, and a
            # long non-ASCII one does not fit the file system's 255 bytes).
            file.save(f"{uuid.uuid4().hex}{extension}", main, save=False)
            file.storage.save(thumbnail_name(file.name), thumb)
        return file


def delete_image_files(sender, instance, **kwargs) -> None:
    """``post_delete`` receiver for every model: a deleted row takes its images (and
    their thumbnails) with it, once the deletion has committed."""
    for field in instance._meta.concrete_fields:
        if isinstance(field, ProcessedImageField):
            file = getattr(instance, field.attname)
            if file and file.name:
                transaction.on_commit(functools.partial(delete_stored_image, file))
