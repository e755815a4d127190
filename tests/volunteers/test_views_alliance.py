"""The volunteer alliance pages: hub, applying, the shop, the counter, shifts, the
leader's desk, the staff desk, the certificate."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from tests.factories import ActivityFactory, TeamFactory, UserFactory
from tests.volunteers.factories import (
    HoursEntryFactory,
    RedemptionFactory,
    RewardFactory,
    VolunteerFactory,
    VolunteerRoleFactory,
    VolunteerShiftFactory,
    give_points,
    past_activity,
)
from volunteers.models import (
    HoursEntry,
    MerchantClerk,
    PointsEntry,
    Redemption,
    SeasonalService,
    TeamMembership,
    Volunteer,
)

pytestmark = pytest.mark.django_db


# New Year's Eve, late: the activity (three days on) starts next year, the hours
# are served this year.
@time_machine.travel(
    datetime.datetime(2027, 12, 31, 23, 30, tzinfo=ZoneInfo("Asia/Shanghai")),
    tick=False,
)
def test_hub_shows_seasons_with_their_activities_and_masked_leaders(client):
    ActivityFactory(title="2027年春季学雷锋志愿服务")
    HoursEntryFactory(
        volunteer=VolunteerFactory(user=UserFactory(name="陈志远")), hours=Decimal("6")
    )
    response = client.get(reverse("volunteers:hub"))
    content = response.content.decode()
    assert "春季学雷锋志愿服务" in content
    assert "年春季学雷锋志愿服务" in content  # the linked activity
    assert "陈*远" in content and "陈志远" not in content
    assert reverse("volunteers:apply") in content


@time_machine.travel(
    datetime.datetime(2027, 3, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")),
    tick=False,
)
def test_the_season_cards_show_each_activity_write_on_the_next_request(client):
    """The season cards' activities are cached; an activity added, renamed or
    deleted and a service's keyword changed show on the next request."""
    service = SeasonalService.objects.exclude(activity_keyword="").first()
    url = reverse("volunteers:hub")
    title = f"三月{service.activity_keyword}活动"
    assert title not in client.get(url).content.decode()
    activity = ActivityFactory(title=title)
    assert title in client.get(url).content.decode()
    activity.title = f"四月{service.activity_keyword}活动"
    activity.save()
    content = client.get(url).content.decode()
    assert title not in content
    assert activity.title in content
    service.activity_keyword = "不会出现的关键词"
    service.save()
    assert activity.title not in client.get(url).content.decode()
    service.activity_keyword = "四月"
    service.save()
    assert activity.title in client.get(url).content.decode()
    activity.delete()
    assert activity.title not in client.get(url).content.decode()


def test_english_hub_renders(client):
    assert client.get("/en" + reverse("volunteers:hub")).status_code == 200


def test_apply_then_apply_twice_is_refused_kindly(client, resident):
    client.force_login(resident)
    url = reverse("volunteers:apply")
    response = client.post(url, {"skills": "理发", "availability": ["sat-am"]})
    assert response.status_code == 302
    response = client.post(url, {"skills": "又一次"}, follow=True)
    assert response.status_code == 200
    assert Volunteer.objects.get().skills == "理发"


