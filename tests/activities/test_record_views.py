"""The record (纪实) page: writing it, photos, publishing."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.html import escape
from PIL import Image

from activities.models import ActivityRecord, RecordPhoto
from tests.activities.factories import RegistrationFactory
from tests.activities.helpers import (
    held_activity,
    in_chinese,
    page,
    record_url,
)
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db


# --- the record (纪实) --------------------------------------------------------------------


def jpeg(size=(1600, 1200)) -> bytes:
    buffer = BytesIO()
    image = Image.new("RGB", size, (30, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def photo(name="photo.jpg", data=None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg() if data is None else data, "image/jpeg")


def test_the_leader_writes_the_record_with_photos_and_publishes_it(
    client, team_leader, leader_team
):
    activity = held_activity(team=leader_team)
    RegistrationFactory(activity=activity, checked_in_at=timezone.now(), companions=0)
    client.force_login(team_leader)
    response = client.get(record_url(activity))
    assert response.status_code == 200
    assert response.context["activity"].attendance == 1

    response = client.post(
        record_url(activity),
        {
            "summary": "共有40位老人参加。",
            "photos": [photo("a.jpg"), photo("b.jpg")],
            "publish": "on",
        },
    )
    assert response.status_code == 302
    record = ActivityRecord.objects.get(activity=activity)
    assert record.summary == "共有40位老人参加。"
    assert record.is_published and record.author == team_leader
    photos = list(record.photos.all())
    assert len(photos) == 2
    with Image.open(photos[0].image.path) as stored:
        assert not stored.getexif()  # the pipeline stripped it
        assert max(stored.size) <= 1600

    page_again = client.get(record_url(activity))
    assert page_again.context["form"]["summary"].value() == "共有40位老人参加。"
    assert len(page_again.context["photos"]) == 2
    assert ".thumb." in page(page_again)


def test_a_bad_photo_saves_nothing_and_keeps_the_summary(staff_client):
    activity = held_activity()
    response = staff_client.post(
        record_url(activity),
        {
            "summary": "居民自发清理楼道。",
            "photos": [photo("good.jpg"), photo("broken.jpg", b"not an image at all")],
        },
    )
    assert response.status_code == 200
    html = page(response)
    assert "broken.jpg" in html
    assert "居民自发清理楼道。" in html
    assert response.context["form"].errors["photos"]
    assert "good.jpg" in response.context["chosen_photos"]
    assert not ActivityRecord.objects.exists()
    assert not RecordPhoto.objects.exists()


def test_too_many_photos_and_an_empty_summary_are_refused(staff_client):
    activity = held_activity()
    response = staff_client.post(
        record_url(activity),
        {
            "summary": "  ",
            "photos": [photo(f"{i}.jpg", jpeg((40, 30))) for i in range(13)],
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["summary"] and errors["photos"]
    assert not ActivityRecord.objects.exists()


def test_seven_photos_are_refused_on_the_page_and_six_are_kept(staff_client):
    activity = held_activity()
    page = staff_client.get(record_url(activity)).content.decode()
    assert 'data-max-files="6"' in page

    seven = staff_client.post(
        record_url(activity),
        {
            "summary": "纪实",
            "photos": [photo(f"{i}.jpg", jpeg((40, 30))) for i in range(7)],
        },
    )
    assert seven.status_code == 200
    assert seven.context["form"].errors["photos"]
    assert not ActivityRecord.objects.exists()

    six = staff_client.post(
        record_url(activity),
        {
            "summary": "纪实",
            "photos": [photo(f"{i}.jpg", jpeg((40, 30))) for i in range(6)],
        },
    )
    assert six.status_code == 302
    assert ActivityRecord.objects.get().photos.count() == 6


def test_a_photo_beyond_the_six_kept_is_refused_on_the_photos_field(staff_client):
    activity = held_activity()
    six = [photo(f"{i}.jpg", jpeg((40, 30))) for i in range(6)]
    staff_client.post(record_url(activity), {"summary": "纪实", "photos": six})
    response = staff_client.post(
        record_url(activity),
        {"summary": "纪实，补充", "photos": [photo("7.jpg", jpeg((40, 30)))]},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["photos"]
    record = ActivityRecord.objects.get()
    assert record.summary == "纪实"
    assert record.photos.count() == 6


def test_a_record_before_the_start_is_refused_with_the_reason(staff_client):
    activity = ActivityFactory()  # in three days
    response = staff_client.get(record_url(activity))
    message = escape(
        in_chinese("A record can be written once the activity has started.")
    )
    assert message in page(response)
    response = staff_client.post(record_url(activity), {"summary": "提前写好"})
    assert response.status_code == 200
    assert message in page(response)
    assert "提前写好" in page(response)
    assert not ActivityRecord.objects.exists()


def test_a_record_upload_by_script_gets_the_next_address(staff_client):
    activity = held_activity()
    response = staff_client.post(
        record_url(activity),
        {"summary": "纪实"},
        headers={"X-Requested-With": "XMLHttpRequest"},
    )
    assert response.status_code == 204
    assert response.headers["X-Location"] == record_url(activity)


def test_saving_again_keeps_the_photos_and_adds_new_ones(staff_client):
    activity = held_activity()
    staff_client.post(record_url(activity), {"summary": "一", "photos": [photo()]})
    staff_client.post(record_url(activity), {"summary": "二", "photos": [photo()]})
    record = ActivityRecord.objects.get()
    assert record.summary == "二"
    assert record.photos.count() == 2
    assert not record.is_published


def test_the_record_page_runs_a_fixed_number_of_queries(
    staff_client, assert_same_queries
):
    activity = held_activity()
    url = record_url(activity)
    staff_client.post(url, {"summary": "纪实", "photos": [photo(data=jpeg((40, 30)))]})
    record = ActivityRecord.objects.get()

    def fill(n):
        RegistrationFactory.create_batch(
            n, activity=activity, checked_in_at=timezone.now()
        )
        for _ in range(n):
            RecordPhoto.objects.create(record=record, image=photo(data=jpeg((40, 30))))

    staff_client.get(url)
    fill(2)
    assert_same_queries(staff_client, url, grow=lambda: fill(10))
    assert len(staff_client.get(url).context["photos"]) == 13
