"""The shared image pipeline: what is stored, and what is refused."""

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from community_portal.images import thumbnail_name, validate_image_file

from .factories import VenueFactory

GPS_IFD = 0x8825
ORIENTATION = 0x0112
RED = (255, 0, 0)
BLUE = (0, 0, 255)

pytestmark = pytest.mark.usefixtures("media_root")


def jpeg_with_gps_and_orientation(width: int = 2400, height: int = 1200) -> bytes:
    """A phone photo: left half red, right half blue, stored sideways (Orientation 6)
    and carrying a GPS position."""
    image = Image.new("RGB", (width, height), BLUE)
    image.paste(RED, (0, 0, width // 2, height))
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[0x010F] = "PhoneMaker"  # Make
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (29.0, 52.0, 12.5), 3: "E", 4: (121.0, 33.0, 1.25)})
    buffer = BytesIO()
    image.save(buffer, format="JPEG", exif=exif, quality=90)
    return buffer.getvalue()


def png_bytes(image: Image.Image) -> bytes:
    buffer = BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def refusal_code(file) -> str:
    with pytest.raises(ValidationError) as excinfo:
        validate_image_file(file)
    return excinfo.value.code


def test_the_test_photo_really_carries_gps_and_orientation():
    exif = Image.open(BytesIO(jpeg_with_gps_and_orientation())).getexif()
    assert exif[ORIENTATION] == 6
    assert exif.get_ifd(GPS_IFD)[1] == "N"


@pytest.mark.django_db
def test_a_stored_photo_has_no_metadata_is_upright_shrunk_and_has_a_thumbnail():
    venue = VenueFactory(
        cover=SimpleUploadedFile(
            "IMG_0001.jpg", jpeg_with_gps_and_orientation(), "image/jpeg"
        )
    )
    venue.refresh_from_db()
    storage = venue.cover.storage
    assert venue.cover.name.endswith(".jpg")

    with storage.open(venue.cover.name) as stored:
        raw = stored.read()
    image = Image.open(BytesIO(raw))
    assert image.format == "JPEG"
    assert len(image.getexif()) == 0
    assert not image.getexif().get_ifd(GPS_IFD)
    assert "exif" not in image.info
    assert b"Exif" not in raw
    assert b"PhoneMaker" not in raw
    # Turned upright: the 2400×1200 sideways photo is now portrait, the red half on top.
    assert image.size == (800, 1600)
    rgb = image.convert("RGB")
    top, bottom = rgb.getpixel((400, 200)), rgb.getpixel((400, 1400))
    assert top[0] > 200 and top[2] < 60, top
    assert bottom[2] > 200 and bottom[0] < 60, bottom

    thumb_name = thumbnail_name(venue.cover.name)
    assert storage.exists(thumb_name)
    with storage.open(thumb_name) as stored:
        thumb = Image.open(BytesIO(stored.read()))
    assert max(thumb.size) == 400
    assert thumb.size == (200, 400)
    assert len(thumb.getexif()) == 0


@pytest.mark.django_db
def test_a_small_photo_is_not_enlarged():
    venue = VenueFactory(
        cover=SimpleUploadedFile(
            "small.jpg", png_bytes(Image.new("RGB", (300, 200), RED))
        )
    )
    with venue.cover.storage.open(venue.cover.name) as stored:
        assert Image.open(stored).size == (300, 200)


@pytest.mark.django_db
def test_a_transparent_png_stays_png_with_its_alpha():
    image = Image.new("RGBA", (2000, 1000), (0, 0, 0, 0))
    image.paste((255, 0, 0, 255), (0, 0, 1000, 1000))
    venue = VenueFactory(
        cover=SimpleUploadedFile("logo.png", png_bytes(image), "image/png")
    )
    assert venue.cover.name.endswith(".png")
    with venue.cover.storage.open(venue.cover.name) as stored:
        saved = Image.open(BytesIO(stored.read()))
        saved.load()
    assert saved.format == "PNG"
    assert saved.mode == "RGBA"
    assert saved.size == (1600, 800)
    assert saved.getpixel((1500, 400))[3] == 0
    assert saved.getpixel((100, 400))[3] == 255
    thumb_name = thumbnail_name(venue.cover.name)
    assert thumb_name.endswith(".thumb.png")
    with venue.cover.storage.open(thumb_name) as stored:
        assert Image.open(stored).mode == "RGBA"


def test_thumbnail_name_sits_beside_the_image():
    assert thumbnail_name("venues/hall.jpg") == "venues/hall.thumb.jpg"
    assert thumbnail_name("venues/logo.png") == "venues/logo.thumb.png"


def test_an_ordinary_photo_passes_validation():
    validate_image_file(
        SimpleUploadedFile("photo.jpg", jpeg_with_gps_and_orientation(800, 600))
    )


def test_non_image_bytes_are_refused():
    upload = SimpleUploadedFile("photo.jpg", b"%PDF-1.4 this is not a picture" * 50)
    assert refusal_code(upload) == "invalid_image"


def test_a_truncated_jpeg_is_refused():
    image = Image.effect_noise((800, 800), 64).convert("RGB")
    buffer = BytesIO()
    image.save(buffer, format="JPEG", quality=95)
    whole = buffer.getvalue()
    Image.open(BytesIO(whole)).load()  # the whole file is fine
    upload = SimpleUploadedFile("cut.jpg", whole[: len(whole) // 2])
    assert refusal_code(upload) == "invalid_image"


@pytest.mark.parametrize(
    ("size", "why"),
    [
        ((10_000, 10_000), "over Pillow's own bomb limit"),
        ((8_000, 7_000), "over the portal's IMAGE_MAX_PIXELS"),
    ],
)
def test_a_decompression_bomb_is_refused(size, why):
    data = png_bytes(Image.new("1", size, 1))
    assert len(data) < 2 * 1024 * 1024, "small on disk"
    assert refusal_code(SimpleUploadedFile("bomb.png", data)) == "image_bomb", why


def test_an_upload_over_20_mb_is_refused_before_it_is_decoded(settings):
    assert settings.IMAGE_UPLOAD_MAX_BYTES == 20 * 1024 * 1024
    header = jpeg_with_gps_and_orientation(400, 300)
    upload = SimpleUploadedFile(
        "huge.jpg", header + b"\0" * (20 * 1024 * 1024 + 1 - len(header))
    )
    assert upload.size > 20 * 1024 * 1024
    assert refusal_code(upload) == "image_too_large"


@pytest.mark.django_db
def test_model_validation_refuses_a_bad_upload():
    venue = VenueFactory.build(
        cover=SimpleUploadedFile("photo.jpg", b"not an image at all")
    )
    with pytest.raises(ValidationError) as excinfo:
        venue.full_clean()
    assert "cover" in excinfo.value.message_dict
