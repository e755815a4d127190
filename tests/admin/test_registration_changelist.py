"""The registrations changelist at scale: its activity filter is a search box, not a
link for every activity, and a page costs the same queries whatever the table holds."""

import pytest
from django.urls import reverse

from ..activities.factories import RegistrationFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:activities_registration_changelist"


def test_the_activity_filter_does_not_list_every_activity(staff_client):
    listed = RegistrationFactory(activity__title="列出的活动")
    for title in ("第二场活动", "第三场活动"):
        RegistrationFactory(activity__title=title)
    url = reverse(CHANGELIST) + f"?q={listed.user.name}"

    page = staff_client.get(url).content.decode()

    assert "search-related-filter" in page
    assert "列出的活动" in page
    # No filter link for the activities of the rows not listed.
    assert "第二场活动" not in page
    assert "第三场活动" not in page


def test_choosing_an_activity_filters_the_list_and_names_the_choice(staff_client):
    wanted = RegistrationFactory(activity__title="重阳敬老宴")
    other = RegistrationFactory(activity__title="端午包粽子")
    url = reverse(CHANGELIST) + f"?activity__id__exact={wanted.activity_id}"

    response = staff_client.get(url)

    assert list(response.context["cl"].result_list) == [wanted]
    assert other not in response.context["cl"].result_list
    assert 'class="selected"' in response.content.decode()
    assert "重阳敬老宴" in response.content.decode()


def test_a_forged_activity_id_is_not_a_500(staff_client):
    response = staff_client.get(reverse(CHANGELIST) + "?activity__id__exact=abc")
    assert response.status_code in (200, 302)


def test_the_search_box_asks_the_activities_admin(staff_client):
    RegistrationFactory(activity__title="重阳敬老宴")
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "重阳",
            "app_label": "activities",
            "model_name": "registration",
            "field_name": "activity",
        },
    )
    assert response.status_code == 200
    assert [row["text"] for row in response.json()["results"]][0].startswith(
        "重阳敬老宴"
    )


def test_a_filtered_page_runs_the_same_queries_at_any_size(
    staff_client, assert_same_queries
):
    first = RegistrationFactory()
    url = reverse(CHANGELIST) + f"?activity__id__exact={first.activity_id}"

    def grow():
        for _ in range(15):
            RegistrationFactory(activity=first.activity)
        RegistrationFactory.create_batch(10)

    assert_same_queries(staff_client, url, grow)


def test_the_full_list_runs_the_same_queries_at_any_size(
    staff_client, assert_same_queries
):
    RegistrationFactory()
    assert_same_queries(
        staff_client, reverse(CHANGELIST), lambda: RegistrationFactory.create_batch(20)
    )
