"""Private photos stay private: grid work, issue reports, service requests and hidden
matters are served only through ``/photos/<kind>/<id>/`` to those who may see their
row; everyone else gets 404 for the file and its thumbnail. Public photos (records,
spaces) stay under /media/."""

import os
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import ActivityRecord, RecordPhoto
from community_portal.images import thumbnail_name
from grids.models import IssuePhoto, VisitLogPhoto
from tests.factories import ActivityFactory, BuildingFactory, TeamFactory, UserFactory
from tests.factories import jpeg_upload as jpeg
from tests.grids.factories import IssueReportFactory, VisitLogFactory
from tests.venues.factories import MatterFactory, SpacePhotoFactory
from tests.volunteers.factories import (
    ServiceRequestFactory,
    TeamMembershipFactory,
    VolunteerFactory,
)
from venues.models import MatterPhoto
from volunteers.models import ServiceRequestPhoto

pytestmark = pytest.mark.django_db

JPEG_START = b"\xff\xd8"


@pytest.fixture(autouse=True)
def folders(media_root, private_media_root):
    return media_root, private_media_root


def body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def visit_photo(grid_worker):
    log = VisitLogFactory(
        building=BuildingFactory(grid=grid_worker.worker_grids.get()),
        author=grid_worker,
    )
    return VisitLogPhoto.objects.create(log=log, image=jpeg("IMG_4821.jpg"))


def issue_photo(grid_worker):
    report = IssueReportFactory(
        building=BuildingFactory(grid=grid_worker.worker_grids.get()),
        author=grid_worker,
    )
    return IssuePhoto.objects.create(report=report, image=jpeg("IMG_4822.jpg"))


def assert_hidden_from(client, photo) -> None:
    for url in (photo.url, photo.thumb_url):
        assert client.get(url).status_code == 404, url


def assert_shown_to(client, photo) -> None:
    for url in (photo.url, photo.thumb_url):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "image/jpeg"
        assert body(response).startswith(JPEG_START)
        assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("make", [visit_photo, issue_photo])
def test_grid_photos_only_for_that_grid_and_staff(
    make, client, grid_worker, grid_worker_2, staff_user, resident
):
    photo = make(grid_worker)
    assert photo.url == reverse(
        "private_photo", kwargs={"kind": photo.PRIVATE_KIND, "pk": photo.pk}
    )
    assert_hidden_from(client, photo)  # anonymous
    for outsider in (grid_worker_2, resident):
        client.force_login(outsider)
        assert_hidden_from(client, photo)
    for insider in (grid_worker, staff_user):
        client.force_login(insider)
        assert_shown_to(client, photo)


def test_the_thumbnail_is_the_small_file(client, grid_worker):
    log = VisitLogFactory(
        building=BuildingFactory(grid=grid_worker.worker_grids.get()),
        author=grid_worker,
    )
    photo = VisitLogPhoto.objects.create(log=log, image=jpeg(size=(1200, 900)))
    client.force_login(grid_worker)
    full = body(client.get(photo.url))
    thumb = body(client.get(photo.thumb_url))
    assert len(thumb) < len(full)


def test_service_photos_for_requester_team_and_staff(client, staff_user, resident):
    team = TeamFactory()
    member = VolunteerFactory()
    TeamMembershipFactory(team=team, volunteer=member)
    request = ServiceRequestFactory(
        requester=resident,
        team=team,
        status="accepted",
        dispatched_at=timezone.now(),
        accepted_at=timezone.now(),
        accepted_by=member.user,
    )
    photo = ServiceRequestPhoto.objects.create(request=request, image=jpeg())
    assert_hidden_from(client, photo)
    client.force_login(UserFactory())
    assert_hidden_from(client, photo)
    client.force_login(VolunteerFactory().user)  # a volunteer of no team of the request
    assert_hidden_from(client, photo)
    for allowed in (resident, member.user, staff_user):
        client.force_login(allowed)
        assert_shown_to(client, photo)


