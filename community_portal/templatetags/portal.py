"""Template helpers shared by every app: thumbnails and masks."""

from django import template

from community_portal.images import thumbnail_name
from community_portal.masking import mask_name, mask_phone

register = template.Library()


@register.filter
def thumb_url(image) -> str:
    """URL of the pipeline's thumbnail beside ``image`` ('' when there is none)."""
    if not image:
        return ""
    return image.storage.url(thumbnail_name(image.name))


register.filter("mask_name", mask_name)
register.filter("mask_phone", mask_phone)
