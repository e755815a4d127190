"""Venues and spaces in the admin: a bad inline saves nothing."""

from tests.admin.site import (
    post_add,
    truncated_jpeg,
    upload,
)
from tests.factories import (
    SpaceFactory,
    VenueFactory,
)
from venues.models import (
    Space,
    SpacePhoto,
    Venue,
)


def test_a_bad_photo_in_the_space_inline_saves_no_space(staff_client):
    venue = VenueFactory()
    response = post_add(
        staff_client,
        Space,
        {
            "venue": venue.pk,
            "name": "悦健室",
            "purpose": "社区乒乓球室",
            "position": "0",
            "photos-TOTAL_FORMS": "2",
            "photos-0-image": upload("table.jpg"),
            "photos-0-position": "0",
            "photos-1-image": upload("cut.jpg", truncated_jpeg()),
            "photos-1-position": "1",
        },
    )
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.errors[1]["image"]
    assert not formset.errors[0]
    assert not Space.objects.exists()
    assert not SpacePhoto.objects.exists()


def test_venue_with_a_duplicate_space_name_saves_nothing(staff_client):
    SpaceFactory(name="悦荟区")
    response = post_add(
        staff_client,
        Venue,
        {
            "name": "“悦立方”文化家园",
            "slug": "yue-cube",
            "kind": Venue.Kind.CULTURE_HOME,
            "summary": "六个场所合为一家",
            "position": "0",
            "spaces-TOTAL_FORMS": "2",
            "spaces-0-name": "博悦舍",
            "spaces-0-purpose": "图书室",
            "spaces-0-position": "0",
            "spaces-1-name": "悦荟区",
            "spaces-1-purpose": "邻里中心休闲场所",
            "spaces-1-position": "1",
        },
    )
    assert response.status_code == 200
    assert not Venue.objects.filter(slug="yue-cube").exists()
    assert not Space.objects.filter(name="博悦舍").exists()