def test_a_hidden_matters_photos_only_for_staff_and_its_author(
    client, staff_user, resident
):
    matter = MatterFactory(author=resident)
    photo = MatterPhoto.objects.create(matter=matter, image=jpeg())
    assert_shown_to(client, photo)  # a visible matter is public, photos too
    matter.is_hidden, matter.hidden_reason = True, "含住户门牌"
    matter.save(update_fields=["is_hidden", "hidden_reason"])
    assert_hidden_from(client, photo)
    client.force_login(UserFactory())
    assert_hidden_from(client, photo)
    for allowed in (resident, staff_user):
        client.force_login(allowed)
        assert_shown_to(client, photo)


def test_unknown_kinds_and_ids_are_404(client, staff_user, grid_worker):
    photo = visit_photo(grid_worker)
    client.force_login(staff_user)
    for url in (
        f"/photos/nothing/{photo.pk}/",
        f"/photos/issue/{photo.pk}/",  # a visit photo's id under another kind
        f"/photos/visit/{photo.pk + 1000}/",
        "/photos/visit/99999999999999999999999/",
        "/photos/visit/-1/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(photo.url).status_code == 405


def test_private_files_are_never_under_media_root(
    folders, client, grid_worker, resident
):
    media_root, private_root = folders
    photos = [visit_photo(grid_worker), issue_photo(grid_worker)]
    photos.append(
        MatterPhoto.objects.create(matter=MatterFactory(author=resident), image=jpeg())
    )
    for photo in photos:
        name = photo.image.name
        assert "IMG_" not in name
        for stored in (name, thumbnail_name(name)):
            assert (Path(private_root) / stored).is_file()
            assert not (Path(media_root) / stored).exists()
        assert not photo.image.url.startswith("/media/")
    assert not any(files for _root, _dirs, files in os.walk(media_root))


def test_pages_link_to_the_view_not_to_media(client, grid_worker):
    photo = visit_photo(grid_worker)
    client.force_login(grid_worker)
    page = client.get(reverse("grids:visit_detail", args=[photo.log_id]))
    html = page.content.decode()
    assert photo.url in html
    assert photo.thumb_url.replace("&", "&amp;") in html or photo.thumb_url in html
    assert "/media/" not in html


def test_x_accel_redirect_when_behind_nginx(settings, client, grid_worker):
    settings.PRIVATE_MEDIA_ACCEL_REDIRECT = "/protected/"
    photo = visit_photo(grid_worker)
    client.force_login(grid_worker)
    response = client.get(photo.thumb_url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == (
        f"/protected/{thumbnail_name(photo.image.name)}"
    )
    assert response["Content-Type"] == "image/jpeg"
    assert response.content == b""
    client.logout()
    response = client.get(photo.url)
    assert response.status_code == 404
    assert not response.has_header("X-Accel-Redirect")


def test_record_and_space_photos_stay_public(client, settings):
    record = ActivityRecord.objects.create(activity=ActivityFactory(), summary="纪实")
    photo = RecordPhoto.objects.create(record=record, image=jpeg())
    space_photo = SpacePhotoFactory()
    for public in (photo, space_photo):
        assert public.url.startswith(settings.MEDIA_URL) or public.url.startswith(
            "/" + settings.MEDIA_URL
        )
        assert Path(public.image.path).is_file()
        assert Path(settings.MEDIA_ROOT) in Path(public.image.path).parents


def test_the_admin_links_private_photos_through_the_view(
    client, staff_user, grid_worker
):
    photo = visit_photo(grid_worker)
    client.force_login(staff_user)
    page = client.get(reverse("admin:grids_visitlog_change", args=[photo.log_id]))
    html = page.content.decode()
    assert page.status_code == 200
    assert f'src="{photo.thumb_url.replace("&", "&amp;")}"' in html
    assert f'href="{photo.url}"' in html
    assert "/media/" + photo.image.name not in html
    assert "/protected/" not in html
