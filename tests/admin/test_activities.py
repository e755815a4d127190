"""Bad input on the activity admin form is refused on its field."""

import pytest
from django.utils.html import escape

from activities.models import (
    Activity,
    Audience,
    Campaign,
)
from tests.admin.site import (
    field_errors,
    in_chinese,
    post_add,
)
from tests.factories import (
    SpaceFactory,
    VenueFactory,
)


def activity_data(**overrides):
    data = {
        "title": "端午包粽子",
        "strand": "traditional_culture",
        "status": Activity.Status.DRAFT,
        "summary": "邻里一起包粽子",
        "starts_at_0": "2030-06-01",
        "starts_at_1": "09:00:00",
        "ends_at_0": "2030-06-01",
        "ends_at_1": "11:00:00",
        "audience": Audience.EVERYONE,
        "capacity": "30",
    }
    data.update(overrides)
    return data


def test_a_valid_activity_is_saved(staff_client):
    venue = VenueFactory()
    space = SpaceFactory(venue=venue)
    response = post_add(
        staff_client,
        Activity,
        activity_data(
            venue=venue.pk, space=space.pk, campaigns=[Campaign.objects.first().pk]
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    activity = Activity.objects.get()
    assert activity.space == space
    assert activity.campaigns.count() == 1


@pytest.mark.parametrize("ends_at_1", ["08:00:00", "09:00:00"])
def test_an_activity_that_ends_before_it_starts_is_refused_on_ends_at(
    staff_client, ends_at_1
):
    response = post_add(staff_client, Activity, activity_data(ends_at_1=ends_at_1))
    message = "The end must be after the start."
    assert [in_chinese(message)] == [
        escape(e) for e in field_errors(response, "ends_at")
    ]
    assert in_chinese(message) in response.content.decode()
    assert not Activity.objects.exists()


def test_a_space_of_another_venue_is_refused_on_space(staff_client):
    venue, other = VenueFactory(), VenueFactory()
    space = SpaceFactory(venue=other)
    response = post_add(
        staff_client, Activity, activity_data(venue=venue.pk, space=space.pk)
    )
    message = "The chosen space does not belong to the chosen venue."
    assert field_errors(response, "space") == [in_chinese(message)]
    assert in_chinese(message) in response.content.decode()
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    "overrides",
    [
        {},  # nothing at all
        {"starts_at_0": "not a date", "venue": "999999", "space": "999999"},
        {"space": "SPACE"},  # a space, no venue
        {"venue": "VENUE", "space": "", "ends_at_0": "", "ends_at_1": ""},
        {"capacity": "-3", "status": "archived", "strand": "nonsense"},
    ],
)
def test_broken_activity_forms_come_back_with_errors_not_a_500(staff_client, overrides):
    space = SpaceFactory()
    data = activity_data() if overrides else {}
    for key, value in overrides.items():
        data[key] = {"SPACE": space.pk, "VENUE": space.venue_id}.get(value, value)
    response = post_add(staff_client, Activity, data)
    if overrides == {"space": "SPACE"}:
        # A space without a venue is allowed by the model: it saves.
        assert response.status_code == 302
        return
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert not Activity.objects.exists()
