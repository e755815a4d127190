"""A resident's way through an activity on the pages: sign up, the waitlist,
cancel, rate. Every refusal is a clear message on the page, keeps what was typed,
changes nothing and is never a 500."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from activities import services
from activities.models import Activity, Rating, Registration
from tests.activities.factories import RegistrationFactory
from tests.factories import ActivityFactory, UserFactory

pytestmark = pytest.mark.django_db


def register_url(activity):
    return reverse("activities:register", args=[activity.pk])


def cancel_url(activity):
    return reverse("activities:cancel_registration", args=[activity.pk])


def rate_url(activity):
    return reverse("activities:rate", args=[activity.pk])


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def held_activity(**kwargs) -> Activity:
    """An activity that ended yesterday."""
    starts_at = timezone.now() - datetime.timedelta(days=1, hours=2)
    return ActivityFactory(
        starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2), **kwargs
    )


def attended(activity, user) -> Registration:
    return RegistrationFactory(
        activity=activity, user=user, checked_in_at=activity.starts_at
    )


def assert_refused(response, message: str) -> str:
    """The page came back (no redirect, no 500) and says ``message``."""
    assert response.status_code in (400, 409), response.status_code
    content = response.content.decode()
    assert message in content, content
    assert 'role="alert"' in content
    return content


# --- signing up ---------------------------------------------------------------------


def test_sign_up_confirms_and_points_to_the_check_in_code(client, resident):
    activity = ActivityFactory(capacity=10)
    client.force_login(resident)

    response = client.post(register_url(activity), follow=True)

    registration = Registration.objects.get(activity=activity, user=resident)
    assert registration.status == Registration.Status.CONFIRMED
    assert response.redirect_chain == [(activity.get_absolute_url(), 302)]
    content = response.content.decode()
    assert "您已报名" in content or "You are signed up" in content
    assert reverse("me") in content
    assert cancel_url(activity) in content  # the cancel button
    assert register_url(activity) not in content  # no second sign-up button


def test_sign_up_with_companions(client, resident):
    activity = ActivityFactory(capacity=10, max_companions=2)
    client.force_login(resident)

    page = client.get(activity.get_absolute_url()).content.decode()
    assert 'name="companions"' in page
    client.post(register_url(activity), {"companions": "2"})

    assert Registration.objects.get(activity=activity, user=resident).companions == 2


def test_full_activity_puts_the_resident_on_the_waitlist_with_position(
    client, resident
):
    activity = ActivityFactory(capacity=1)
    RegistrationFactory(activity=activity)
    RegistrationFactory(
        activity=activity, waitlisted=True, user=UserFactory(username="first")
    )
    client.force_login(resident)

    page = client.get(activity.get_absolute_url()).content.decode()
    response = client.post(register_url(activity), follow=True)

    registration = Registration.objects.get(activity=activity, user=resident)
    assert registration.status == Registration.Status.WAITLISTED
    [message] = messages_of(response)
    assert "2" in message
    assert response.context["registration"].waitlist_position == 2
    assert "btn-signup" in page  # the button said "join the waitlist"


def test_closed_window_is_refused_on_the_page(client, resident):
    activity = ActivityFactory(
        registration_opens_at=timezone.now() - datetime.timedelta(days=3),
        registration_closes_at=timezone.now() - datetime.timedelta(hours=1),
    )
    client.force_login(resident)

    response = client.post(register_url(activity))

    assert_refused(response, "报名已截止")
    assert not Registration.objects.exists()


def test_not_open_yet_is_refused_and_says_when(client, resident):
    activity = ActivityFactory(
        registration_opens_at=timezone.now() + datetime.timedelta(days=1)
    )
    client.force_login(resident)

    page = client.get(activity.get_absolute_url()).content.decode()
    response = client.post(register_url(activity))

    assert "btn-signup" not in page
    assert response.status_code == 409
    assert not Registration.objects.exists()


def test_too_many_companions_is_refused_and_keeps_the_choice(client, resident):
    activity = ActivityFactory(max_companions=2)
    client.force_login(resident)

    response = client.post(register_url(activity), {"companions": "5"})

    assert response.status_code in (400, 409)
    assert not Registration.objects.exists()
    assert response.context["registration_form"]["companions"].value() == "5"


def test_companions_where_none_are_taken_is_a_clear_message(client, resident):
    activity = ActivityFactory(max_companions=0)
    client.force_login(resident)

    response = client.post(register_url(activity), {"companions": "1"})

    assert_refused(response, "不可携带同行人")
    assert not Registration.objects.exists()


def test_not_old_enough_for_the_longevity_banquet(client):
    activity = ActivityFactory(title="悦寿宴", min_age=80)
    young = UserFactory(birth_year=timezone.localdate().year - 60)
    client.force_login(young)

    response = client.post(register_url(activity))

    assert_refused(response, "80")
    assert not Registration.objects.exists()
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "80" in page  # the age rule is on the page beforehand too


def test_the_page_and_the_card_say_beforehand_that_a_resident_is_too_young(client):
    activity = ActivityFactory(title="悦寿宴", min_age=80)
    born_1985 = UserFactory(birth_year=1985)
    client.force_login(born_1985)

    detail = client.get(activity.get_absolute_url()).content.decode()
    cards = client.get(reverse("activities:list")).content.decode()

    for html in (detail, cards):
        assert 'class="badge-ineligible"' in html or "is-ineligible" in html
        assert "80" in html
    # No button to tap only to be refused afterwards.
    assert register_url(activity) not in detail
    assert 'class="badge-ineligible"' in cards


def test_an_eligible_or_unknown_age_gets_no_hint_and_the_button(client):
    activity = ActivityFactory(title="悦寿宴", min_age=80)
    for user in (UserFactory(birth_year=1940), UserFactory(birth_year=None)):
        client.force_login(user)
        detail = client.get(activity.get_absolute_url()).content.decode()
        cards = client.get(reverse("activities:list")).content.decode()
        assert "is-ineligible" not in detail
        assert "badge-ineligible" not in cards
        assert register_url(activity) in detail


def test_too_old_for_a_childrens_activity_is_refused_with_the_rule(client):
    activity = ActivityFactory(title="少儿书法", min_age=6, max_age=12)
    client.force_login(UserFactory(birth_year=1985))

    response = client.post(register_url(activity))

    assert_refused(response, "12")
    assert not Registration.objects.exists()


def test_cancelling_a_seat_asks_for_confirmation_first(client, resident):
    activity = ActivityFactory()
    services.registration_create(activity_id=activity.pk, user=resident)
    client.force_login(resident)

    html = client.get(activity.get_absolute_url()).content.decode()

    form = html[html.index('class="cancel-form') :]
    form = form[: form.index("</form>")]
    assert "data-confirm=" in form
    assert 'data-confirm=""' not in form


def test_old_enough_for_the_longevity_banquet(client):
    activity = ActivityFactory(title="悦寿宴", min_age=80)
    elder = UserFactory(birth_year=timezone.localdate().year - 85)
    client.force_login(elder)

    client.post(register_url(activity))

    assert Registration.objects.filter(activity=activity, user=elder).exists()


def test_double_click_makes_one_registration_and_a_friendly_message(client, resident):
    activity = ActivityFactory()
    client.force_login(resident)

    client.post(register_url(activity))
    second = client.post(register_url(activity), follow=True)

    assert Registration.objects.filter(activity=activity, user=resident).count() == 1
    assert second.status_code == 200
    assert messages_of(second)[-1] == "您已报名本活动。"


def test_cancelled_activity_takes_no_sign_ups_and_shows_no_button(client, resident):
    activity = ActivityFactory(
        status=Activity.Status.CANCELLED, cancellation_reason="暴雨"
    )
    client.force_login(resident)

    page = client.get(activity.get_absolute_url()).content.decode()
    response = client.post(register_url(activity))

    assert "btn-signup" not in page
    assert "暴雨" in page
    assert_refused(response, "已取消")
    assert not Registration.objects.exists()


def test_draft_cannot_be_signed_up_for(client, resident):
    activity = ActivityFactory(status=Activity.Status.DRAFT)
    client.force_login(resident)

    assert client.post(register_url(activity)).status_code == 404
    assert not Registration.objects.exists()


def test_bad_companions_value_is_a_form_error_not_a_500(client, resident):
    activity = ActivityFactory(max_companions=2)
    client.force_login(resident)

    response = client.post(register_url(activity), {"companions": "lots"})

    assert response.status_code == 400
    assert not Registration.objects.exists()


def test_visitor_is_sent_to_log_in_and_back(client):
    activity = ActivityFactory()

    page = client.get(activity.get_absolute_url()).content.decode()
    response = client.post(register_url(activity))

    login = reverse("login")
    assert f"{login}?next={activity.get_absolute_url()}" in page.replace("%2F", "/")
    assert response.status_code == 302
    assert response["Location"].startswith(login)
    assert "next=" in response["Location"]
    assert not Registration.objects.exists()


def test_get_on_the_sign_up_address_goes_back_to_the_activity(client, resident):
    activity = ActivityFactory()
    client.force_login(resident)

    response = client.get(register_url(activity))

    assert response.status_code == 302
    assert response["Location"] == activity.get_absolute_url()
    assert not Registration.objects.exists()


def test_sign_up_needs_the_csrf_token(resident):
    activity = ActivityFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)

    page = client.get(activity.get_absolute_url()).content.decode()
    response = client.post(register_url(activity))

    assert 'name="csrfmiddlewaretoken"' in page
    assert response.status_code == 403
    assert not Registration.objects.exists()


def test_sign_up_works_in_english(client, resident):
    activity = ActivityFactory()
    client.force_login(resident)

    response = client.post(f"/en{register_url(activity)}", follow=True)

    assert Registration.objects.filter(activity=activity, user=resident).exists()
    assert "Your seat is confirmed" in " ".join(messages_of(response)) or (
        "seat is confirmed" in response.content.decode()
    )


# --- cancelling ---------------------------------------------------------------------


def test_cancel_frees_the_seat_for_the_waitlist(client, resident):
    activity = ActivityFactory(capacity=1)
    mine = RegistrationFactory(activity=activity, user=resident)
    waiting = RegistrationFactory(activity=activity, waitlisted=True)
    client.force_login(resident)

    response = client.post(cancel_url(activity), follow=True)

    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert mine.status == Registration.Status.CANCELLED
    assert waiting.status == Registration.Status.CONFIRMED
    assert response.status_code == 200
    assert "btn-signup" in response.content.decode()  # may sign up again


def test_cancel_after_the_cutoff_is_refused_on_the_page(client, resident):
    activity = ActivityFactory(
        starts_at=timezone.now() + datetime.timedelta(hours=1),
        cancellation_cutoff_hours=2,
    )
    mine = RegistrationFactory(activity=activity, user=resident)
    client.force_login(resident)

    page = client.get(activity.get_absolute_url()).content.decode()
    response = client.post(cancel_url(activity))

    assert cancel_url(activity) not in page  # the button is not offered
    assert_refused(response, "取消报名已于")
    mine.refresh_from_db()
    assert mine.status == Registration.Status.CONFIRMED


def test_leave_the_waitlist_from_my_page(client, resident):
    activity = ActivityFactory(capacity=0)
    mine = RegistrationFactory(activity=activity, user=resident, waitlisted=True)
    client.force_login(resident)

    response = client.post(cancel_url(activity), {"next": reverse("me")})

    assert response["Location"] == reverse("me")
    mine.refresh_from_db()
    assert mine.status == Registration.Status.CANCELLED


def test_cancel_keeps_next_on_this_site(client, resident):
    activity = ActivityFactory()
    RegistrationFactory(activity=activity, user=resident)
    client.force_login(resident)

    response = client.post(cancel_url(activity), {"next": "https://evil.example/"})

    assert response["Location"] == activity.get_absolute_url()


def test_cancel_without_a_registration_says_so(client, resident):
    activity = ActivityFactory()
    client.force_login(resident)

    response = client.post(cancel_url(activity), follow=True)

    assert response.status_code == 200
    assert messages_of(response)


# --- rating -------------------------------------------------------------------------


def test_attended_resident_rates_and_sees_the_average(client, resident):
    activity = held_activity()
    attended(activity, resident)
    other = UserFactory()
    attended(activity, other)
    services.rating_create(activity_id=activity.pk, user=other, score=4)
    client.force_login(resident)

    page = client.get(activity.get_absolute_url()).content.decode()
    response = client.post(
        rate_url(activity), {"score": "5", "comment": "很好"}, follow=True
    )

    assert rate_url(activity) in page and 'type="radio"' in page
    rating = Rating.objects.get(activity=activity, user=resident)
    assert (rating.score, rating.comment) == (5, "很好")
    content = response.content.decode()
    assert "4.5" in content
    assert rate_url(activity) not in content  # rated: no form any more


def test_rating_before_attending_is_refused_and_keeps_the_comment(client, resident):
    activity = held_activity()
    RegistrationFactory(activity=activity, user=resident)  # came? not checked in
    client.force_login(resident)

    response = client.post(rate_url(activity), {"score": "3", "comment": "我的意见"})

    assert_refused(response, "签到")
    assert response.context["rating_form"]["comment"].value() == "我的意见"
    assert not Rating.objects.exists()


def test_rating_before_the_end_is_refused(client, resident):
    activity = ActivityFactory()
    RegistrationFactory(activity=activity, user=resident, checked_in_at=timezone.now())
    client.force_login(resident)

    response = client.post(rate_url(activity), {"score": "3"})

    assert response.status_code == 409
    assert not Rating.objects.exists()


def test_rating_twice_is_refused(client, resident):
    activity = held_activity()
    attended(activity, resident)
    client.force_login(resident)
    client.post(rate_url(activity), {"score": "4"})

    response = client.post(rate_url(activity), {"score": "1", "comment": "再评"})

    assert_refused(response, "已经评价")
    assert Rating.objects.get(activity=activity, user=resident).score == 4


def test_rating_after_fourteen_days_is_refused(client, resident):
    starts_at = timezone.now() - datetime.timedelta(days=20)
    activity = ActivityFactory(
        starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2)
    )
    attended(activity, resident)
    client.force_login(resident)

    page = client.get(activity.get_absolute_url()).content.decode()
    response = client.post(rate_url(activity), {"score": "5"})

    assert rate_url(activity) not in page
    assert response.status_code == 409
    assert not Rating.objects.exists()


@pytest.mark.parametrize("score", ["", "0", "6", "five"])
def test_bad_score_is_a_form_error(client, resident, score):
    activity = held_activity()
    attended(activity, resident)
    client.force_login(resident)

    response = client.post(rate_url(activity), {"score": score, "comment": "留着"})

    assert response.status_code == 400
    assert response.context["rating_form"]["comment"].value() == "留着"
    assert not Rating.objects.exists()


def test_too_long_comment_is_a_form_error(client, resident):
    activity = held_activity()
    attended(activity, resident)
    client.force_login(resident)

    response = client.post(rate_url(activity), {"score": "5", "comment": "好" * 501})

    assert response.status_code == 400
    assert not Rating.objects.exists()


def test_my_page_offers_cancel_buttons(client, resident):
    activity = ActivityFactory()
    RegistrationFactory(activity=activity, user=resident)
    client.force_login(resident)

    content = client.get(reverse("me")).content.decode()

    assert cancel_url(activity) in content
    assert f'name="next" value="{reverse("me")}"' in content
