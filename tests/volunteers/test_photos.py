"""Service request photos: on the shared photo base, at most six, checked before
anything is written, and their files go with their rows."""

import os

import pytest
from django.utils import timezone

from community_portal.images import MAX_PHOTOS_PER_ENTRY, thumbnail_name
from community_portal.photos import TOO_MANY_PHOTOS
from tests.factories import TeamFactory
from volunteers import services
from volunteers.forms import CompleteForm
from volunteers.models import ServiceRequest, ServiceRequestPhoto

from .factories import ServiceRequestFactory, TeamMembershipFactory, VolunteerFactory
from .helpers import jpeg, refused

pytestmark = pytest.mark.django_db


def accepted_request():
    team = TeamFactory()
    member = VolunteerFactory()
    TeamMembershipFactory(team=team, volunteer=member)
    request = ServiceRequestFactory(
        team=team,
        status="accepted",
        dispatched_at=timezone.now(),
        accepted_at=timezone.now(),
        accepted_by=member.user,
    )
    return request, member.user


def test_completing_stores_the_photos_in_order_under_services(media_root):
    request, member = accepted_request()
    services.service_request_complete(
        request_id=request.pk,
        by_user=member,
        note="修好了",
        hours="1",
        photos=[jpeg("a.jpg"), jpeg("b.jpg")],
    )
    photos = list(request.photos.all())
    assert [photo.position for photo in photos] == [0, 1]
    assert all(photo.image.name.startswith("services/") for photo in photos)
    assert all(photo.created_at for photo in photos)


def test_more_than_six_photos_are_refused_and_nothing_is_done(media_root):
    request, member = accepted_request()
    refused(
        TOO_MANY_PHOTOS,
        services.service_request_complete,
        request_id=request.pk,
        by_user=member,
        note="修好了",
        hours="1",
        photos=[jpeg(f"{n}.jpg") for n in range(MAX_PHOTOS_PER_ENTRY + 1)],
    )
    request.refresh_from_db()
    assert request.status == ServiceRequest.Status.ACCEPTED
    assert not ServiceRequestPhoto.objects.exists()


def test_the_form_allows_no_more_than_the_service():
    assert CompleteForm().fields["photos"].max_files == MAX_PHOTOS_PER_ENTRY


def test_deleting_a_photo_or_its_request_deletes_the_files(
    private_media_root, django_capture_on_commit_callbacks
):
    request, member = accepted_request()
    services.service_request_complete(
        request_id=request.pk,
        by_user=member,
        note="修好了",
        hours="1",
        photos=[jpeg("a.jpg"), jpeg("b.jpg")],
    )
    first, second = request.photos.all()
    paths = [
        os.path.join(private_media_root, name)
        for photo in (first, second)
        for name in (photo.image.name, thumbnail_name(photo.image.name))
    ]
    assert all(os.path.exists(path) for path in paths)
    with django_capture_on_commit_callbacks(execute=True):
        first.delete()
    assert not any(os.path.exists(path) for path in paths[:2])
    assert all(os.path.exists(path) for path in paths[2:])
    request.hours_entries.all().delete()  # the hours protect the request they are for
    with django_capture_on_commit_callbacks(execute=True):
        request.delete()
    assert not any(os.path.exists(path) for path in paths)
