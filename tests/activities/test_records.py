"""Records (纪实): who may write them, photos through the image pipeline,
publishing, and attendance counted from check-ins."""

import datetime
from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from PIL import Image

from activities.errors import Code
from activities.forms import RecordForm
from activities.models import Activity, ActivityRecord, RecordPhoto
from activities.services import record_publish, record_save
from community_portal.errors import ServiceError
from community_portal.images import MAX_PHOTOS_PER_ENTRY, thumbnail_name
from community_portal.photos import BAD_PHOTO, TOO_MANY_PHOTOS
from tests.activities.factories import RegistrationFactory
from tests.factories import ActivityFactory, TeamFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def photo(name: str = "photo.jpg", size=(1200, 900)) -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/jpeg")


def held_activity(**kwargs) -> Activity:
    """An activity that took place yesterday."""
    starts_at = timezone.now() - datetime.timedelta(days=1)
    return ActivityFactory(
        starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2), **kwargs
    )


def test_staff_write_a_record_with_photos_and_publish_it(staff_user):
    activity = held_activity()

    record = record_save(
        activity_id=activity.pk,
        author=staff_user,
        summary="共有40位老人参加，志愿者12名。",
        photos=[photo("a.jpg"), photo("b.jpg", size=(3000, 2000))],
        publish=True,
    )

    record.refresh_from_db()
    assert record.activity_id == activity.pk
    assert record.author_id == staff_user.pk
    assert record.summary == "共有40位老人参加，志愿者12名。"
    assert record.is_published and record.published_at is not None
    photos = list(record.photos.all())
    assert [p.position for p in photos] == [0, 1]
    stored = photos[1].image
    assert stored.name.startswith("records/")
    assert default_storage.exists(thumbnail_name(stored.name))
    with Image.open(stored.path) as image:
        assert max(image.size) == 1600  # shrunk by the pipeline


def test_saving_again_rewrites_the_summary_and_adds_photos_after_the_others(
    staff_user,
):
    activity = held_activity()
    record_save(
        activity_id=activity.pk,
        author=staff_user,
        summary="初稿",
        photos=[photo()],
        publish=False,
    )

    record = record_save(
        activity_id=activity.pk,
        author=staff_user,
        summary="定稿",
        photos=[photo(), photo()],
        publish=False,
    )

    assert ActivityRecord.objects.filter(activity=activity).count() == 1
    assert record.summary == "定稿"
    assert list(record.photos.values_list("position", flat=True)) == [0, 1, 2]
    assert not record.is_published and record.published_at is None


def test_the_leader_of_the_organising_team_may_write_the_record(team_leader):
    activity = held_activity(team=team_leader.led_teams.get())

    record = record_save(
        activity_id=activity.pk,
        author=team_leader,
        summary="书画工作室作品展",
        photos=[],
        publish=False,
    )

    assert record.author_id == team_leader.pk


@pytest.mark.parametrize("who", ["resident", "other_leader"])
def test_others_may_not_write_the_record(who, resident, team_leader):
    activity = held_activity(team=TeamFactory())
    author = resident if who == "resident" else team_leader

    with pytest.raises(ServiceError) as excinfo:
        record_save(
            activity_id=activity.pk,
            author=author,
            summary="……",
            photos=[],
            publish=True,
        )

    assert excinfo.value.code == Code.NOT_ALLOWED
    assert not ActivityRecord.objects.exists()


def test_no_record_before_the_start_or_for_a_cancelled_activity(staff_user):
    coming = ActivityFactory()
    cancelled = held_activity(status=Activity.Status.CANCELLED)

    with pytest.raises(ServiceError) as not_started:
        record_save(
            activity_id=coming.pk,
            author=staff_user,
            summary="……",
            photos=[],
            publish=False,
        )
    with pytest.raises(ServiceError) as called_off:
        record_save(
            activity_id=cancelled.pk,
            author=staff_user,
            summary="……",
            photos=[],
            publish=False,
        )

    assert not_started.value.code == Code.NOT_STARTED
    assert called_off.value.code == Code.ACTIVITY_CANCELLED
    assert not ActivityRecord.objects.exists()


def test_a_bad_photo_writes_nothing(staff_user):
    activity = held_activity()
    not_a_photo = SimpleUploadedFile("x.jpg", b"not an image at all" * 20)

    with pytest.raises(ServiceError) as refused:
        record_save(
            activity_id=activity.pk,
            author=staff_user,
            summary="……",
            photos=[photo(), not_a_photo],
            publish=True,
        )

    assert refused.value.code == BAD_PHOTO
    assert refused.value.field == "photos"
    assert "x.jpg" in refused.value.message
    assert not ActivityRecord.objects.exists()
    assert not RecordPhoto.objects.exists()


def test_more_than_six_photos_are_refused_before_anything_is_written(staff_user):
    activity = held_activity()

    with pytest.raises(ServiceError) as refused:
        record_save(
            activity_id=activity.pk,
            author=staff_user,
            summary="……",
            photos=[photo(size=(40, 30)) for _ in range(MAX_PHOTOS_PER_ENTRY + 1)],
            publish=True,
        )

    assert refused.value.code == TOO_MANY_PHOTOS
    assert not ActivityRecord.objects.exists()
    assert not RecordPhoto.objects.exists()


