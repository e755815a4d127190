"""Staff review nominations and handle objections in the admin, through the
services: approve, refuse with a reason (asked on its own page)."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from tests.venues.selection_helpers import candidate, selection_in
from venues import services
from venues.models import Nomination

pytestmark = pytest.mark.django_db

URL = reverse("admin:venues_nomination_changelist")


def test_staff_approve_nominations_with_an_action(client, staff_user):
    nominations = [
        candidate(selection_in("reviewing"), status="pending") for _ in range(2)
    ]
    client.force_login(staff_user)
    response = client.post(
        URL,
        {"action": "approve", ACTION_CHECKBOX_NAME: [n.pk for n in nominations]},
    )
    assert response.status_code == 302
    assert set(Nomination.objects.values_list("status", flat=True)) == {"approved"}


def test_refusing_asks_for_a_reason_first(client, staff_user):
    nomination = candidate(selection_in("reviewing"), status="pending")
    client.force_login(staff_user)
    data = {"action": "refuse", ACTION_CHECKBOX_NAME: [nomination.pk]}
    page = client.post(URL, data)
    assert page.status_code == 200
    assert "reason" in page.context["form"].fields
    empty = client.post(URL, {**data, "confirm": "yes", "reason": ""})
    assert empty.status_code == 200 and empty.context["form"].errors
    nomination.refresh_from_db()
    assert nomination.status == "pending"
    done = client.post(URL, {**data, "confirm": "yes", "reason": "照片与庭院不符"})
    assert done.status_code == 302
    nomination.refresh_from_db()
    assert (nomination.status, nomination.refusal_reason) == (
        "refused",
        "照片与庭院不符",
    )


def test_staff_mark_objections_handled(client, staff_user, resident):
    selection = selection_in("notice")
    objection = services.objection_create(
        selection_id=selection.pk, user=resident, text="请核实"
    )
    client.force_login(staff_user)
    listing = reverse("admin:venues_objection_changelist")
    response = client.post(
        listing, {"action": "handle", ACTION_CHECKBOX_NAME: [objection.pk]}
    )
    assert response.status_code == 302
    objection.refresh_from_db()
    assert objection.is_handled and objection.handled_by == staff_user
