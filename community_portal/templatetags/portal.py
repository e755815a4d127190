"""Template helpers shared by every app: thumbnails and masks."""

from django import template
from django.urls import translate_url

from community_portal import pagination
from community_portal.masking import mask_name, mask_phone
from community_portal.private_media import image_url

register = template.Library()


@register.filter
def thumb_url(image) -> str:
    """URL of the pipeline's thumbnail beside ``image`` ('' when there is none); a
    private photo's goes through the authorised view."""
    return image_url(image, thumb=True)


register.filter("mask_name", mask_name)
register.filter("mask_phone", mask_phone)


@register.simple_tag(takes_context=True)
def language_url(context, language_code: str) -> str:
    """This page's URL in another language, query string kept ('/' if unknown)."""
    request = context.get("request")
    if request is None:
        return "/"
    url = translate_url(request.path, language_code)
    query = request.GET.urlencode()
    return f"{url}?{query}" if query else url


@register.filter
def page_links(page) -> list[int | None]:
    """``{% for number in page_obj|page_links %}``: see ``pagination.page_links``."""
    return pagination.page_links(page)
