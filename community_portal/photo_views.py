"""The authorised view of private photos: ``/photos/<kind>/<id>/`` (``?size=thumb``).

The photo's app decides who may see it (``private_media.register_private_photo``);
everyone else — the anonymous, a grid worker of another grid — gets the same 404 as
for a photo that does not exist, for the file and for its thumbnail.
"""

from django.http import Http404
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from .images import thumbnail_name
from .private_media import THUMB, private_file_response, private_photo_get


@require_safe
def private_photo(request, kind: str, pk: int):
    photo = private_photo_get(kind=kind, pk=pk, user=request.user)
    if photo is None or not photo.image:
        raise Http404
    name = photo.image.name
    if request.GET.get("size") == THUMB:
        name = thumbnail_name(name)
    response = private_file_response(photo.image.storage, name)
    patch_vary_headers(response, ["Cookie"])
    return response
