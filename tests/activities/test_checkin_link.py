"""The resident's QR code holds the portal's address of their check-in code:
decoded by a real reader (zbarimg), opened by the organisers it checks the person
in after a confirming POST; opened by anyone else it is harmless."""

import os
import re
import shutil
import subprocess

import pytest
import segno
from django.test import Client
from django.urls import reverse

from activities.models import Registration
from activities.services import checkin_code
from community_portal.pages.views import checkin_qr_payload
from tests.activities.factories import RegistrationFactory
from tests.activities.helpers import open_door
from tests.factories import ActivityFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def link(registration: Registration) -> str:
    return reverse(
        "activities:checkin_link", kwargs={"code": checkin_code(registration)}
    )


def test_the_me_page_qr_decodes_to_the_check_in_address(client, tmp_path, rf):
    if shutil.which("zbarimg") is None:
        # .ci/run installs zbar-tools: there a missing reader is a failure.
        if os.environ.get("CI") == "true":
            pytest.fail("zbarimg (zbar-tools) is needed to read the QR code back")
        pytest.skip("zbarimg is not installed")
    resident = UserFactory()
    registration = RegistrationFactory(activity=ActivityFactory(), user=resident)
    client.force_login(resident)
    page = client.get(reverse("me")).content.decode()
    code = checkin_code(registration)
    payload = checkin_qr_payload(rf.get("/"), code)
    # The page's SVG is titled with what it encodes.
    assert re.search(r"<title>\s*" + re.escape(payload) + r"\s*</title>", page)

    png = tmp_path / "qr.png"
    segno.make_qr(payload, error="m").save(png, scale=8, border=4)
    decoded = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(png)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()

    assert decoded == f"http://testserver/activities/checkin/{code}/"
    assert decoded.endswith(link(registration))


def test_staff_open_the_link_confirm_and_the_person_is_checked_in(
    staff_client, time_machine
):
    registration = RegistrationFactory(activity=ActivityFactory())
    open_door(time_machine, registration.activity)

    page = staff_client.get(link(registration))
    registration.refresh_from_db()
    assert page.status_code == 200
    assert not registration.is_checked_in  # a GET changes nothing
    assert f'action="{link(registration)}"' in page.content.decode()
    assert "csrfmiddlewaretoken" in page.content.decode()

    response = staff_client.post(link(registration))

    assert response.status_code == 302
    assert response.url.startswith(
        reverse("activities:checkin", kwargs={"pk": registration.activity_id})
    )
    registration.refresh_from_db()
    assert registration.is_checked_in


def test_the_post_needs_the_csrf_token(staff_user, time_machine):
    registration = RegistrationFactory(activity=ActivityFactory())
    open_door(time_machine, registration.activity)
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user)

    assert client.post(link(registration)).status_code == 403
    registration.refresh_from_db()
    assert not registration.is_checked_in


def test_the_team_leader_checks_in_at_their_own_activity(
    client, team_leader, time_machine
):
    registration = RegistrationFactory(
        activity=ActivityFactory(team=team_leader.led_teams.get())
    )
    open_door(time_machine, registration.activity)
    client.force_login(team_leader)

    assert client.post(link(registration)).status_code == 302
    registration.refresh_from_db()
    assert registration.is_checked_in


@pytest.mark.parametrize("who", ["anonymous", "resident", "other_leader"])
def test_anyone_else_sees_a_harmless_page(client, resident, who, time_machine):
    registration = RegistrationFactory(activity=ActivityFactory())
    open_door(time_machine, registration.activity)
    if who == "resident":
        client.force_login(resident)
    elif who == "other_leader":
        leader = UserFactory()
        TeamFactory(leader=leader)
        client.force_login(leader)

    for response in (client.get(link(registration)), client.post(link(registration))):
        assert response.status_code == 200
        html = response.content.decode()
        assert registration.activity.title in html
        assert f'action="{link(registration)}"' not in html
    registration.refresh_from_db()
    assert not registration.is_checked_in


def test_a_forged_code_gets_a_clear_message(staff_client, time_machine):
    registration = RegistrationFactory(activity=ActivityFactory())
    open_door(time_machine, registration.activity)
    code = checkin_code(registration)
    head, signature = code.rsplit("-", 1)
    forged = f"{head}-{'A' if signature[0] != 'A' else 'B'}{signature[1:]}"
    url = reverse("activities:checkin_link", kwargs={"code": forged})

    for response in (staff_client.get(url), staff_client.post(url)):
        assert response.status_code == 400
        assert 'id="checkin-link-error"' in response.content.decode()
    registration.refresh_from_db()
    assert not registration.is_checked_in


def test_an_expired_link_after_the_end_says_so(staff_client, time_machine):
    registration = RegistrationFactory(activity=ActivityFactory())
    time_machine.move_to(registration.activity.ends_at)

    response = staff_client.post(link(registration))

    assert response.status_code == 200
    assert 'id="checkin-link-error"' in response.content.decode()
    registration.refresh_from_db()
    assert not registration.is_checked_in


def test_the_door_form_takes_the_scanned_address_too(staff_client, time_machine):
    registration = RegistrationFactory(activity=ActivityFactory())
    open_door(time_machine, registration.activity)
    scanned = "http://testserver" + link(registration)

    response = staff_client.post(
        reverse("activities:checkin", kwargs={"pk": registration.activity_id}),
        {"code": scanned},
    )

    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.is_checked_in
