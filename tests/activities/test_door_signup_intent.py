"""Signing up before logging in (activities/intent.py): the form's fields are kept
through the login and through creating an account, and the sign-up is then done
with a message; a refusal shows the form as filled. Spending points asks first."""

import time

import pytest
from django.urls import reverse

from activities import intent
from activities.models import Registration
from tests.accounts.test_views import SIGNUP
from tests.activities.helpers import in_chinese, messages_of, page
from tests.factories import ActivityFactory, UserFactory
from tests.volunteers.factories import RewardFactory, VolunteerFactory

pytestmark = pytest.mark.django_db

DONE = "You are signed up, as you asked before logging in."


def register_url(activity) -> str:
    return reverse("activities:register", kwargs={"pk": activity.pk})


def test_a_visitor_sees_the_form_and_a_login_button(client):
    activity = ActivityFactory(max_companions=2)
    html = page(client.get(activity.get_absolute_url()))
    assert f'method="get"\n            action="{register_url(activity)}"' in html
    assert 'name="companions"' in html
    assert 'name="account"' in html  # "create an account" keeps the intent too
    assert (
        "csrfmiddlewaretoken" not in html.split('id="signup"')[1].split("</section>")[0]
    )


def test_the_sign_up_started_before_logging_in_is_done_after_it(client):
    activity = ActivityFactory(max_companions=2)
    UserFactory(username="wangli")

    asked = client.get(register_url(activity), {"companions": "2"})
    assert asked.status_code == 302
    assert asked.url.startswith(reverse("login"))
    assert "next=" in asked.url
    assert not Registration.objects.exists()  # nothing yet
    login_page = client.get(asked.url)
    assert activity.title in page(login_page)  # the message names the activity
    assert f'name="next" value="{register_url(activity)}"' in page(login_page)

    logged_in = client.post(
        asked.url,
        {"username": "wangli", "password": "pass-word-123"},
    )
    assert logged_in.url == register_url(activity)
    done = client.get(logged_in.url, follow=True)

    registration = Registration.objects.get()
    assert registration.user.username == "wangli"
    assert registration.companions == 2
    assert registration.status == Registration.Status.CONFIRMED
    assert in_chinese(DONE) in messages_of(done)
    # Used once: coming back to the address signs up nobody again.
    assert client.get(register_url(activity)).url == activity.get_absolute_url()
    assert Registration.objects.count() == 1


def test_the_intent_is_kept_through_creating_an_account(client):
    activity = ActivityFactory(max_companions=1)

    asked = client.get(register_url(activity), {"companions": "1", "account": "new"})
    assert asked.url.startswith(reverse("accounts:signup"))
    created = client.post(asked.url, SIGNUP)
    assert created.status_code == 302, page(created)
    assert created.url == register_url(activity)
    done = client.get(created.url, follow=True)

    registration = Registration.objects.get()
    assert registration.user.username == SIGNUP["username"]
    assert registration.companions == 1
    assert in_chinese(DONE) in messages_of(done)


def test_the_login_page_carries_the_intent_to_the_sign_up_page(client):
    activity = ActivityFactory()
    asked = client.get(register_url(activity))
    html = page(client.get(asked.url))
    signup = reverse("accounts:signup")
    assert f"{signup}?next={register_url(activity)}" in html


def test_a_refused_intent_says_why_and_signs_up_nobody(client):
    activity = ActivityFactory(max_companions=2, min_age=80)
    user = UserFactory(birth_year=1985)  # too young for it
    client.get(register_url(activity), {"companions": "1"})
    client.force_login(user)

    response = client.get(register_url(activity))

    assert response.status_code == 409
    assert not Registration.objects.exists()
    assert 'id="signup"' in page(response)
    assert 'class="signup-status is-ineligible"' in page(response)


def test_a_stale_or_other_activitys_intent_is_not_used(client, monkeypatch):
    activity, other = ActivityFactory(), ActivityFactory()
    user = UserFactory()
    client.get(register_url(activity))
    client.force_login(user)
    assert client.get(register_url(other)).url == other.get_absolute_url()
    assert client.get(register_url(activity)).url == activity.get_absolute_url()

    client.logout()
    client.get(register_url(activity))
    client.force_login(user)
    later = time.time() + intent.MAX_AGE_SECONDS + 1
    monkeypatch.setattr(intent.time, "time", lambda: later)
    assert client.get(register_url(activity)).url == activity.get_absolute_url()
    assert not Registration.objects.exists()


def test_signed_in_residents_still_post_the_form(client, resident):
    activity = ActivityFactory(max_companions=1)
    client.force_login(resident)
    html = page(client.get(activity.get_absolute_url()))
    assert f'method="post"\n            action="{register_url(activity)}"' in html
    client.post(register_url(activity), {"companions": "1"})
    assert Registration.objects.get().companions == 1


def test_spending_points_asks_first(client):
    volunteer = VolunteerFactory()
    RewardFactory(name="环保袋", points=10, stock=3)
    client.force_login(volunteer.user)
    html = page(client.get(reverse("volunteers:shop")))
    confirm = html.split('data-confirm="')[1].split('"')[0]
    assert "环保袋" in confirm and "10" in confirm


def test_an_adult_of_a_household_is_signed_up_after_logging_in(client):
    """The visitor's form has no household choices: after the login the adult is
    signed up themselves (their household can be added on the page)."""
    from community_portal.accounts.services import (
        household_create,
        household_member_add,
    )
    from tests.factories import BuildingFactory

    activity = ActivityFactory()
    adult = UserFactory(username="wangli", birth_year=1980)
    household_create(user=adult, building_id=BuildingFactory().pk, room="1-101")
    household_member_add(user=adult, name="小明", birth_year=2018, relation="child")
    form = page(client.get(activity.get_absolute_url()))
    assert 'name="include_self" value="on"' in form

    asked = client.get(
        register_url(activity), {"include_self": "on", "companions": "0"}
    )
    logged_in = client.post(
        asked.url, {"username": "wangli", "password": "pass-word-123"}
    )
    client.get(logged_in.url, follow=True)

    registration = Registration.objects.get()
    assert registration.user == adult
    assert registration.member_id is None
    assert registration.status == Registration.Status.CONFIRMED
