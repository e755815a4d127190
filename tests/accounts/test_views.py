"""Residents' account pages: sign-up, log in and out, profile, passwords, /me/."""

import datetime
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from activities.models import Registration
from activities.services import checkin_code
from community_portal.accounts.models import User
from community_portal.pages.selectors import PAST_PER_PAGE
from tests.activities.factories import RegistrationFactory
from tests.factories import (
    ActivityFactory,
    BuildingFactory,
    GridFactory,
    SpaceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PASSWORD = "Yue-cube-2024!"
SIGNUP = {
    "name": "王芳",
    "username": "wangfang",
    "phone": "139 0000 1111",
    "birth_year": "1956",
    "building": "",
    "password1": PASSWORD,
    "password2": PASSWORD,
}


@pytest.fixture(autouse=True)
def _default_language(settings):
    # A request under /en/ leaves English active in the thread; start each test in
    # the default language, so reverse() gives unprefixed paths.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def english(url_name):
    with translation.override("en"):
        return reverse(url_name)


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")


# ---- Sign-up ---------------------------------------------------------------


def test_signup_page_offers_the_buildings_grouped_by_grid(client):
    grid = GridFactory(number=4)
    BuildingFactory(number=11, grid=grid)

    response = client.get(reverse("accounts:signup"))

    assert response.status_code == 200
    content = response.content.decode()
    assert f'<optgroup label="{grid}">' in content
    assert 'name="password1"' in content


def test_signup_creates_the_account_logs_in_and_goes_to_me(client):
    building = BuildingFactory(number=11, grid=GridFactory(number=4))

    response = client.post(
        reverse("accounts:signup"), {**SIGNUP, "building": str(building.pk)}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("me")
    user = User.objects.get(username="wangfang")
    assert (user.name, user.phone, user.birth_year) == ("王芳", "13900001111", 1956)
    assert user.building_id == building.pk
    assert logged_in_user_id(client) == str(user.pk)


def test_signup_goes_back_to_next(client):
    target = reverse("activities:list")

    response = client.post(reverse("accounts:signup"), {**SIGNUP, "next": target})

    assert response["Location"] == target


def test_signup_ignores_a_next_on_another_site(client):
    response = client.post(
        reverse("accounts:signup"), {**SIGNUP, "next": "https://evil.example/"}
    )

    assert response["Location"] == reverse("me")


def test_signed_in_user_is_sent_on_from_signup(client, resident):
    client.force_login(resident)

    response = client.get(reverse("accounts:signup"))

    assert response["Location"] == reverse("me")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"password1": "12345678", "password2": "12345678"}, "too common"),
        ({"password2": "Something-else-99"}, "didn’t match"),
        ({"phone": "12ab"}, "mainland China mobile number"),
        ({"phone": "+1 415 555 0100"}, "mainland China mobile number"),
        ({"name": ""}, "This field is required."),
    ],
    ids=["weak-password", "mismatch", "phone", "foreign-phone", "no-name"],
)
def test_signup_error_keeps_what_was_typed_and_creates_nothing(
    client, resident, changes, message
):
    users_before = User.objects.count()

    # English, so the assertions read Django's English messages.
    response = client.post(english("accounts:signup"), {**SIGNUP, **changes})

    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    # The errors stand at the top of the form, before its first field.
    assert content.index('id="form-errors"') < content.index('name="name"')
    assert message in content.split('id="form-errors"')[1].split("</div>")[0]
    assert User.objects.count() == users_before
    assert logged_in_user_id(client) is None
    # What was typed is still there (except the passwords, never sent back).
    typed = {**SIGNUP, **changes}
    assert f'value="{typed["username"]}"' in content
    assert 'value="1956"' in content
    assert PASSWORD not in content


# ---- Log in and out ----------------------------------------------------------


def test_login_goes_back_to_next(client, resident):
    target = reverse("activities:list")

    response = client.post(
        reverse("login"),
        {"username": "resident", "password": "pass-word-123", "next": target},
    )

    assert response.status_code == 302
    assert response["Location"] == target
    assert logged_in_user_id(client) == str(resident.pk)