def test_the_photo_limit_counts_the_photos_already_kept(staff_user):
    activity = held_activity()
    small = [photo(size=(40, 30)) for _ in range(MAX_PHOTOS_PER_ENTRY - 1)]
    record = record_save(
        activity_id=activity.pk,
        author=staff_user,
        summary="第一次",
        photos=small,
        publish=False,
    )

    with pytest.raises(ServiceError) as refused:
        record_save(
            activity_id=activity.pk,
            author=staff_user,
            summary="第二次",
            photos=[photo(size=(40, 30)), photo(size=(40, 30))],
            publish=False,
        )

    assert refused.value.code == TOO_MANY_PHOTOS
    record.refresh_from_db()
    assert record.summary == "第一次"
    assert record.photos.count() == MAX_PHOTOS_PER_ENTRY - 1


def test_the_record_form_takes_at_most_six_photos():
    form = RecordForm(
        {"summary": "……"},
        MultiValueDict(
            {"photos": [photo(size=(40, 30)) for _ in range(MAX_PHOTOS_PER_ENTRY + 1)]}
        ),
    )

    assert not form.is_valid()
    assert "photos" in form.errors


def test_deleting_a_record_photo_or_the_record_deletes_the_files(
    staff_user, django_capture_on_commit_callbacks
):
    activity = held_activity()
    record = record_save(
        activity_id=activity.pk,
        author=staff_user,
        summary="……",
        photos=[photo("a.jpg", size=(40, 30)), photo("b.jpg", size=(40, 30))],
        publish=False,
    )
    first, second = record.photos.all()
    first_files = [first.image.name, thumbnail_name(first.image.name)]
    second_files = [second.image.name, thumbnail_name(second.image.name)]
    assert all(default_storage.exists(name) for name in first_files + second_files)

    with django_capture_on_commit_callbacks(execute=True):
        first.delete()
    assert not any(default_storage.exists(name) for name in first_files)
    assert all(default_storage.exists(name) for name in second_files)

    with django_capture_on_commit_callbacks(execute=True):
        record.delete()
    assert not any(default_storage.exists(name) for name in second_files)


def test_publish_later_keeps_the_first_publication_time(staff_user):
    activity = held_activity()
    draft = record_save(
        activity_id=activity.pk,
        author=staff_user,
        summary="……",
        photos=[],
        publish=False,
    )

    published = record_publish(record_id=draft.pk, by_user=staff_user)
    first_time = published.published_at
    again = record_publish(record_id=draft.pk, by_user=staff_user)

    assert published.is_published and first_time is not None
    assert again.published_at == first_time
    assert ActivityRecord.objects.published().get() == draft


def test_publish_is_refused_to_residents_and_for_unknown_records(staff_user, resident):
    activity = held_activity()
    draft = record_save(
        activity_id=activity.pk,
        author=staff_user,
        summary="……",
        photos=[],
        publish=False,
    )

    with pytest.raises(ServiceError) as refused:
        record_publish(record_id=draft.pk, by_user=resident)
    with pytest.raises(ServiceError) as missing:
        record_publish(record_id=draft.pk + 100, by_user=staff_user)

    assert refused.value.code == Code.NOT_ALLOWED
    assert missing.value.code == Code.RECORD_NOT_FOUND
    draft.refresh_from_db()
    assert not draft.is_published


def test_attendance_is_counted_from_check_ins_with_companions(
    staff_user, django_assert_num_queries
):
    activity = held_activity(max_companions=2)
    now = timezone.now()
    RegistrationFactory(activity=activity, checked_in_at=now)
    RegistrationFactory(activity=activity, checked_in_at=now, companions=2)
    RegistrationFactory(activity=activity)  # confirmed, never came
    RegistrationFactory(activity=activity, cancelled=True)
    other = held_activity()
    RegistrationFactory(activity=other, checked_in_at=now)
    empty = held_activity()
    record_save(
        activity_id=activity.pk,
        author=staff_user,
        summary="……",
        photos=[],
        publish=True,
    )

    with django_assert_num_queries(1):
        record = ActivityRecord.objects.with_attendance().get(activity=activity)
    counts = dict(
        Activity.objects.with_attendance()
        .filter(pk__in=[activity.pk, other.pk, empty.pk])
        .values_list("pk", "attendance")
    )

    assert record.attendance == 4
    assert counts == {activity.pk: 4, other.pk: 1, empty.pk: 0}


def test_record_list_with_related_does_not_grow_with_photos(
    staff_user, django_assert_num_queries
):
    for _ in range(3):
        record_save(
            activity_id=held_activity().pk,
            author=staff_user,
            summary="……",
            photos=[photo(size=(50, 50)), photo(size=(50, 50))],
            publish=True,
        )

    # The records with activity, venue, space, team and author, then the photos.
    with django_assert_num_queries(2):
        records = list(ActivityRecord.objects.published().with_related())
        for record in records:
            assert record.activity.venue.name
            assert len(record.photos.all()) == 2
    assert len(records) == 3
