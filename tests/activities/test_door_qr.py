"""The door QR of an activity (activities/door_views.py): the printable poster,
residents checking themselves in, volunteers starting and ending their shift, and
forged or wrong QR codes answered in words, never a 500."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from activities.checkin import make_door_token, read_door_token
from activities.models import Activity
from activities.services import door_token
from community_portal.errors import ServiceError
from tests.activities.factories import RegistrationFactory
from tests.activities.helpers import checkin_url, in_chinese, open_door, page
from tests.factories import ActivityFactory, UserFactory
from tests.volunteers.factories import (
    VolunteerFactory,
    VolunteerRoleFactory,
    VolunteerShiftFactory,
)
from volunteers.models import HoursEntry

pytestmark = pytest.mark.django_db

NOT_REGISTERED = (
    "You are not signed up for this activity, so you cannot check in here. "
    "Please ask the organisers at the door."
)


def door_url(activity: Activity) -> str:
    return reverse("activities:door", kwargs={"token": door_token(activity)})


def poster_url(activity: Activity) -> str:
    return reverse("activities:door_poster", kwargs={"pk": activity.pk})


# --- the token -----------------------------------------------------------------------


def test_a_door_token_reads_back_and_a_changed_one_is_refused():
    token = make_door_token(activity_id=42)
    assert read_door_token(token) == 42
    assert read_door_token(token.lower()) == 42
    for forged in [f"43-{token.split('-')[1]}", token[:-1], "42", "²-ABCDEFGH", ""]:
        with pytest.raises(ServiceError) as refused:
            read_door_token(forged)
        assert refused.value.code == "door_invalid"


def test_a_residents_check_in_code_is_not_a_door_token():
    registration = RegistrationFactory()
    from activities.services import checkin_code

    with pytest.raises(ServiceError):
        read_door_token(checkin_code(registration).rsplit("-", 1)[0])


# --- the poster ----------------------------------------------------------------------


def test_staff_and_the_leader_print_the_poster_with_the_door_qr(
    client, staff_user, team_leader, leader_team
):
    activity = ActivityFactory(team=leader_team, location="悦荟区二楼")
    for user in (staff_user, team_leader):
        client.force_login(user)
        response = client.get(poster_url(activity))
        html = page(response)
        assert response.status_code == 200
        assert activity.title in html and "悦荟区二楼" in html
        assert "door-poster.css" in html  # the A4 print rules
        # The QR's SVG is titled with the absolute door address it encodes.
        address = f"http://testserver{door_url(activity)}"
        assert re.search(r"<title>\s*" + re.escape(address) + r"\s*</title>", html)
        assert in_chinese("Open your phone's camera or WeChat and scan this code.") in (
            html.replace("&#x27;", "'")
        )


def test_residents_cannot_print_the_poster(client, resident):
    activity = ActivityFactory()
    client.force_login(resident)
    assert client.get(poster_url(activity)).status_code == 403
    assert (
        client.get(reverse("activities:door_poster", kwargs={"pk": 999999})).status_code
        == 404
    )


def test_the_door_page_links_to_the_poster(staff_client):
    activity = ActivityFactory()
    assert poster_url(activity) in page(staff_client.get(checkin_url(activity)))


# --- residents check themselves in ----------------------------------------------------


def test_a_registered_resident_checks_in_with_one_tap(client, resident, time_machine):
    registration = RegistrationFactory(user=resident)
    activity = registration.activity
    open_door(time_machine, activity)
    client.force_login(resident)

    shown = client.get(door_url(activity))
    registration.refresh_from_db()
    assert shown.status_code == 200
    assert not registration.is_checked_in  # opening the address changes nothing
    assert 'name="action" value="checkin"' in page(shown)

    done = client.post(door_url(activity), {"action": "checkin"}, follow=True)

    registration.refresh_from_db()
    assert registration.is_checked_in
    assert registration.checked_in_by == resident
    assert 'id="door-checked-in"' in page(done)
    again = client.post(door_url(activity), {"action": "checkin"})
    assert again.status_code == 409  # told when, not checked in twice


def test_the_door_qr_asks_a_visitor_to_log_in_first(client):
    activity = ActivityFactory()
    response = client.get(door_url(activity))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert "next=" in response.url


def test_too_early_the_page_says_when_check_in_opens(client, resident, time_machine):
    registration = RegistrationFactory(user=resident)
    activity = registration.activity
    time_machine.move_to(activity.starts_at - datetime.timedelta(hours=3))
    client.force_login(resident)

    response = client.post(door_url(activity), {"action": "checkin"})

    assert response.status_code == 409
    opens = in_chinese("Check-in is not open yet: it opens at %(time)s.").split("%")[0]
    assert opens in page(response)
    registration.refresh_from_db()
    assert not registration.is_checked_in


def test_not_signed_up_is_told_so(client, resident, time_machine):
    activity = ActivityFactory()
    open_door(time_machine, activity)
    client.force_login(resident)

    shown = client.get(door_url(activity))
    assert 'id="door-not-registered"' in page(shown)
    refused = client.post(door_url(activity), {"action": "checkin"})
    assert refused.status_code == 409
    assert in_chinese(NOT_REGISTERED) in page(refused)


def test_the_poster_of_another_activity_names_the_residents_own(
    client, resident, time_machine
):
    mine = RegistrationFactory(user=resident, activity__title="重阳敬老").activity
    other = ActivityFactory(
        title="书法课", starts_at=mine.starts_at, ends_at=mine.ends_at
    )
    open_door(time_machine, mine)
    client.force_login(resident)

    response = client.post(door_url(other), {"action": "checkin"})

    assert response.status_code == 409
    assert "重阳敬老" in page(response) and "书法课" in page(response)
    assert not mine.registrations.get().is_checked_in


def test_a_waitlisted_resident_is_not_checked_in(client, resident, time_machine):
    registration = RegistrationFactory(user=resident, waitlisted=True)
    open_door(time_machine, registration.activity)
    client.force_login(resident)

    assert 'value="checkin"' not in page(client.get(door_url(registration.activity)))
    response = client.post(door_url(registration.activity), {"action": "checkin"})

    assert response.status_code == 409
    registration.refresh_from_db()
    assert not registration.is_checked_in


@pytest.mark.parametrize(
    "token", ["1-AAAAAAAA", "abc", "１-ABCDEFGH", "²-X", "9" * 40 + "-ABCDEFGH"]
)
def test_a_forged_door_qr_gets_a_clear_message(client, resident, token):
    client.force_login(resident)
    for response in (
        client.get(reverse("activities:door", kwargs={"token": token})),
        client.post(reverse("activities:door", kwargs={"token": token})),
    ):
        assert response.status_code == 400
        assert 'id="door-error"' in page(response)


def test_the_door_qr_of_a_deleted_activity_says_so(client, resident):
    token = make_door_token(activity_id=987654)
    client.force_login(resident)
    response = client.get(reverse("activities:door", kwargs={"token": token}))
    assert response.status_code == 404
    assert in_chinese("This activity does not exist.") in page(response)


def test_a_cancelled_activity_takes_nobody_at_the_door(client, resident, time_machine):
    registration = RegistrationFactory(
        user=resident, activity__status=Activity.Status.CANCELLED
    )
    open_door(time_machine, registration.activity)
    client.force_login(resident)
    response = client.post(door_url(registration.activity), {"action": "checkin"})
    assert response.status_code == 409
    registration.refresh_from_db()
    assert not registration.is_checked_in


def test_the_staff_scanner_given_the_door_qr_says_what_it_is(
    staff_client, time_machine
):
    activity = ActivityFactory()
    open_door(time_machine, activity)
    scanned = f"http://testserver{door_url(activity)}"

    response = staff_client.post(checkin_url(activity), {"code": scanned})

    assert response.status_code == 200
    assert 'id="door-failure"' in page(response)
    message = in_chinese(
        "This is the activity's door QR, for residents to scan themselves. "
        "Please scan the resident's own code."
    )
    assert message.replace("'", "&#x27;") in page(response)


# --- volunteers start and end their shift --------------------------------------------


def volunteer_at(activity: Activity):
    volunteer = VolunteerFactory()
    shift = VolunteerShiftFactory(
        role=VolunteerRoleFactory(activity=activity, name="秩序维护"),
        volunteer=volunteer,
    )
    return volunteer.user, shift


def test_a_volunteer_scans_at_the_start_and_the_end_and_the_hours_wait(
    client, time_machine
):
    activity = ActivityFactory()
    user, shift = volunteer_at(activity)
    time_machine.move_to(activity.starts_at - datetime.timedelta(minutes=20))
    client.force_login(user)
    assert 'value="shift"' in page(client.get(door_url(activity)))

    client.post(door_url(activity), {"action": "shift"})
    shift.refresh_from_db()
    assert shift.checked_in_at is not None and shift.checked_out_at is None

    # A double scan right after is not the end of the shift.
    time_machine.move_to(activity.starts_at - datetime.timedelta(minutes=15))
    too_soon = client.post(door_url(activity), {"action": "shift"})
    assert too_soon.status_code == 409
    assert not HoursEntry.objects.exists()

    time_machine.move_to(activity.ends_at + datetime.timedelta(minutes=10))
    ended = client.post(door_url(activity), {"action": "shift"}, follow=True)

    shift.refresh_from_db()
    assert shift.checked_out_at is not None
    entry = HoursEntry.objects.get()
    assert entry.status == HoursEntry.Status.PENDING  # staff verify as usual
    assert entry.source == HoursEntry.Source.CHECK_OUT
    assert entry.hours == Decimal("2.5")
    assert entry.activity == activity and entry.entered_by == user
    assert 'value="shift"' not in page(ended)
    once_more = client.post(door_url(activity), {"action": "shift"})
    assert once_more.status_code == 409
    assert HoursEntry.objects.count() == 1


def test_a_volunteer_too_early_or_without_a_shift_is_told(client, time_machine):
    activity = ActivityFactory()
    user, shift = volunteer_at(activity)
    time_machine.move_to(activity.starts_at - datetime.timedelta(hours=5))
    client.force_login(user)
    assert client.post(door_url(activity), {"action": "shift"}).status_code == 409
    shift.refresh_from_db()
    assert shift.checked_in_at is None

    stranger = UserFactory()
    client.force_login(stranger)
    open_door(time_machine, activity)
    response = client.post(door_url(activity), {"action": "shift"})
    assert response.status_code == 409
    assert in_chinese("You have not signed up to serve at this activity.") in page(
        response
    )


def test_the_end_of_a_shift_long_after_the_activity_goes_to_the_leader(
    client, time_machine
):
    activity = ActivityFactory()
    user, shift = volunteer_at(activity)
    open_door(time_machine, activity)
    client.force_login(user)
    client.post(door_url(activity), {"action": "shift"})

    time_machine.move_to(activity.ends_at + datetime.timedelta(hours=5))
    response = client.post(door_url(activity), {"action": "shift"})

    assert response.status_code == 409
    assert not HoursEntry.objects.exists()


def test_the_door_page_and_poster_queries_do_not_grow(
    client, staff_user, assert_same_queries
):
    activity = ActivityFactory()
    user, _shift = volunteer_at(activity)
    RegistrationFactory(activity=activity, user=user)

    def grow():
        for _ in range(10):
            RegistrationFactory(activity=activity)
            VolunteerShiftFactory(role__activity=activity)

    client.force_login(user)
    assert_same_queries(client, door_url(activity), grow)
    client.force_login(staff_user)
    assert_same_queries(client, poster_url(activity), grow)


def test_the_organisers_opening_the_door_qr_get_the_door_page(staff_client):
    activity = ActivityFactory()
    html = page(staff_client.get(door_url(activity)))
    assert f'href="{checkin_url(activity)}"' in html
    assert 'id="door-not-registered"' not in html
