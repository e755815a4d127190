"""The talk corridor's rules that hold whoever asks: the status pipeline, the staff-only
handling (403 for a resident who can see the matter), the append-only timeline, the
admin's read-only status, and photo files going with their rows."""

import uuid

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError
from django.urls import reverse

from community_portal.errors import Refusal, ServiceError
from community_portal.status import BAD_TRANSITION
from tests.admin.site import post_change
from tests.conftest import requires_postgres
from tests.factories import UserFactory
from tests.factories import jpeg_upload as jpeg
from venues import services
from venues.errors import Code
from venues.models import Matter, MatterEvent, MatterPhoto

from .factories import MatterFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def raise_matter(author, **overrides) -> Matter:
    data = {
        "title": "楼道灯不亮",
        "description": "三单元楼道灯坏了一周。",
        "category": Matter.Category.FACILITIES,
        "submission_key": uuid.uuid4(),
    }
    data.update(overrides)
    return services.matter_create(author=author, **data)[0]


# --- The status pipeline ----------------------------------------------------------------


def test_the_pipeline_lists_exactly_the_moves_the_services_make():
    S = Matter.Status
    assert Matter.PIPELINE.transitions == {
        S.OPEN: {S.ACCEPTED, S.IN_PROGRESS, S.RESOLVED},
        S.ACCEPTED: {S.IN_PROGRESS, S.RESOLVED},
        S.IN_PROGRESS: {S.IN_PROGRESS, S.RESOLVED},
        # Only the author's "not solved" (matter_follow_up), once.
        S.RESOLVED: {S.REOPENED},
        S.REOPENED: {S.ACCEPTED, S.IN_PROGRESS, S.RESOLVED},
    }


def test_a_disallowed_move_is_refused_and_nothing_changes(resident, staff_user):
    matter = raise_matter(resident)
    services.matter_set_in_progress(matter_id=matter.pk, by_user=staff_user)
    with pytest.raises(ServiceError) as error:
        services.matter_accept(matter_id=matter.pk, by_user=staff_user)
    assert error.value.code == BAD_TRANSITION
    services.matter_resolve(matter_id=matter.pk, by_user=staff_user, text="修好了。")
    for move in (
        lambda: services.matter_resolve(
            matter_id=matter.pk, by_user=staff_user, text="又"
        ),
        lambda: services.matter_set_in_progress(
            matter_id=matter.pk, by_user=staff_user
        ),
        lambda: services.matter_accept(matter_id=matter.pk, by_user=staff_user),
    ):
        with pytest.raises(ServiceError) as error:
            move()
        assert error.value.code == BAD_TRANSITION
    matter.refresh_from_db()
    assert matter.status == Matter.Status.RESOLVED
    assert list(matter.events.values_list("kind", flat=True)) == [
        "raised",
        "in_progress",
        "resolved",
    ]


# --- Staff only: 403 for a resident who can see the matter ---------------------------------


def test_handling_by_a_resident_is_not_allowed_not_invalid(resident):
    matter = raise_matter(resident)
    neighbour = UserFactory(username="neighbour")
    with pytest.raises(ServiceError) as error:
        services.matter_accept(matter_id=matter.pk, by_user=neighbour)
    assert error.value.code == Code.HANDLE_NOT_ALLOWED
    assert error.value.kind == Refusal.NOT_ALLOWED
    assert error.value.http_status == 403


def test_a_resident_posting_to_the_handling_form_gets_403(client, resident):
    matter = raise_matter(resident)
    client.force_login(UserFactory(username="neighbour"))
    response = client.post(
        reverse("venues:matter_handle", args=[matter.pk]), {"action": "accept"}
    )
    assert response.status_code == 403
    matter.refresh_from_db()
    assert matter.status == Matter.Status.OPEN


# --- Services take the matter's id and read it afresh -------------------------------------


@pytest.mark.parametrize(
    "name, extra",
    [
        ("matter_update", {"title": "t", "description": "d", "category": "other"}),
        ("matter_second", {}),
        ("matter_accept", {}),
        ("matter_reply", {"text": "已通知物业。"}),
        ("matter_set_in_progress", {}),
        ("matter_resolve", {"text": "修好了。"}),
        ("matter_hide", {"reason": "广告"}),
        ("matter_show", {}),
        ("matter_handle", {"action": "accept"}),
    ],
)
def test_a_matter_that_no_longer_exists_is_not_found(name, extra, resident, staff_user):
    matter = MatterFactory(author=resident)
    gone = matter.pk
    matter.delete()  # made directly: no timeline that would protect it
    if name == "matter_second":
        extra = {**extra, "user": UserFactory(username="neighbour")}
    else:
        extra = {
            **extra,
            "by_user": resident if name == "matter_update" else staff_user,
        }
    with pytest.raises(ServiceError) as error:
        getattr(services, name)(matter_id=gone, **extra)
    assert error.value.code == Code.MATTER_NOT_FOUND
    assert error.value.kind == Refusal.NOT_FOUND
    assert not MatterEvent.objects.exists()


