"""Records (纪实) of activities that took place: the summary and the photos."""

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community_portal.accounts.models import User
from community_portal.errors import ServiceError
from community_portal.photos import photos_attach, photos_check

from ..errors import Code
from ..models import Activity, ActivityRecord, RecordPhoto
from .common import can_manage_registrations, get_activity


def _check_can_keep_record(*, user: User, activity: Activity) -> None:
    if not can_manage_registrations(user=user, activity=activity):
        raise ServiceError(
            Code.NOT_ALLOWED,
            _("Only community staff and the organising team can write the record."),
        )


def _set_published(record: ActivityRecord, publish: bool, *, now) -> None:
    if publish and not record.is_published:
        record.is_published, record.published_at = True, now
    elif not publish:
        record.is_published, record.published_at = False, None


def record_check_writable(*, activity_id: int, user: User) -> Activity:
    """Raise ``ServiceError`` unless ``user`` may write the record of this activity
    now (published, not cancelled, started); the admin's form asks before saving."""
    activity = get_activity(activity_id)
    _check_can_keep_record(user=user, activity=activity)
    if activity.status == Activity.Status.CANCELLED:
        raise ServiceError(
            Code.ACTIVITY_CANCELLED, _("This activity has been cancelled.")
        )
    if activity.status != Activity.Status.PUBLISHED:
        raise ServiceError(
            Code.NOT_PUBLISHED, _("This activity has not been published.")
        )
    if timezone.now() < activity.starts_at:
        raise ServiceError(
            Code.NOT_STARTED,
            _("A record can be written once the activity has started."),
        )
    return activity


def record_save(
    *,
    activity_id: int,
    author: User,
    summary: str,
    photos: list[UploadedFile],
    publish: bool,
) -> ActivityRecord:
    """Write (or rewrite) the record of an activity that has started: the summary,
    new photos added after the existing ones, and whether it is published.

    Too many photos (``MAX_PHOTOS_PER_ENTRY`` per record, counting the kept
    ones) or a bad one raise ``ServiceError`` (field ``photos``) before anything
    is written. Attendance is not part of it: it is counted from the check-ins.
    """
    activity = record_check_writable(activity_id=activity_id, user=author)
    now = timezone.now()
    photos_check(
        photos,
        already=RecordPhoto.objects.filter(record__activity_id=activity.pk).count(),
    )
    with transaction.atomic():
        record, _created = ActivityRecord.objects.select_for_update().get_or_create(
            activity_id=activity.pk,
            defaults={"summary": summary, "author": author},
        )
        record.summary = summary
        record.author = author
        _set_published(record, publish, now=now)
        record.save()
        photos_attach(model=RecordPhoto, owner=record, photos=photos)
    return record


def record_publish(*, record_id: int, by_user: User) -> ActivityRecord:
    """Publish a record written earlier (the first publication time is kept)."""
    record = (
        ActivityRecord.objects.select_related("activity").filter(pk=record_id).first()
    )
    if record is None:
        raise ServiceError(Code.RECORD_NOT_FOUND, _("This record does not exist."))
    _check_can_keep_record(user=by_user, activity=record.activity)
    with transaction.atomic():
        record = ActivityRecord.objects.select_for_update().get(pk=record_id)
        if not record.is_published:
            _set_published(record, True, now=timezone.now())
            record.save(update_fields=["is_published", "published_at", "updated_at"])
    return record
