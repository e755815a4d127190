"""The activities admin: the change form (status read-only, seats through the
capacity service, the registration rules), registering someone, and the
activity actions (publish, cancel with a confirmation page and notices, fill
from the waitlist, export the attendance). The access and query-count walks are
in the shared admin tests (tests/admin/)."""

import csv
import datetime
import io

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from activities import services
from activities.models import (
    Activity,
    Registration,
)
from tests.activities.factories import RegistrationFactory
from tests.activities.helpers import (
    add_prefix,
    change_form_data,
    in_chinese,
    messages_of,
    run_action,
    url,
)
from tests.factories import ActivityFactory, UserFactory

pytestmark = pytest.mark.django_db


# --- the change page -------------------------------------------------------------------


def test_the_change_page_lists_registrations_and_links_the_staff_pages(staff_client):
    activity = ActivityFactory()
    RegistrationFactory(
        activity=activity, user=UserFactory(name="张小明"), companions=0
    )
    response = staff_client.get(url(Activity, "change", activity.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "张小明" in html
    assert reverse("activities:checkin", kwargs={"pk": activity.pk}) in html
    assert reverse("activities:record", kwargs={"pk": activity.pk}) in html
    # The listed registrations cannot be edited or deleted here.
    listed = response.context["inline_admin_formsets"][0]
    assert not listed.has_change_permission and not listed.has_delete_permission


def test_the_add_page_has_no_registration_inlines(staff_client):
    response = staff_client.get(url(Activity, "add"))
    assert response.context["inline_admin_formsets"] == []


def test_staff_register_someone_through_the_sign_up_rules(staff_client, staff_user):
    activity = ActivityFactory(capacity=1, min_age=80)
    first, second = UserFactory(birth_year=1990), UserFactory(birth_year=1940)
    prefix = add_prefix(staff_client, activity)
    data = change_form_data(staff_client, activity)
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": "2",
            f"{prefix}-0-user": str(first.pk),
            f"{prefix}-0-companions": "0",
            f"{prefix}-1-user": str(second.pk),
            f"{prefix}-1-companions": "0",
        }
    )
    response = staff_client.post(
        url(Activity, "change", activity.pk), data, follow=True
    )
    assert response.status_code == 200
    confirmed = Registration.objects.get(user=first)
    assert confirmed.status == Registration.Status.CONFIRMED
    # Too young, let in by staff: the exception is recorded.
    assert confirmed.eligibility_overridden_by == staff_user
    assert Registration.objects.get(user=second).status == "waitlisted"


def test_a_refused_registration_in_the_admin_says_why(staff_client):
    activity = ActivityFactory(max_companions=0)
    person = UserFactory(name="赵奶奶")
    prefix = add_prefix(staff_client, activity)
    data = change_form_data(staff_client, activity)
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-0-user": str(person.pk),
            f"{prefix}-0-companions": "2",
        }
    )
    response = staff_client.post(
        url(Activity, "change", activity.pk), data, follow=True
    )
    assert any(
        "赵奶奶" in message
        and in_chinese("This activity does not take companions.") in message
        for message in messages_of(response)
    )
    assert not Registration.objects.exists()