def test_the_rules_are_checked_on_the_row_as_it_is_now(resident, staff_user):
    matter = raise_matter(resident)
    seen = Matter.objects.get(pk=matter.pk)  # what the edit page showed: still open
    services.matter_accept(matter_id=matter.pk, by_user=staff_user)
    with pytest.raises(ServiceError) as error:
        services.matter_update(
            matter_id=seen.pk,
            by_user=resident,
            title="改了",
            description="x",
            category="other",
        )
    assert error.value.code == Code.NOT_EDITABLE
    matter.refresh_from_db()
    assert matter.title == "楼道灯不亮"


# --- The timeline is append-only -----------------------------------------------------------


def test_timeline_entries_cannot_be_deleted_in_python(resident):
    matter = raise_matter(resident)
    event = matter.events.get()
    with pytest.raises(ServiceError) as error:
        event.delete()
    assert error.value.code == Code.TIMELINE_DELETE_NOT_ALLOWED
    with pytest.raises(ServiceError):
        MatterEvent.objects.filter(matter=matter).delete()
    with pytest.raises(ServiceError):
        MatterEvent.objects.all().delete()
    assert MatterEvent.objects.filter(pk=event.pk).exists()


def test_a_matter_with_a_timeline_cannot_be_deleted(resident):
    matter = raise_matter(resident)
    with pytest.raises(ProtectedError), transaction.atomic():
        matter.delete()
    assert Matter.objects.filter(pk=matter.pk).exists()
    assert MatterEvent.objects.filter(matter=matter).count() == 1


def test_the_admin_offers_no_deletion_of_matters_or_their_timeline(
    admin_client, resident
):
    from django.contrib import admin as django_admin

    matter = raise_matter(resident)
    model_admin = django_admin.site._registry[Matter]
    request = type("Request", (), {"user": resident})()
    assert not model_admin.has_delete_permission(request, matter)
    timeline = next(
        inline(Matter, django_admin.site)
        for inline in model_admin.inlines
        if inline.model is MatterEvent
    )
    assert not timeline.has_delete_permission(request, matter)
    assert MatterEvent not in django_admin.site._registry
    page = admin_client.get(reverse("admin:venues_matter_change", args=[matter.pk]))
    assert page.status_code == 200
    assert "events-0-DELETE" not in page.content.decode()


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_a_raw_delete_of_the_timeline(resident):
    matter = raise_matter(resident)
    with (
        pytest.raises(DatabaseError),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "DELETE FROM venues_matterevent WHERE matter_id = %s", [matter.pk]
        )
    assert MatterEvent.objects.filter(matter=matter).count() == 1


# --- The admin: status is read-only, changed only by the actions ------------------------


def test_an_admin_save_cannot_change_the_status(admin_client, resident):
    matter = raise_matter(resident)
    response = post_change(
        admin_client, matter, {"title": "改过的标题", "status": "resolved"}
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    matter.refresh_from_db()
    assert matter.title == "改过的标题"
    assert matter.status == Matter.Status.OPEN
    assert matter.resolved_at is None


def test_the_admin_action_accepts_through_the_service(admin_client, resident):
    waiting = raise_matter(resident, title="等待回复")
    taken_up = raise_matter(resident, title="已在处理")
    Matter.objects.filter(pk=taken_up.pk).update(status=Matter.Status.IN_PROGRESS)
    response = admin_client.post(
        reverse("admin:venues_matter_changelist"),
        {"action": "accept", "_selected_action": [waiting.pk, taken_up.pk]},
        follow=True,
    )
    assert response.status_code == 200
    waiting.refresh_from_db()
    taken_up.refresh_from_db()
    assert waiting.status == Matter.Status.ACCEPTED
    assert waiting.first_reply_at is not None
    assert list(waiting.events.values_list("kind", flat=True)) == [
        "raised",
        "accepted",
    ]
    # The pipeline refuses the other (in progress cannot go back to accepted).
    assert taken_up.status == Matter.Status.IN_PROGRESS
    assert "已在处理" in response.content.decode()


# --- Photos: the shared base, their files go with their rows ------------------------------


def test_matter_photos_are_ordered_and_their_files_go_with_the_row(
    resident, django_capture_on_commit_callbacks
):
    matter = raise_matter(resident, photos=[jpeg("a.jpg"), jpeg("b.jpg")])
    photos = list(matter.photos.all())
    assert [photo.position for photo in photos] == [0, 1]
    assert all(photo.created_at for photo in photos)
    storage = photos[0].image.storage
    names = [photo.image.name for photo in photos]
    assert all(name.startswith("matters/") for name in names)
    assert all(storage.exists(name) for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        photos[0].delete()
    assert not storage.exists(names[0])
    assert storage.exists(names[1])
    assert MatterPhoto.objects.filter(matter=matter).count() == 1


def test_seven_photos_are_refused_by_the_service(resident):
    with pytest.raises(ServiceError) as error:
        raise_matter(resident, photos=[jpeg() for _ in range(7)])
    assert error.value.field == "photos"
    assert not Matter.objects.exists()
