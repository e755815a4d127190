"""The sign-up form of an activity for an adult of a household: pick who comes;
the refusals shown on the form, nothing half-saved; the grid's figure."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import Campaign, Registration
from activities.services import party_registration_create
from community_portal.accounts.services import household_create, household_member_add
from tests.activities.helpers import in_chinese, page
from tests.factories import ActivityFactory, BuildingFactory, UserFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status


@pytest.fixture
def family():
    daughter = UserFactory(birth_year=1975, name="王芳")
    household_create(user=daughter, building_id=BuildingFactory().pk, room="2-301")
    mother = household_member_add(
        user=daughter, name="王奶奶", birth_year=1940, relation="parent"
    )
    child = household_member_add(
        user=daughter, name="小明", birth_year=2018, relation="grandchild"
    )
    return daughter, mother, child


def register_url(activity):
    return reverse("activities:register", kwargs={"pk": activity.pk})


def test_the_form_lists_the_members_with_their_age_rule(client, family):
    daughter, mother, child = family
    banquet = ActivityFactory(min_age=80)
    client.force_login(daughter)

    html = page(client.get(banquet.get_absolute_url()))

    assert f'value="{mother.pk}"' in html and f'value="{child.pk}"' in html
    assert "王奶奶 (1940)" in html
    # The child is too young: their box cannot be ticked; the mother's can.
    assert "disabled" in box(html, f"member-{child.pk}")
    assert "disabled" not in box(html, f"member-{mother.pk}")
    assert (
        in_chinese("This activity is for residents aged %(age)s and over.")
        % {"age": 80}
        in html
    )


def box(html: str, element_id: str) -> str:
    """The rest of the ``<input>`` tag with this id."""
    match = re.search(rf'id="{element_id}"([^>]*)>', html)
    assert match, element_id
    return match.group(1)


def test_the_daughter_signs_her_mother_up_for_the_banquet(client, family):
    daughter, mother, _child = family
    banquet = ActivityFactory(min_age=80, capacity=20)
    client.force_login(daughter)

    response = client.post(register_url(banquet), {"members": [mother.pk]})

    assert response.status_code == 302
    row = Registration.objects.get(activity=banquet)
    assert (row.user, row.member, row.status) == (daughter, mother, Status.CONFIRMED)
    html = page(client.get(banquet.get_absolute_url()))
    assert "王奶奶" in html
    me = page(client.get(reverse("me")))
    assert "王奶奶" in me


def test_a_member_too_young_is_refused_on_the_form_and_nothing_saved(client, family):
    daughter, mother, child = family
    activity = ActivityFactory(min_age=12, capacity=20, max_companions=3)
    client.force_login(daughter)

    response = client.post(
        register_url(activity), {"include_self": "on", "members": [child.pk]}
    )

    assert response.status_code == 409
    assert "小明" in page(response)
    assert not Registration.objects.filter(activity=activity).exists()


def test_nobody_picked_is_asked_again(client, family):
    daughter, _mother, _child = family
    activity = ActivityFactory(capacity=20)
    client.force_login(daughter)

    response = client.post(register_url(activity), {})

    assert response.status_code == 400
    assert in_chinese("Choose who is coming.") in page(response)
    assert not Registration.objects.exists()


def test_a_forged_member_id_is_refused(client, family):
    daughter, _mother, _child = family
    activity = ActivityFactory(capacity=20)
    client.force_login(daughter)

    response = client.post(register_url(activity), {"members": ["999999", "x"]})

    assert response.status_code == 400
    assert not Registration.objects.exists()


def test_a_household_larger_than_the_free_seats_waits_together(client, family):
    daughter, mother, child = family
    activity = ActivityFactory(capacity=2, max_companions=2)
    client.force_login(daughter)

    response = client.post(
        register_url(activity),
        {"include_self": "on", "members": [mother.pk, child.pk]},
        follow=True,
    )

    assert set(
        Registration.objects.filter(activity=activity).values_list("status", flat=True)
    ) == {Status.WAITLISTED}
    assert Registration.objects.filter(activity=activity).count() == 3
    assert response.status_code == 200


def test_a_member_seat_is_cancelled_alone(client, family):
    daughter, mother, child = family
    activity = ActivityFactory(capacity=20, max_companions=2)
    rows = party_registration_create(
        activity_id=activity.pk, user=daughter, member_ids=[mother.pk, child.pk]
    )
    client.force_login(daughter)
    child_row = next(row for row in rows if row.member_id == child.pk)

    client.post(
        reverse("activities:cancel_registration", kwargs={"pk": activity.pk}),
        {"registration": child_row.pk},
    )

    statuses = dict(
        Registration.objects.filter(activity=activity).values_list("pk", "status")
    )
    assert statuses[child_row.pk] == Status.CANCELLED
    assert sorted(statuses.values()).count(Status.CONFIRMED) == 2


def test_the_grid_page_shows_the_households_taking_part(client, family):
    daughter, _mother, child = family
    building = daughter.household_member.household.building
    UserFactory(birth_year=1980)
    other = UserFactory(birth_year=1980)
    household_create(user=other, building_id=building.pk, room="2-302")
    sorting = ActivityFactory(capacity=20, max_companions=2)
    sorting.campaigns.add(Campaign.objects.get(slug="garbage-sorting"))
    (row,) = party_registration_create(
        activity_id=sorting.pk, user=daughter, member_ids=[child.pk], include_self=False
    )
    Registration.objects.filter(pk=row.pk).update(checked_in_at=timezone.now())

    response = client.get(building.grid.get_absolute_url())

    context = response.context["household_participation"]
    assert (context.households, context.taking_part, context.rate) == (2, 1, 50.0)
    assert "50.0%" in page(response)


def test_the_door_page_names_each_member_whose_seat_it_is(client, family, staff_user):
    daughter, mother, child = family
    activity = ActivityFactory(max_companions=3)
    party_registration_create(
        activity_id=activity.pk, user=daughter, member_ids=[mother.pk, child.pk]
    )
    client.force_login(staff_user)

    html = page(client.get(reverse("activities:checkin", kwargs={"pk": activity.pk})))

    # Staff see the full names of the seats: the daughter's and each member's.
    assert "王奶奶" in html and "小明" in html
    assert html.count("王芳") >= 1