def test_more_seats_move_the_waitlist_up(
    staff_client, monkeypatch, django_capture_on_commit_callbacks
):
    activity = ActivityFactory(capacity=1)
    RegistrationFactory(activity=activity)
    waiting = RegistrationFactory(
        activity=activity, waitlisted=True, user=UserFactory(email="wang@example.cn")
    )
    calls = []
    capacity_update = services.activity_capacity_update

    def spy(**kwargs):
        calls.append(kwargs)
        return capacity_update(**kwargs)

    monkeypatch.setattr(services, "activity_capacity_update", spy)
    data = change_form_data(staff_client, activity)
    data["capacity"] = "2"
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url(Activity, "change", activity.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert calls == [{"activity_id": activity.pk, "capacity": 2}]
    activity.refresh_from_db()
    assert activity.capacity == 2
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert [message.to for message in mail.outbox] == [["wang@example.cn"]]


def test_a_change_without_a_new_capacity_leaves_the_waitlist_alone(
    staff_client, monkeypatch
):
    activity = ActivityFactory(capacity=1)
    RegistrationFactory(activity=activity)
    waiting = RegistrationFactory(activity=activity, waitlisted=True)
    monkeypatch.setattr(
        services,
        "activity_capacity_update",
        lambda **kwargs: pytest.fail("no capacity change was made"),
    )
    data = change_form_data(staff_client, activity)
    data["title"] = "重阳节登高"
    response = staff_client.post(url(Activity, "change", activity.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    activity.refresh_from_db()
    assert activity.title == "重阳节登高"
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.WAITLISTED


def test_status_is_read_only_on_the_change_form(staff_client):
    activity = ActivityFactory()
    page = staff_client.get(url(Activity, "change", activity.pk))
    form = page.context["adminform"].form
    assert "status" not in form.fields
    assert "status" in page.context["adminform"].readonly_fields

    data = change_form_data(staff_client, activity)
    data["status"] = Activity.Status.CANCELLED
    response = staff_client.post(url(Activity, "change", activity.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    activity.refresh_from_db()
    assert activity.status == Activity.Status.PUBLISHED
    assert not mail.outbox


def test_saving_a_cancelled_activity_keeps_it_cancelled(staff_client):
    # Residents were told it is off: an edit (say, a typo in the title) must not
    # bring it back as published.
    activity = ActivityFactory(
        status=Activity.Status.CANCELLED, cancellation_reason="台风预警"
    )
    data = change_form_data(staff_client, activity)
    data["title"] = "端午包粽子（已取消）"
    data["status"] = Activity.Status.PUBLISHED
    response = staff_client.post(url(Activity, "change", activity.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    activity.refresh_from_db()
    assert activity.title == "端午包粽子（已取消）"
    assert activity.status == Activity.Status.CANCELLED
    assert activity.cancellation_reason == "台风预警"


def test_a_new_activity_cannot_be_added_as_cancelled(staff_client):
    page = staff_client.get(url(Activity, "add"))
    choices = [
        value
        for value, _label in page.context["adminform"].form.fields["status"].choices
    ]
    assert Activity.Status.CANCELLED not in choices
    assert Activity.Status.DRAFT in choices and Activity.Status.PUBLISHED in choices


def test_the_add_form_has_every_registration_rule_and_saves_them(staff_client):
    page = staff_client.get(url(Activity, "add"))
    fieldsets = [
        [name for line in fieldset for name in line.fields]
        for fieldset in page.context["adminform"]
    ]
    (registration,) = [names for names in fieldsets if "max_companions" in names]
    assert registration == [
        "registration_opens_at",
        "registration_closes_at",
        "cancellation_cutoff_hours",
        "max_companions",
        "min_age",
        "max_age",
        "checkin_opens_minutes",
    ]
    starts = timezone.localtime() + datetime.timedelta(days=10)
    opens = starts - datetime.timedelta(days=5)
    data = {
        "title": "亲子垃圾分类",
        "status": Activity.Status.DRAFT,
        "summary": "一个孩子带动一户家庭",
        "strand": "volunteering",
        "audience": "parent_child",
        "starts_at_0": starts.strftime("%Y-%m-%d"),
        "starts_at_1": "09:00:00",
        "ends_at_0": starts.strftime("%Y-%m-%d"),
        "ends_at_1": "11:00:00",
        "registration_opens_at_0": opens.strftime("%Y-%m-%d"),
        "registration_opens_at_1": "08:00:00",
        "cancellation_cutoff_hours": "24",
        "max_companions": "2",
        "min_age": "6",
        "max_age": "12",
        "checkin_opens_minutes": "30",
    }
    response = staff_client.post(url(Activity, "add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    activity = Activity.objects.get(title="亲子垃圾分类")
    assert (activity.min_age, activity.max_age, activity.max_companions) == (6, 12, 2)
    assert (activity.cancellation_cutoff_hours, activity.checkin_opens_minutes) == (
        24,
        30,
    )
    assert timezone.localtime(activity.registration_opens_at).date() == opens.date()


def test_a_maximum_age_below_the_minimum_is_refused_on_its_field(staff_client):
    activity = ActivityFactory()
    data = change_form_data(staff_client, activity)
    data.update({"min_age": "60", "max_age": "12"})
    response = staff_client.post(url(Activity, "change", activity.pk), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["max_age"]


def test_staff_set_the_registration_rules_in_the_change_form(staff_client):
    activity = ActivityFactory(max_companions=0, min_age=None)
    page = staff_client.get(url(Activity, "change", activity.pk))
    fields = page.context["adminform"].form.fields
    for name in (
        "max_companions",
        "min_age",
        "registration_opens_at",
        "registration_closes_at",
        "cancellation_cutoff_hours",
    ):
        assert name in fields
    opens = timezone.localtime(activity.starts_at) - datetime.timedelta(days=3)
    closes = timezone.localtime(activity.starts_at) - datetime.timedelta(hours=1)
    data = change_form_data(staff_client, activity)
    data.update(
        {
            "max_companions": "2",
            "min_age": "60",
            "cancellation_cutoff_hours": "12",
            "registration_opens_at_0": opens.strftime("%Y-%m-%d"),
            "registration_opens_at_1": opens.strftime("%H:%M:%S"),
            "registration_closes_at_0": closes.strftime("%Y-%m-%d"),
            "registration_closes_at_1": closes.strftime("%H:%M:%S"),
        }
    )
    response = staff_client.post(url(Activity, "change", activity.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    activity.refresh_from_db()
    assert (activity.max_companions, activity.min_age) == (2, 60)
    assert activity.cancellation_cutoff_hours == 12
    assert activity.registration_opens_at == opens.replace(microsecond=0)
    assert activity.registration_closes_at == closes.replace(microsecond=0)


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"capacity": "-3"}, "capacity"),
        ({"capacity": "many"}, "capacity"),
        ({"max_companions": "-1"}, "max_companions"),
        ({"registration_opens_at_0": "not a date"}, "registration_opens_at"),
        ({"series": "999999"}, "series"),
    ],
)
def test_bad_input_on_the_change_form_says_so_not_a_500(staff_client, overrides, field):
    activity = ActivityFactory(capacity=5)
    data = change_form_data(staff_client, activity)
    data.update(overrides)
    response = staff_client.post(url(Activity, "change", activity.pk), data)
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    activity.refresh_from_db()
    assert activity.capacity == 5


def test_registration_closing_after_the_end_is_refused_on_its_field(staff_client):
    activity = ActivityFactory()
    late = timezone.localtime(activity.ends_at) + datetime.timedelta(days=1)
    data = change_form_data(staff_client, activity)
    data["registration_closes_at_0"] = late.strftime("%Y-%m-%d")
    data["registration_closes_at_1"] = late.strftime("%H:%M:%S")
    response = staff_client.post(url(Activity, "change", activity.pk), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["registration_closes_at"]
    activity.refresh_from_db()
    assert activity.registration_closes_at is None


# --- activity actions ---------------------------------------------------------------------


def test_publish_action(staff_client):
    draft = ActivityFactory(status=Activity.Status.DRAFT)
    cancelled = ActivityFactory(status=Activity.Status.CANCELLED)
    response = run_action(
        staff_client, Activity, "publish_activities", [draft, cancelled]
    )
    draft.refresh_from_db()
    cancelled.refresh_from_db()
    assert draft.status == Activity.Status.PUBLISHED
    assert cancelled.status == Activity.Status.CANCELLED
    assert any(
        in_chinese("This activity has been cancelled.") in message
        for message in messages_of(response)
    )


def test_cancel_asks_first_then_cancels_and_tells_everyone(
    staff_client, django_capture_on_commit_callbacks
):
    activity = ActivityFactory(capacity=1)
    RegistrationFactory(activity=activity, user=UserFactory(email="a@example.com"))
    RegistrationFactory(
        activity=activity, user=UserFactory(email="b@example.com"), waitlisted=True
    )
    asked = run_action(staff_client, Activity, "cancel_activities", [activity])
    assert asked.status_code == 200
    assert "activities/staff/admin_cancel_confirm.html" in [
        t.name for t in asked.templates
    ]
    assert activity.title in asked.content.decode()
    activity.refresh_from_db()
    assert activity.status == Activity.Status.PUBLISHED

    with django_capture_on_commit_callbacks(execute=True):
        run_action(
            staff_client,
            Activity,
            "cancel_activities",
            [activity],
            confirm="yes",
            reason="天气原因",
        )
    activity.refresh_from_db()
    assert activity.status == Activity.Status.CANCELLED
    assert activity.cancellation_reason == "天气原因"
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.com", "b@example.com"]
    assert "天气原因" in mail.outbox[0].body


def test_cancel_with_an_overlong_reason_asks_again(staff_client):
    activity = ActivityFactory()
    response = run_action(
        staff_client,
        Activity,
        "cancel_activities",
        [activity],
        confirm="yes",
        reason="长" * 201,
    )
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    activity.refresh_from_db()
    assert activity.status == Activity.Status.PUBLISHED


def test_an_ended_activity_is_not_cancelled(staff_client):
    starts_at = timezone.now() - datetime.timedelta(days=2)
    ended = ActivityFactory(
        starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=1)
    )
    response = run_action(
        staff_client, Activity, "cancel_activities", [ended], confirm="yes"
    )
    assert any(
        in_chinese("This activity has already ended.") in m
        for m in messages_of(response)
    )
    ended.refresh_from_db()
    assert ended.status == Activity.Status.PUBLISHED


def test_promote_waitlist_action(staff_client):
    activity = ActivityFactory(capacity=2)
    RegistrationFactory(activity=activity)
    waiting = RegistrationFactory(activity=activity, waitlisted=True)
    run_action(staff_client, Activity, "promote_waitlists", [activity])
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def test_attendance_export(staff_client, staff_user):
    activity = ActivityFactory(title="重阳敬老宴", max_companions=1)
    other = ActivityFactory(title="不导出")
    came = RegistrationFactory(
        activity=activity,
        user=UserFactory(name="张小明", phone="13812345678"),
        companions=1,
    )
    came.checked_in_at, came.checked_in_by = timezone.now(), staff_user
    came.save()
    RegistrationFactory(activity=activity, user=UserFactory(name="=HYPERLINK(1)"))
    RegistrationFactory(activity=other)

    response = staff_client.post(
        url(Activity, "changelist"),
        {"action": "export_attendance", ACTION_CHECKBOX_NAME: [activity.pk]},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    assert len(rows) == 3
    assert rows[1][0] == "重阳敬老宴"
    assert rows[1][2:6] == ["张小明", "13812345678", in_chinese("Confirmed"), "1"]
    assert rows[1][6] and rows[1][7] == "王主任"
    # A cell that a spreadsheet would run as a formula is defused.
    assert rows[2][2] == "'=HYPERLINK(1)"
    assert rows[2][6] == ""
