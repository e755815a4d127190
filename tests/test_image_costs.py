"""What an upload may cost: formats, pixels from the header, a request's total, names
and metadata (crafted files)."""

from io import BytesIO
from unittest import mock

import pillow_heif
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile

from community_portal import images
from community_portal.images import process_image, request_pixels

from .factories import VenueFactory, jpeg_upload

pytestmark = pytest.mark.usefixtures("media_root")


def upload(name: str, data: bytes, content_type: str = "image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def saved(image: Image.Image, format: str, **options) -> bytes:
    buffer = BytesIO()
    image.save(buffer, format=format, **options)
    return buffer.getvalue()


def refusal(file) -> ValidationError:
    with pytest.raises(ValidationError) as excinfo:
        process_image(file)
    return excinfo.value


@pytest.fixture
def decoding_forbidden(monkeypatch):
    """Any decode of pixel data fails the test."""

    def load(self):
        raise AssertionError("pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)


def test_a_huge_image_is_refused_from_its_header_before_any_decode(
    settings, decoding_forbidden
):
    # 1-bit 8000×7000: a tiny file whose header says 56 million pixels.
    data = saved(Image.new("1", (8000, 7000)), "PNG")
    assert len(data) < 100_000

    assert refusal(upload("big.png", data)).code == "image_bomb"


def test_a_request_is_bounded_in_its_total_pixels(settings):
    settings.IMAGE_MAX_PIXELS = 4_000_000
    settings.IMAGE_REQUEST_MAX_PIXELS = 10_000_000
    photo = saved(Image.new("1", (2000, 2000)), "PNG")  # 4 MP each
    token = request_pixels.set([0])
    try:
        process_image(upload("1.png", photo))
        process_image(upload("2.png", photo))
        with mock.patch.object(ImageFile.ImageFile, "load") as load:
            error = refusal(upload("3.png", photo))
        assert error.code == "images_too_large_together"
        assert not load.called  # refused before decoding
    finally:
        request_pixels.reset(token)
    # Outside a request only the per-image limit applies.
    process_image(upload("4.png", photo))


@pytest.mark.django_db
def test_the_budget_is_per_request_through_the_middleware(client, settings, rf):
    from community_portal.middleware import ImageBudgetMiddleware

    settings.IMAGE_REQUEST_MAX_PIXELS = 5_000_000
    photo = saved(Image.new("1", (2000, 2000)), "PNG")
    outcomes = []

    def view(request):
        for name in ("a.png", "b.png"):
            try:
                process_image(upload(name, photo))
                outcomes.append("ok")
            except ValidationError as error:
                outcomes.append(error.code)

    middleware = ImageBudgetMiddleware(view)
    middleware(rf.post("/"))
    middleware(rf.post("/"))  # a new request starts from zero
    assert outcomes == ["ok", "images_too_large_together"] * 2
    assert request_pixels.get() is None


EPS = (
    b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 100 100\n"
    b"%%EndComments\nnewpath 0 0 moveto 100 100 lineto stroke\nshowpage\n%%EOF\n"
)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        pytest.param("photo.eps", EPS, id="eps"),
        pytest.param("photo.jpg", EPS, id="eps-named-jpg"),
        pytest.param("photo.gif", saved(Image.new("RGB", (20, 20)), "GIF"), id="gif"),
        pytest.param("photo.bmp", saved(Image.new("RGB", (20, 20)), "BMP"), id="bmp"),
        pytest.param("photo.tif", saved(Image.new("RGB", (20, 20)), "TIFF"), id="tiff"),
    ],
)
def test_only_jpeg_png_webp_and_heif_are_opened(name, data):
    with mock.patch("PIL.EpsImagePlugin.EpsImageFile._open") as eps_open:
        assert refusal(upload(name, data)).code == "invalid_image"
    assert not eps_open.called  # not even the EPS parser was tried


@pytest.mark.parametrize("format", ["JPEG", "PNG", "WEBP"])
def test_the_decoded_formats_pass(format):
    data = saved(Image.new("RGB", (64, 48), (10, 200, 10)), format)
    main, thumb, extension = process_image(upload(f"p.{format.lower()}", data))
    assert Image.open(BytesIO(main.read())).size == (64, 48)


def test_an_iphone_heic_photo_is_converted_to_jpeg():
    heif = pillow_heif.from_pillow(Image.new("RGB", (120, 80), (200, 10, 10)))
    buffer = BytesIO()
    heif.save(buffer, quality=90)

    main, _thumb, extension = process_image(
        upload("IMG_0001.HEIC", buffer.getvalue(), "image/heic")
    )

    assert extension == ".jpg"
    stored = Image.open(BytesIO(main.read()))
    assert stored.format == "JPEG"
    assert stored.size == (120, 80)


def test_a_jpeg_comment_is_stripped():
    data = saved(Image.new("RGB", (50, 50)), "JPEG", comment=b"owner: Zhang, room 1203")
    assert Image.open(BytesIO(data)).info["comment"]  # the crafted file has one

    main, thumb, _extension = process_image(upload("c.jpg", data, "image/jpeg"))

    for encoded in (main.read(), thumb.read()):
        assert b"room 1203" not in encoded
        assert "comment" not in Image.open(BytesIO(encoded)).info


@pytest.mark.django_db
def test_a_long_chinese_file_name_is_stored_under_a_random_name():
    name = "社区新时代文明实践中心志愿服务活动照片" * 12 + ".jpg"  # 684 bytes in UTF-8
    photo = jpeg_upload(name=name)

    venue = VenueFactory(cover=photo)

    stored = venue.cover.name
    assert "社区" not in stored
    assert len(stored.encode()) < 100
    assert venue.cover.storage.exists(stored)
    assert (
        VenueFactory(cover=jpeg_upload(name="IMG_4821.jpg")).cover.name.find("IMG_4821")
        == -1
    )


def test_the_pipeline_module_lists_its_formats():
    assert set(images.DECODED_FORMATS) == {"JPEG", "PNG", "WEBP", "HEIF"}
