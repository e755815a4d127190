"""The service request pages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import TeamFactory
from tests.volunteers.factories import (
    ServiceRequestFactory,
    TeamMembershipFactory,
    VolunteerFactory,
)
from volunteers.models import (
    ServiceCategory,
    ServiceRequest,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def order_data(**overrides):
    data = {
        "category": ServiceCategory.objects.get(name="助老").pk,
        "description": "帮忙买菜",
        "wanted_at": (timezone.localtime() + datetime.timedelta(days=1)).strftime(
            "%Y-%m-%dT%H:%M"
        ),
        "place": "3幢1单元",
    }
    data.update(overrides)
    return data


def test_order_a_service_and_follow_it(client, resident):
    client.force_login(resident)
    response = client.post(reverse("volunteers:service_new"), order_data())
    request = ServiceRequest.objects.get()
    assert response.url == request.get_absolute_url()
    assert client.get(response.url).status_code == 200


@pytest.mark.parametrize(
    "overrides",
    [
        {"category": "abc"},
        {"wanted_at": "tomorrow"},
        {"wanted_at": "2001-01-01T10:00"},
        {"place": ""},
        {"contact_phone": "call me"},
    ],
)
def test_bad_orders_come_back_with_errors(client, resident, overrides):
    client.force_login(resident)
    response = client.post(reverse("volunteers:service_new"), order_data(**overrides))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not ServiceRequest.objects.exists()


def test_staff_order_for_a_resident_by_phone(client, staff_user, resident):
    client.force_login(staff_user)
    response = client.post(
        reverse("volunteers:service_new"), order_data(requester_phone="000")
    )
    assert response.status_code == 200
    assert not ServiceRequest.objects.exists()
    client.post(
        reverse("volunteers:service_new"), order_data(requester_phone=resident.phone)
    )
    request = ServiceRequest.objects.get()
    assert request.requester == resident and request.ordered_by == staff_user


def test_someone_elses_request_is_404(client, resident):
    request = ServiceRequestFactory(
        team=TeamFactory(), status="dispatched", dispatched_at=timezone.now()
    )
    client.force_login(resident)
    assert client.get(request.get_absolute_url()).status_code == 404
    for action in ("accept", "cancel", "rate", "dispatch", "complete"):
        url = reverse("volunteers:service_action", args=[request.pk, action])
        assert client.post(url).status_code == 404
    outsider = VolunteerFactory()
    client.force_login(outsider.user)
    assert client.get(request.get_absolute_url()).status_code == 404
    request.refresh_from_db()
    assert request.status == "dispatched"
    client.logout()
    assert client.get(request.get_absolute_url()).status_code == 302  # to log in


def test_a_member_takes_and_finishes_a_request_with_photos(client, media):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    team = TeamFactory()
    member = VolunteerFactory()
    TeamMembershipFactory(team=team, volunteer=member)
    request = ServiceRequestFactory(
        team=team, status="dispatched", dispatched_at=timezone.now()
    )
    client.force_login(member.user)
    client.post(reverse("volunteers:service_action", args=[request.pk, "accept"]))
    buffer = BytesIO()
    Image.new("RGB", (30, 30)).save(buffer, format="JPEG")
    bad = SimpleUploadedFile("bad.jpg", b"nope", "image/jpeg")
    url = reverse("volunteers:service_action", args=[request.pk, "complete"])
    response = client.post(url, {"note": "修好了", "hours": "1", "photos": [bad]})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "accepted"
    good = SimpleUploadedFile("good.jpg", buffer.getvalue(), "image/jpeg")
    client.post(url, {"note": "修好了", "hours": "junk", "photos": [good]})
    request.refresh_from_db()
    assert request.status == "accepted"  # the hours are a number, or nothing is done
    good.seek(0)
    client.post(url, {"note": "修好了", "hours": "1.5", "photos": [good]})
    request.refresh_from_db()
    assert request.status == "done" and request.photos.count() == 1
    assert request.hours_entries.get().status == "pending"
    # The requester rates; junk ratings are refused.
    client.force_login(request.requester)
    rate = reverse("volunteers:service_action", args=[request.pk, "rate"])
    client.post(rate, {"rating": "99"})
    request.refresh_from_db()
    assert request.status == "done"
    client.post(rate, {"rating": "5", "comment": "很满意"})
    request.refresh_from_db()
    assert request.status == "rated" and request.rating == 5
