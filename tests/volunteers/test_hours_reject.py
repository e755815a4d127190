"""Staff reject hours with a reason: one by one or in bulk on the staff page, and
by an admin action, all through ``hours_reject``; the volunteer sees the reason."""

import pytest
from django.urls import reverse

from volunteers import services
from volunteers.errors import Code
from volunteers.models import HoursEntry, PointsEntry

from .factories import HoursEntryFactory
from .helpers import refused

pytestmark = pytest.mark.django_db


def pending(**kwargs):
    return HoursEntryFactory(status="pending", verified_at=None, **kwargs)


def test_bulk_reject_keeps_the_reason_and_skips_decided_hours(staff_user):
    first, second = pending(), pending()
    verified = HoursEntryFactory()
    rejected = services.hours_reject(
        entry_ids=[first.pk, second.pk, verified.pk],
        by_user=staff_user,
        reason="  未签到  ",
    )
    assert sorted(e.pk for e in rejected) == [first.pk, second.pk]
    for entry in (first, second):
        entry.refresh_from_db()
        assert (entry.status, entry.reject_reason) == ("rejected", "未签到")
        assert entry.verified_by == staff_user
    verified.refresh_from_db()
    assert verified.status == "verified"
    assert not PointsEntry.objects.exists()


def test_reject_refuses_without_reason_nothing_selected_and_non_staff(
    staff_user, resident
):
    entry = pending()
    refused(
        Code.INVALID,
        services.hours_reject,
        entry_ids=[entry.pk],
        by_user=staff_user,
        reason=" ",
    )
    refused(
        Code.INVALID,
        services.hours_reject,
        entry_ids=[],
        by_user=staff_user,
        reason="x",
    )
    refused(
        Code.NOT_ALLOWED,
        services.hours_reject,
        entry_ids=[entry.pk],
        by_user=resident,
        reason="x",
    )
    refused(
        Code.NOT_FOUND,
        services.hours_reject,
        entry_ids=[999999],
        by_user=staff_user,
        reason="x",
    )
    entry.refresh_from_db()
    assert entry.status == "pending"
    services.hours_reject(entry_ids=[entry.pk], by_user=staff_user, reason="x")
    refused(
        Code.NOT_PENDING,
        services.hours_reject,
        entry_ids=[entry.pk],
        by_user=staff_user,
        reason="again",
    )


def test_staff_page_rejects_in_bulk_and_the_volunteer_sees_the_reason(
    client, staff_user
):
    first, second, kept = pending(), pending(), pending()
    url = reverse("volunteers:staff_hours_verify")
    client.force_login(staff_user)
    response = client.post(
        url,
        {"entry": [first.pk, second.pk], "decision": "reject", "reason": "时长有误"},
        follow=True,
    )
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["success"]
    assert set(
        HoursEntry.objects.filter(status="rejected").values_list("pk", flat=True)
    ) == {first.pk, second.pk}
    kept.refresh_from_db()
    assert kept.status == "pending"
    client.force_login(first.volunteer.user)
    page = client.get(reverse("volunteers:me"), {"show": "hours"}).content.decode()
    assert "时长有误" in page


def test_staff_page_bulk_action_with_nothing_selected_or_no_reason_says_so(
    client, staff_user
):
    entry = pending()
    url = reverse("volunteers:staff_hours_verify")
    client.force_login(staff_user)
    for data in (
        {"decision": "reject", "reason": "x"},
        {"decision": "verify"},
        {"entry": ["junk"], "decision": "reject", "reason": "x"},
    ):
        response = client.post(url, data, follow=True)
        assert response.status_code == 200
        assert [m.level_tag for m in response.context["messages"]] == ["error"]
    response = client.post(
        url, {"entry": [entry.pk], "decision": "reject", "reason": ""}, follow=True
    )
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    entry.refresh_from_db()
    assert entry.status == "pending"


def test_the_staff_page_shows_the_hours_in_the_page_language(client, staff_user):
    pending(hours="0.5")
    client.force_login(staff_user)
    page = client.get(
        reverse("volunteers:staff_applications"), {"show": "hours"}
    ).content.decode()
    assert "0.5 h" not in page
    assert "0.5 小时" in page


def test_admin_action_asks_for_a_reason_then_rejects_through_the_service(
    client, staff_user
):
    entry = pending()
    url = reverse("admin:volunteers_hoursentry_changelist")
    client.force_login(staff_user)
    response = client.post(url, {"action": "reject", "_selected_action": [entry.pk]})
    assert response.status_code == 200
    assert 'name="reason"' in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == "pending"
    response = client.post(
        url,
        {
            "action": "reject",
            "_selected_action": [entry.pk],
            "confirm": "yes",
            "reason": "",
        },
    )
    assert response.status_code == 200  # the form again, with its error
    entry.refresh_from_db()
    assert entry.status == "pending"
    client.post(
        url,
        {
            "action": "reject",
            "_selected_action": [entry.pk],
            "confirm": "yes",
            "reason": "重复录入",
        },
    )
    entry.refresh_from_db()
    assert (entry.status, entry.reject_reason) == ("rejected", "重复录入")
