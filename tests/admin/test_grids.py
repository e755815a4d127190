"""Grids, buildings and posters in the admin: the workers offered, bad input refused."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.html import escape

from grids.models import (
    Building,
    CivilityPoster,
    Grid,
    GridContent,
)
from tests.admin.site import (
    admin_url,
    field_errors,
    in_chinese,
    oversize_jpeg,
    post_add,
    truncated_jpeg,
    upload,
)
from tests.factories import (
    BuildingFactory,
    GridFactory,
)


def test_grid_workers_are_chosen_among_grid_workers_only(
    client, staff_user, resident, grid_worker
):
    client.force_login(staff_user)
    response = client.get(admin_url(Grid, "add"))
    choices = response.context["adminform"].form.fields["workers"].queryset
    assert grid_worker in choices
    assert resident not in choices
    assert staff_user not in choices


def test_a_building_in_no_grid_is_refused_on_grid(staff_client):
    response = post_add(staff_client, Building, {"number": "27", "grid": ""})
    message = "Every building must belong to a grid."
    assert field_errors(response, "grid") == [in_chinese(message)]
    assert not Building.objects.exists()

    grid = GridFactory(number=4)
    response = post_add(staff_client, Building, {"number": "27", "grid": grid.pk})
    assert response.status_code == 302
    assert Building.objects.get().grid == grid


def grid_data(**overrides):
    data = {
        "number": "5",
        "theme": "悦邻",
        "theme_meaning": "睦邻友好",
        "slogan": "远亲不如近邻",
        "stairwell": "悦邻楼道",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("number", ["0", "10", "-1"])
def test_a_grid_number_outside_1_to_9_is_refused_on_number(staff_client, number):
    response = post_add(staff_client, Grid, grid_data(number=number))
    message = "The grid number must be between 1 and 9."
    assert field_errors(response, "number") == [in_chinese(message)]
    assert not Grid.objects.exists()


def test_a_grid_is_saved_with_its_buildings_and_content(staff_client):
    response = post_add(
        staff_client,
        Grid,
        {
            **grid_data(),
            "buildings-TOTAL_FORMS": "2",
            "buildings-0-number": "11",
            "buildings-0-households": "24",
            "buildings-1-number": "12",
            "contents-TOTAL_FORMS": "1",
            "contents-0-kind": GridContent.Kind.FAMILY_TRADITION,
            "contents-0-title": "家风家训",
            "contents-0-body": "孝老爱亲",
            "contents-0-is_published": "on",
            "contents-0-position": "0",
            "contents-0-image": upload(),
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    grid = Grid.objects.get()
    assert sorted(grid.buildings.values_list("number", flat=True)) == [11, 12]
    assert grid.contents.get().image


@pytest.mark.parametrize(
    ("inline", "why"),
    [
        (
            {
                "buildings-TOTAL_FORMS": "1",
                "buildings-0-number": "7",  # taken by another grid's building
            },
            "A building with this number already exists.",
        ),
        (
            {
                "buildings-TOTAL_FORMS": "1",
                "buildings-0-number": "11",
                "contents-TOTAL_FORMS": "1",
                "contents-0-kind": GridContent.Kind.PARTY_BUILDING,
                "contents-0-title": "党建引领",
                "contents-0-body": "……",
                "contents-0-position": "0",
                "contents-0-image": SimpleUploadedFile("x.jpg", b"no picture here"),
            },
            "This file is not a recognisable image or it is incomplete. Please upload a JPG or PNG photo.",
        ),
    ],
)
def test_an_error_in_an_inline_saves_nothing(staff_client, inline, why):
    BuildingFactory(number=7, grid=GridFactory(number=1))
    response = post_add(staff_client, Grid, {**grid_data(), **inline})
    assert response.status_code == 200
    assert in_chinese(why) in response.content.decode()
    assert Grid.objects.count() == 1  # only grid 1, made above
    assert Building.objects.count() == 1
    assert not GridContent.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"GIF89a but not really" * 10,
            "This file is not a recognisable image or it is incomplete. Please upload a JPG or PNG photo.",
        ),
        (
            truncated_jpeg(),
            "This file is not a recognisable image or it is incomplete. Please upload a JPG or PNG photo.",
        ),
        (
            oversize_jpeg(),
            "The image is too large (at most %(limit)d MB). Please choose another or compress it.",
        ),
    ],
    ids=["not-an-image", "truncated", "over-20-mb"],
)
def test_a_bad_image_is_refused_on_its_field(staff_client, data, message):
    response = post_add(
        staff_client,
        CivilityPoster,
        {"title": "文明宣传画", "image": upload("poster.jpg", data), "position": "0"},
    )
    errors = field_errors(response, "image")
    assert len(errors) == 1
    with translation.override("zh-hans"):
        assert errors == [translation.gettext(message) % {"limit": 20}]
    assert escape(errors[0]) in response.content.decode()
    assert not CivilityPoster.objects.exists()

    response = post_add(
        staff_client,
        CivilityPoster,
        {"title": "文明宣传画", "image": upload("poster.jpg"), "position": "0"},
    )
    assert response.status_code == 302
    assert CivilityPoster.objects.get().image
