"""Abstract models shared by every app: timestamps, and the one photo model."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .images import ProcessedImageField
from .private_media import PrivateImageField, image_url


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("Created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Updated"), auto_now=True)

    class Meta:
        abstract = True


def photo_upload_to(instance: "OrderedPhoto", filename: str) -> str:
    return f"{instance.UPLOAD_DIR}/{filename}"


class OrderedPhoto(TimeStampedModel):
    """A photo of something (a visit log, a matter, a record …), kept in order.

    A concrete photo model adds the foreign key to its owner, names it in
    ``OWNER_FIELD`` and sets ``UPLOAD_DIR``. Photos are attached only through
    ``community_portal.photos.photos_attach`` (limit, checks, positions); deleting a
    row deletes its files (``community_portal.images.delete_image_files``).
    """

    OWNER_FIELD: str = ""
    UPLOAD_DIR: str = "photos"

    image = ProcessedImageField(_("Photo"), upload_to=photo_upload_to)
    position = models.PositiveSmallIntegerField(_("Position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.image.name

    @property
    def url(self) -> str:
        """What a page links to for the photo (the authorised view if private)."""
        return image_url(self.image)

    @property
    def thumb_url(self) -> str:
        return image_url(self.image, thumb=True)


class PrivatePhoto(OrderedPhoto):
    """A photo only those who may see its owner may see (grid work, issue reports,
    service requests, matters that can be hidden).

    Its files live in the ``private`` storage and pages link to the authorised view
    (``community_portal.private_media``). A concrete model sets ``PRIVATE_KIND`` (the
    ``<kind>`` of ``/photos/<kind>/<id>/``) and its app registers the selector that
    decides who may see it (``register_private_photo``).
    """

    PRIVATE_KIND: str = ""

    image = PrivateImageField(_("Photo"), upload_to=photo_upload_to)

    class Meta(OrderedPhoto.Meta):
        abstract = True
