"""Staff exports of volunteers and their hours (admin actions), as CSV."""

import pytest
from django.urls import reverse

from tests.volunteers.factories import HoursEntryFactory, VolunteerFactory
from volunteers.models import HoursEntry, Volunteer

pytestmark = pytest.mark.django_db


def export(client, model, ids) -> str:
    meta = model._meta
    response = client.post(
        reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"),
        {"action": "export_csv", "_selected_action": [str(pk) for pk in ids]},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return b"".join(response.streaming_content).decode("utf-8")


def test_volunteers_export_in_chinese_with_a_byte_order_mark(client, staff_user):
    volunteer = VolunteerFactory(user__name="=HYPERLINK(1)", number="YG000001")
    client.force_login(staff_user)

    text = export(client, Volunteer, [volunteer.pk])

    assert text.startswith("\ufeff")
    assert "YG000001" in text
    # A name that a spreadsheet would run as a formula is defused.
    assert "'=HYPERLINK(1)" in text
    # A person's name is 姓名, as in the other exports (名称 names things).
    header = text.lstrip("\ufeff").splitlines()[0].split(",")
    assert "姓名" in header and "名称" not in header


def test_hours_export_lists_the_selected_entries(client, staff_user):
    entries = HoursEntryFactory.create_batch(2)
    client.force_login(staff_user)

    text = export(client, HoursEntry, [entries[0].pk])

    assert entries[0].volunteer.number in text
    assert entries[1].volunteer.number not in text
