"""The door: who runs it, check-in by code and from the list."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.http import urlencode

from activities.models import Registration
from activities.services import checkin_code
from tests.activities.factories import RegistrationFactory
from tests.activities.helpers import (
    SATISFACTION_URL,
    checkin_url,
    in_chinese,
    page,
    record_url,
    today_activity,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


# --- the door: who gets in ------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client):
    activity = today_activity()
    for url in (checkin_url(activity), record_url(activity), SATISFACTION_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("who", ["resident", "grid_worker", "team_leader"])
def test_others_get_403_on_the_door_and_the_record(client, request, who):
    """A leader of another team is as much an outsider as a resident."""
    activity = today_activity()
    client.force_login(request.getfixturevalue(who))
    assert client.get(checkin_url(activity)).status_code == 403
    assert client.get(record_url(activity)).status_code == 403
    registration = RegistrationFactory(activity=activity)
    response = client.post(checkin_url(activity), {"code": checkin_code(registration)})
    assert response.status_code == 403
    registration.refresh_from_db()
    assert not registration.is_checked_in


def test_a_missing_activity_is_404(staff_client):
    assert staff_client.get("/activities/999999/checkin/").status_code == 404
    assert staff_client.get("/activities/999999/record/").status_code == 404


def test_staff_see_the_door_with_full_names(staff_client):
    activity = today_activity(capacity=10)
    RegistrationFactory(
        activity=activity, user=UserFactory(name="张小明"), companions=1
    )
    RegistrationFactory(activity=activity, waitlisted=True)
    response = staff_client.get(checkin_url(activity))
    assert response.status_code == 200
    html = page(response)
    assert "张小明" in html
    assert 'autocapitalize="characters"' in html
    assert 'inputmode="text"' in html
    assert "js/checkin.js" in html
    assert response.context["activity"].seats_taken == 2
    assert response.context["activity"].waitlist_count == 1
    assert response.context["activity"].attendance == 0
    # Phones are masked even for staff on the page.
    assert "138****" in html


def test_the_leader_of_the_team_runs_the_door_with_masked_names(
    client, team_leader, leader_team
):
    activity = today_activity(team=leader_team)
    RegistrationFactory(activity=activity, user=UserFactory(name="张小明"))
    client.force_login(team_leader)
    response = client.get(checkin_url(activity))
    assert response.status_code == 200
    html = page(response)
    assert "张*明" in html
    assert "张小明" not in html
    # Walk-ins are for community staff.
    assert reverse("activities:walk_in", kwargs={"pk": activity.pk}) not in html


# --- the door: codes ------------------------------------------------------------------


def test_a_valid_code_checks_in_once_and_shows_who_came(staff_client, staff_user):
    activity = today_activity(max_companions=2)
    registration = RegistrationFactory(
        activity=activity, user=UserFactory(name="李阿姨"), companions=2
    )
    response = staff_client.post(
        checkin_url(activity), {"code": checkin_code(registration)}
    )
    assert response.status_code == 302
    assert response.url == f"{checkin_url(activity)}?done={registration.pk}"
    registration.refresh_from_db()
    assert registration.is_checked_in
    assert registration.checked_in_by == staff_user

    shown = staff_client.get(response.url)
    html = page(shown)
    assert 'class="door-result door-result-ok"' in html
    assert "李阿姨" in html
    with translation.override("zh-hans"):
        companions = translation.ngettext(
            "+ %(counter)s companion", "+ %(counter)s companions", 2
        ) % {"counter": 2}
    assert companions in html
    assert shown.context["activity"].attendance == 3


def test_a_code_typed_in_lower_case_with_spaces_is_accepted(staff_client):
    activity = today_activity()
    registration = RegistrationFactory(activity=activity)
    typed = " " + checkin_code(registration).lower().replace("-", " - ") + " "
    response = staff_client.post(checkin_url(activity), {"code": typed})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.is_checked_in


def refused(response, message: str) -> str:
    assert response.status_code == 200
    html = page(response)
    assert 'class="door-result door-result-bad"' in html
    assert escape(message) in html, html
    return html


def test_a_tampered_code_is_refused_and_kept_in_the_field(staff_client):
    activity = today_activity()
    registration = RegistrationFactory(activity=activity)
    code = checkin_code(registration)
    tampered = code[:-1] + ("A" if code[-1] != "A" else "B")
    response = staff_client.post(checkin_url(activity), {"code": tampered})
    html = refused(
        response,
        in_chinese("This check-in code is not valid. Please check it and try again."),
    )
    assert f'value="{tampered}"' in html
    registration.refresh_from_db()
    assert not registration.is_checked_in


@pytest.mark.parametrize("code", ["hello", "1-2", "12-34-ABCDEFGH-9", "--", "🙂" * 20])
def test_garbage_codes_are_refused_never_a_500(staff_client, code):
    activity = today_activity()
    response = staff_client.post(checkin_url(activity), {"code": code})
    refused(
        response,
        in_chinese("This check-in code is not valid. Please check it and try again."),
    )


def test_an_empty_or_overlong_code_comes_back_with_its_field_error(staff_client):
    activity = today_activity()
    response = staff_client.post(checkin_url(activity), {"code": "   "})
    assert response.status_code == 200
    assert response.context["code_form"].errors["code"]
    response = staff_client.post(checkin_url(activity), {"code": "X" * 65})
    assert response.status_code == 200
    assert response.context["code_form"].errors["code"]


def test_a_code_for_another_activity_says_so(staff_client):
    activity, other = today_activity(), today_activity()
    registration = RegistrationFactory(activity=other)
    response = staff_client.post(
        checkin_url(activity), {"code": checkin_code(registration)}
    )
    refused(response, in_chinese("This check-in code is for another activity."))
    registration.refresh_from_db()
    assert not registration.is_checked_in


def test_a_code_already_used_says_when_and_by_whom(client, staff_user):
    activity = today_activity()
    registration = RegistrationFactory(
        activity=activity, user=UserFactory(name="王大爷")
    )
    client.force_login(staff_user)
    client.post(checkin_url(activity), {"code": checkin_code(registration)})
    registration.refresh_from_db()
    first = registration.checked_in_at

    response = client.post(checkin_url(activity), {"code": checkin_code(registration)})
    html = page(response)
    assert "王大爷" in html
    assert timezone.localtime(first).strftime("%H:%M") in html
    assert "王主任" in html  # who checked them in
    assert response.context["failure"]["code"] == "already_checked_in"
    registration.refresh_from_db()
    assert registration.checked_in_at == first


def test_waitlisted_and_cancelled_registrations_are_refused(staff_client):
    activity = today_activity()
    waiting = RegistrationFactory(activity=activity, waitlisted=True)
    cancelled = RegistrationFactory(activity=activity, cancelled=True)
    refused(
        staff_client.post(checkin_url(activity), {"code": checkin_code(waiting)}),
        in_chinese("This registration is on the waitlist and has no seat yet."),
    )
    refused(
        staff_client.post(checkin_url(activity), {"code": checkin_code(cancelled)}),
        in_chinese("This registration has been cancelled."),
    )
    assert not Registration.objects.checked_in().exists()


def test_a_cancelled_activity_checks_nobody_in(staff_client):
    activity = today_activity(status="cancelled")
    registration = RegistrationFactory(activity=activity)
    html = page(staff_client.get(checkin_url(activity)))
    assert "checkin_registration" not in html
    refused(
        staff_client.post(checkin_url(activity), {"code": checkin_code(registration)}),
        in_chinese("This activity has been cancelled."),
    )
    registration.refresh_from_db()
    assert not registration.is_checked_in


def test_the_done_parameter_shows_nothing_unless_checked_in_here(staff_client):
    activity, other = today_activity(), today_activity()
    mine = RegistrationFactory(activity=activity)
    elsewhere = RegistrationFactory(activity=other, checked_in_at=timezone.now())
    for done in (mine.pk, elsewhere.pk, "abc", "-1"):
        response = staff_client.get(checkin_url(activity), {"done": done})
        assert response.status_code == 200
        assert response.context["done"] is None


# --- the door: from the list ----------------------------------------------------------


def row_url(activity, registration) -> str:
    return reverse(
        "activities:checkin_registration",
        kwargs={"pk": activity.pk, "registration_pk": registration.pk},
    )


def test_someone_without_a_phone_is_checked_in_from_the_list(
    client, team_leader, leader_team
):
    activity = today_activity(team=leader_team)
    registration = RegistrationFactory(activity=activity)
    client.force_login(team_leader)
    html = page(client.get(checkin_url(activity)))
    assert row_url(activity, registration) in html

    response = client.post(row_url(activity, registration))
    assert response.status_code == 302
    assert response.url.endswith(f"?done={registration.pk}")
    registration.refresh_from_db()
    assert registration.checked_in_by == team_leader


def test_the_list_check_in_refuses_twice_with_a_message(staff_client):
    activity = today_activity()
    registration = RegistrationFactory(activity=activity, checked_in_at=timezone.now())
    response = staff_client.post(row_url(activity, registration), follow=True)
    assert response.status_code == 200
    before_time = in_chinese("Already checked in at %(time)s.").split("%(time)s")[0]
    assert before_time
    assert escape(before_time) in page(response)


def test_the_list_check_in_is_post_only_and_of_this_activity(staff_client):
    activity, other = today_activity(), today_activity()
    registration = RegistrationFactory(activity=other)
    assert staff_client.get(row_url(activity, registration)).status_code == 405
    assert staff_client.post(row_url(activity, registration)).status_code == 404
    registration.refresh_from_db()
    assert not registration.is_checked_in


def test_the_door_runs_a_fixed_number_of_queries(staff_client, assert_same_queries):
    activity = today_activity(capacity=None, max_companions=1)

    def fill(n):
        for i in range(n):
            registration = RegistrationFactory(activity=activity, companions=i % 2)
            if i % 3 == 0:
                registration.checked_in_at = timezone.now()
                registration.checked_in_by = UserFactory()
                registration.save()
        RegistrationFactory.create_batch(n, activity=activity, waitlisted=True)

    done = RegistrationFactory(activity=activity, checked_in_at=timezone.now())
    url = f"{checkin_url(activity)}?{urlencode({'done': done.pk, 'q': '居民'})}"
    staff_client.get(url)
    fill(3)
    assert len(staff_client.get(url).context["registrations"]) == 1 + 3
    assert_same_queries(staff_client, url, grow=lambda: fill(30))
    assert len(staff_client.get(url).context["registrations"]) == 1 + 33