def test_logout_is_a_post(client, resident):
    client.force_login(resident)

    assert client.get(reverse("logout")).status_code == 405
    assert logged_in_user_id(client) == str(resident.pk)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert logged_in_user_id(client) is None


def test_logged_out_page_renders_without_a_redirect_setting(client, resident, settings):
    settings.LOGOUT_REDIRECT_URL = None
    client.force_login(resident)

    response = client.post(reverse("logout"))

    assert response.status_code == 200
    assert "registration/logged_out.html" in [t.name for t in response.templates]
    assert reverse("login") in response.content.decode()


# ---- Profile -----------------------------------------------------------------


def test_profile_needs_login(client):
    url = reverse("accounts:profile")

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_profile_shows_the_owner_their_full_phone(client, resident):
    client.force_login(resident)

    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 200
    assert resident.phone in response.content.decode()


def test_profile_update_saves_and_redirects(client, resident):
    building = BuildingFactory(number=9, grid=GridFactory(number=3))
    client.force_login(resident)

    response = client.post(
        reverse("accounts:profile"),
        {
            "name": "张晓明",
            "phone": "139-1111-2222",
            "email": "zxm@example.org",
            "birth_year": "1950",
            "building": str(building.pk),
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    resident.refresh_from_db()
    assert (resident.name, resident.phone, resident.email, resident.birth_year) == (
        "张晓明",
        "13911112222",
        "zxm@example.org",
        1950,
    )
    assert resident.building_id == building.pk
    page = client.get(reverse("accounts:profile")).content.decode()
    assert str(building.grid) in page


def test_profile_with_an_error_saves_nothing_and_keeps_the_input(client, resident):
    client.force_login(resident)

    response = client.post(
        english("accounts:profile"),
        {"name": "张晓明", "phone": "12ab", "email": "", "birth_year": ""},
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "mainland China mobile number" in content
    assert 'value="张晓明"' in content
    resident.refresh_from_db()
    assert resident.name == "张小明"


# ---- Passwords ---------------------------------------------------------------


def test_password_change(client, resident):
    client.force_login(resident)
    assert client.get(reverse("password_change")).status_code == 200

    response = client.post(
        reverse("password_change"),
        {
            "old_password": "pass-word-123",
            "new_password1": PASSWORD,
            "new_password2": PASSWORD,
        },
    )

    assert response["Location"] == reverse("password_change_done")
    assert client.get(response["Location"]).status_code == 200
    resident.refresh_from_db()
    assert resident.check_password(PASSWORD)


def test_password_reset_mails_a_link_that_works(client, resident):
    resident.email = "zxm@example.org"
    resident.save()
    assert client.get(reverse("password_reset")).status_code == 200

    response = client.post(reverse("password_reset"), {"email": "ZXM@example.org"})

    assert response["Location"] == reverse("password_reset_done")
    assert client.get(response["Location"]).status_code == 200
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["zxm@example.org"]
    assert "\n" not in message.subject
    link = re.search(r"https?://testserver(/\S+)", message.body).group(1)

    # The token link redirects to a session-held "set-password" address.
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"]
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": PASSWORD, "new_password2": PASSWORD},
    )

    assert response["Location"] == reverse("password_reset_complete")
    assert client.get(response["Location"]).status_code == 200
    resident.refresh_from_db()
    assert resident.check_password(PASSWORD)
    # Used once, the link is dead.
    assert not client.get(link, follow=True).context["validlink"]


def test_password_reset_for_an_unknown_address_sends_nothing(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})

    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


# ---- /me/ --------------------------------------------------------------------


def past_activity(**kwargs):
    starts_at = timezone.now() - datetime.timedelta(days=10)
    return ActivityFactory(
        starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2), **kwargs
    )


def test_me_needs_login(client):
    response = client.get(reverse("me"))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={reverse('me')}"


