"""Attaching photos to a row: the one validate-and-attach helper of every service.

``photos_check`` refuses too many photos or a bad one (naming the file) before the
service writes anything; ``photos_attach`` stores them after the owner's existing ones.
Each upload is decoded once (``community_portal.images.process_image`` keeps its
result on the upload), however many of these checks it passes through.
"""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Count, Max
from django.utils.translation import gettext as _

from .errors import ServiceError
from .images import MAX_PHOTOS_PER_ENTRY, process_image
from .models import OrderedPhoto

TOO_MANY_PHOTOS = "too_many_photos"
BAD_PHOTO = "bad_photo"


def photos_check(
    photos: Sequence[UploadedFile],
    *,
    already: int = 0,
    limit: int = MAX_PHOTOS_PER_ENTRY,
) -> None:
    """Raise ``ServiceError`` (field ``photos``) unless every photo may be stored."""
    if already + len(photos) > limit:
        if already:
            message = _(
                "At most %(limit)d photos per entry (%(already)d already kept)."
            ) % {"limit": limit, "already": already}
        else:
            message = _("At most %(limit)d photos, please.") % {"limit": limit}
        raise ServiceError(TOO_MANY_PHOTOS, message, field="photos")
    for photo in photos:
        try:
            process_image(photo)
        except ValidationError as error:
            raise ServiceError(
                BAD_PHOTO,
                _("%(name)s: %(error)s")
                % {"name": photo.name, "error": " ".join(error.messages)},
                field="photos",
            ) from None


def photos_attach(
    *,
    model: type[OrderedPhoto],
    owner,
    photos: Sequence[UploadedFile],
    limit: int = MAX_PHOTOS_PER_ENTRY,
    **fields,
) -> list[OrderedPhoto]:
    """Check and store ``photos`` of ``owner`` after its existing ones.

    Call inside the service's transaction, after the owner row is locked or created.
    ``fields`` are set on every new photo row (a caption, say).
    """
    photos = list(photos)
    if not photos:
        return []
    kept = model.objects.filter(**{model.OWNER_FIELD: owner}).aggregate(
        count=Count("pk"), last=Max("position")
    )
    photos_check(photos, already=kept["count"], limit=limit)
    start = 0 if kept["last"] is None else kept["last"] + 1
    return [
        model.objects.create(
            **{model.OWNER_FIELD: owner}, image=photo, position=start + offset, **fields
        )
        for offset, photo in enumerate(photos)
    ]