def test_apply_with_junk_comes_back_with_errors(client, resident):
    client.force_login(resident)
    response = client.post(
        reverse("volunteers:apply"), {"availability": ["never"], "teams": ["abc"]}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Volunteer.objects.exists()


def test_join_a_team_from_its_page_twice(client):
    volunteer = VolunteerFactory()
    team = TeamFactory()
    client.force_login(volunteer.user)
    url = reverse("volunteers:team_join", args=[team.slug])
    client.post(url, follow=True)
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert TeamMembership.objects.count() == 1
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 1


def test_redeem_in_the_shop_without_enough_points_changes_nothing(client):
    volunteer = VolunteerFactory()
    give_points(volunteer, 5)
    reward = RewardFactory(points=20, stock=3)
    client.force_login(volunteer.user)
    response = client.post(reverse("volunteers:redeem", args=[reward.pk]), follow=True)
    assert response.status_code == 200
    assert not Redemption.objects.exists()
    reward.refresh_from_db()
    assert reward.stock == 3
    give_points(volunteer, 20)
    response = client.post(reverse("volunteers:redeem", args=[reward.pk]), follow=True)
    code = Redemption.objects.get().code
    assert code in response.content.decode()


def test_the_counter_page_confirms_once_and_refuses_others(
    client, resident, staff_user
):
    redemption = RedemptionFactory()
    give_points(redemption.volunteer, 40)
    url = reverse("volunteers:shop_confirm")
    client.force_login(resident)
    assert client.get(url).status_code == 403
    clerk = UserFactory()
    MerchantClerk.objects.create(merchant=redemption.reward.merchant, user=clerk)
    client.force_login(clerk)
    page = client.get(url, {"code": redemption.code.lower()})
    assert redemption.reward.name in page.content.decode()
    client.post(url, {"code": redemption.code})
    response = client.post(url, {"code": redemption.code})
    assert response.status_code == 200
    redemption.refresh_from_db()
    assert redemption.status == Redemption.Status.CONFIRMED
    assert len(list(response.context["messages"])) == 1


def test_sign_up_for_a_role_and_the_organiser_checks_in(client, staff_user):
    volunteer = VolunteerFactory()
    role = VolunteerRoleFactory(needed=1)
    client.force_login(volunteer.user)
    client.post(reverse("volunteers:role_sign_up", args=[role.pk]))
    response = client.post(
        reverse("volunteers:role_sign_up", args=[role.pk]), follow=True
    )
    assert response.status_code == 200
    shift = volunteer.shifts.get()
    assert (
        client.post(
            reverse("volunteers:shift_action", args=[shift.pk, "check-in"])
        ).status_code
        == 403  # may see the sign-up, may not check in: not the organiser
    )
    shift.refresh_from_db()
    assert shift.checked_in_at is None
    assert (
        client.post(
            reverse("volunteers:shift_action", args=[shift.pk, "explode"])
        ).status_code
        == 404
    )


def test_leader_enters_absurd_hours_and_gets_a_message(client):
    leader = UserFactory()
    team = TeamFactory(leader=leader)
    shift = VolunteerShiftFactory(
        role=VolunteerRoleFactory(activity=past_activity(team=team))
    )
    client.force_login(leader)
    for hours in ("-1", "30", "abc"):
        response = client.post(
            reverse("volunteers:leader"), {"shift": shift.pk, "hours": hours}
        )
        assert response.status_code == 200
        assert response.context["form"].errors["hours"]
    response = client.post(
        reverse("volunteers:leader"), {"shift": "999999", "hours": "2"}
    )
    assert response.status_code == 200
    assert not HoursEntry.objects.exists()
    client.post(reverse("volunteers:leader"), {"shift": shift.pk, "hours": "2"})
    assert HoursEntry.objects.get().hours == Decimal("2.0")


def test_leader_and_staff_pages_are_403_to_residents(client, resident):
    """Role pages answer 403 to the signed-in without the role, as in every app."""
    client.force_login(resident)
    for name in ("volunteers:leader", "volunteers:staff_applications"):
        response = client.get(reverse(name))
        assert response.status_code == 403
        assert "您无权进行此操作" in response.content.decode()
    assert (
        client.post(
            reverse("volunteers:staff_hours_verify"), {"entry": ["1"]}
        ).status_code
        == 403
    )


def test_staff_verify_hours_and_decide_applications_on_their_page(client, staff_user):
    entry = HoursEntryFactory(status="pending", verified_at=None)
    applicant = Volunteer.objects.create(user=UserFactory(), status="pending")
    client.force_login(staff_user)
    client.post(reverse("volunteers:staff_hours_verify"), {"entry": [entry.pk, "junk"]})
    entry.refresh_from_db()
    assert entry.status == "verified"
    assert PointsEntry.objects.get().amount == 20
    url = reverse("volunteers:staff_application_decide", args=[applicant.pk])
    client.post(url, {"decision": "decline", "reason": ""})
    applicant.refresh_from_db()
    assert applicant.status == "pending"
    client.post(url, {"decision": "approve"})
    applicant.refresh_from_db()
    assert applicant.status == "approved" and applicant.number


def test_certificate_is_for_approved_volunteers(client, resident):
    client.force_login(resident)
    assert client.get(reverse("volunteers:certificate")).status_code == 404
    volunteer = VolunteerFactory(user=UserFactory(name="陈志远"))
    HoursEntryFactory(volunteer=volunteer, hours=Decimal("3.5"))
    client.force_login(volunteer.user)
    content = client.get(reverse("volunteers:certificate")).content.decode()
    assert "陈志远" in content and "3.5" in content