def test_me_shows_own_registrations_in_their_groups(client, resident):
    other = UserFactory(username="other")
    upcoming = RegistrationFactory(user=resident, activity__title="端午包粽子")
    full = ActivityFactory(title="悦寿宴", capacity=1)
    RegistrationFactory(activity=full, user=other, waitlisted=True)
    waitlisted = RegistrationFactory(activity=full, user=resident, waitlisted=True)
    past = RegistrationFactory(user=resident, activity=past_activity(title="重阳敬老"))
    RegistrationFactory(user=resident, cancelled=True, activity__title="已取消的报名")
    RegistrationFactory(user=other, activity__title="别人的活动")
    client.force_login(resident)

    response = client.get(reverse("me"))

    assert response.status_code == 200
    groups = response.context["registrations"]
    assert groups.upcoming == [upcoming]
    assert groups.waitlisted == [waitlisted]
    assert groups.waitlisted[0].waitlist_position == 2
    assert list(groups.past) == [past]
    content = response.content.decode()
    for title in ["端午包粽子", "悦寿宴", "重阳敬老"]:
        assert title in content
    assert "已取消的报名" not in content
    assert "别人的活动" not in content


def test_me_shows_the_checkin_code_as_text_and_qr(client, resident):
    registration = RegistrationFactory(user=resident)
    code = checkin_code(registration)
    client.force_login(resident)

    content = client.get(reverse("me")).content.decode()

    assert code in content
    svg = re.search(r'<svg viewBox="[^"]+" class="checkin-qr">(.*?)</svg>', content)
    assert svg is not None
    assert f"<title>http://testserver/activities/checkin/{code}/</title>" in svg.group(
        1
    )
    assert "<script" not in content.split("<main", 1)[1].split("</main>", 1)[0]


def test_waitlist_position_follows_the_promotion_order(client, resident):
    activity = ActivityFactory(capacity=1)
    RegistrationFactory(activity=activity)
    earlier = timezone.now() - datetime.timedelta(minutes=5)
    for _ in range(3):
        RegistrationFactory(activity=activity, waitlisted=True, waitlisted_at=earlier)
    RegistrationFactory(activity=activity, user=resident, waitlisted=True)
    RegistrationFactory(activity=activity, waitlisted=True)
    client.force_login(resident)

    response = client.get(reverse("me"))

    assert response.context["registrations"].waitlisted[0].waitlist_position == 4


def make_registrations(user, count):
    for index in range(count):
        kind = index % 3
        if kind == 0:
            RegistrationFactory(user=user)
        elif kind == 1:
            RegistrationFactory(user=user, waitlisted=True)
        else:
            RegistrationFactory(user=user, activity=past_activity())


def count_me_queries(client):
    # Warm: the places a seat names come from a cached short list, read once.
    client.get(reverse("me"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("me"))
    assert response.status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def test_me_query_count_does_not_grow_with_registrations(client):
    few, many = UserFactory(username="few"), UserFactory(username="many")
    make_registrations(few, 3)
    make_registrations(many, 30)
    assert Registration.objects.filter(user=many).count() == 30

    client.force_login(few)
    with_3 = count_me_queries(client)
    client.force_login(many)
    with_30 = count_me_queries(client)

    assert len(with_3) == len(with_30), "\n".join(with_30)


def test_every_past_activity_is_reachable_a_page_at_a_time(client, resident):
    for _ in range(PAST_PER_PAGE + 3):
        RegistrationFactory(user=resident, activity=past_activity())
    client.force_login(resident)

    first = client.get(reverse("me")).context["registrations"].past
    last = client.get(reverse("me"), {"page": "2"}).context["registrations"].past

    assert first.paginator.count == PAST_PER_PAGE + 3
    assert len(first.object_list) == PAST_PER_PAGE
    assert len(last.object_list) == 3
    assert not {r.pk for r in first} & {r.pk for r in last}
    assert client.get(reverse("me"), {"page": "junk"}).status_code == 200


def test_me_names_the_place_as_it_is_now_though_places_are_cached(client, resident):
    """A seat's venue and space come from the cached short lists: renaming a
    space is seen on the next request, coming and past alike."""
    space = SpaceFactory(name="书画室")
    coming = RegistrationFactory(user=resident, activity__space=space)
    RegistrationFactory(user=resident, activity=past_activity(space=space))
    client.force_login(resident)
    assert client.get(reverse("me")).content.decode().count("书画室") == 2

    space.name = "墨香书画室"
    space.save()

    content = client.get(reverse("me")).content.decode()
    assert content.count("墨香书画室") == 2
    assert coming.activity.title in content
