"""The project-team pages."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from activities.models import Activity
from tests.factories import ActivityFactory, AllianceFactory, TeamFactory, UserFactory
from volunteers.models import Strand

pytestmark = pytest.mark.django_db


def assert_same_queries(client, url, grow, django_assert_num_queries):
    """Render ``url`` small, ``grow()`` the data tenfold, render again: same count."""
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow()
    with django_assert_num_queries(len(small)):
        assert client.get(url).status_code == 200


def build_teams(count):
    strands = Strand.values
    for index in range(count):
        TeamFactory(
            strand=strands[index % len(strands)],
            leader=UserFactory(),
            alliance=AllianceFactory(),
        )


def test_team_list_query_count_does_not_grow(client, django_assert_num_queries):
    build_teams(3)
    assert_same_queries(
        client,
        reverse("volunteers:team_list"),
        lambda: build_teams(27),
        django_assert_num_queries,
    )


def test_team_detail_query_count_does_not_grow(client, django_assert_num_queries):
    team = TeamFactory(leader=UserFactory(), alliance=AllianceFactory())

    def build(count):
        for index in range(count):
            ActivityFactory(team=team)
            ActivityFactory(
                team=team,
                starts_at=timezone.now() - datetime.timedelta(days=index + 2),
            )

    build(3)
    assert_same_queries(
        client, team.get_absolute_url(), lambda: build(27), django_assert_num_queries
    )


def test_team_list_groups_teams_by_strand(client):
    TeamFactory(name="我们的节日", strand=Strand.TRADITIONAL_CULTURE)
    TeamFactory(name="悦公益", strand=Strand.VOLUNTEERING)
    TeamFactory(name="已停办的团队", is_active=False)

    response = client.get(reverse("volunteers:team_list"))

    # The page's own content: the menu names 悦公益 too.
    html = response.content.decode()
    content = html[html.index("<main") : html.index("</main>")]
    with override("zh-hans"):
        traditional = str(Strand.TRADITIONAL_CULTURE.label)
        volunteering = str(Strand.VOLUNTEERING.label)
        talent = str(Strand.TALENT_STUDIO.label)
    assert content.index(traditional) < content.index("我们的节日")
    assert content.index("我们的节日") < content.index(volunteering)
    assert content.index(volunteering) < content.index("悦公益")
    assert talent not in content  # no empty strand headings
    assert "已停办的团队" not in content


def test_team_detail_masks_the_leader_and_lists_activities(client):
    leader = UserFactory(name="李建国")
    team = TeamFactory(name="书画工作室", leader=leader, description="每周三练字。")
    ActivityFactory(team=team, title="书法体验课")
    ActivityFactory(
        team=team,
        title="上周的写春联",
        starts_at=timezone.now() - datetime.timedelta(days=7),
    )
    ActivityFactory(team=team, title="还在草稿", status=Activity.Status.DRAFT)

    response = client.get(team.get_absolute_url())

    content = response.content.decode()
    assert "李*国" in content
    assert "李建国" not in content
    assert "每周三练字。" in content
    assert "书法体验课" in content
    assert "上周的写春联" in content
    assert "还在草稿" not in content


def test_unknown_team_is_404(client):
    response = client.get(reverse("volunteers:team_detail", args=["nobody"]))

    assert response.status_code == 404


# --- the volunteer alliance (悦公益) -------------------------------------------------------

# Imports for this part are local to it (the team pages above are another engineer's).
from decimal import Decimal  # noqa: E402

from tests.volunteers.factories import (  # noqa: E402
    HoursEntryFactory,
    RedemptionFactory,
    RewardFactory,
    ServiceRequestFactory,
    TeamMembershipFactory,
    VolunteerFactory,
    VolunteerRoleFactory,
    VolunteerShiftFactory,
    give_points,
    past_activity,
)
from volunteers.models import (  # noqa: E402
    HoursEntry,
    MerchantClerk,
    PointsEntry,
    Redemption,
    ServiceCategory,
    ServiceRequest,
    TeamMembership,
    Volunteer,
)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def grow_alliance(count, *, volunteer=None, team=None):
    """Hours, points, rewards, requests, roles: ``count`` of each."""
    for _ in range(count):
        other = VolunteerFactory()
        HoursEntryFactory(
            volunteer=other, activity=ActivityFactory(team=team or TeamFactory())
        )
        RewardFactory()
        ServiceRequestFactory(requester=volunteer.user if volunteer else UserFactory())
        role = VolunteerRoleFactory()
        VolunteerShiftFactory(role=role, volunteer=other)
        if volunteer is not None:
            give_points(volunteer, 5)
            HoursEntryFactory(volunteer=volunteer, activity=ActivityFactory())
            RedemptionFactory(volunteer=volunteer)
        if team is not None:
            TeamMembershipFactory(team=team, volunteer=other, status="pending")
            TeamMembershipFactory(team=team)
            ServiceRequestFactory(
                team=team, status="dispatched", dispatched_at=timezone.now()
            )
        Volunteer.objects.create(user=UserFactory(), status="pending")
        HoursEntryFactory(
            volunteer=other,
            status=HoursEntry.Status.PENDING,
            verified_at=None,
            activity=ActivityFactory(),
        )


@pytest.mark.parametrize(
    ("url_name", "who"),
    [
        ("volunteers:hub", None),
        ("volunteers:leaderboard", None),
        ("volunteers:shop", "volunteer"),
        ("volunteers:me", "volunteer"),
        ("volunteers:certificate", "volunteer"),
        ("volunteers:service_list", "volunteer"),
        ("volunteers:service_list", "staff"),
        ("volunteers:leader", "leader"),
        ("volunteers:staff_applications", "staff"),
    ],
)
def test_alliance_pages_query_count_does_not_grow(
    client, django_assert_num_queries, staff_user, url_name, who
):
    volunteer = VolunteerFactory()
    leader = UserFactory()
    team = TeamFactory(leader=leader)
    activity = past_activity(team=team)
    VolunteerShiftFactory(
        role=VolunteerRoleFactory(activity=activity), volunteer=volunteer
    )
    TeamMembershipFactory(team=team, volunteer=volunteer)
    user = {"volunteer": volunteer.user, "staff": staff_user, "leader": leader}.get(who)
    if user is not None:
        client.force_login(user)
    grow_alliance(3, volunteer=volunteer, team=team)
    assert_same_queries(
        client,
        reverse(url_name),
        lambda: grow_alliance(20, volunteer=volunteer, team=team),
        django_assert_num_queries,
    )


def test_activity_volunteers_and_service_detail_query_counts(
    client, django_assert_num_queries, staff_user
):
    activity = ActivityFactory()
    roles = VolunteerRoleFactory.create_batch(2, activity=activity, needed=50)
    request = ServiceRequestFactory(
        team=TeamFactory(), status="dispatched", dispatched_at=timezone.now()
    )
    client.force_login(staff_user)

    def grow(count):
        for _ in range(count):
            for role in roles:
                VolunteerShiftFactory(role=role)
            VolunteerRoleFactory(activity=activity)

    grow(2)
    assert_same_queries(
        client,
        reverse("volunteers:activity", args=[activity.pk]),
        lambda: grow(20),
        django_assert_num_queries,
    )
    assert_same_queries(
        client, request.get_absolute_url(), lambda: None, django_assert_num_queries
    )


def test_hub_shows_seasons_with_their_activities_and_masked_leaders(client):
    ActivityFactory(title=f"{timezone.localdate().year}年春季学雷锋志愿服务")
    HoursEntryFactory(
        volunteer=VolunteerFactory(user=UserFactory(name="陈志远")), hours=Decimal("6")
    )
    response = client.get(reverse("volunteers:hub"))
    content = response.content.decode()
    assert "春季学雷锋志愿服务" in content
    assert "年春季学雷锋志愿服务" in content  # the linked activity
    assert "陈*远" in content and "陈志远" not in content
    assert reverse("volunteers:apply") in content


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


def test_team_page_lists_members_masked(client):
    team = TeamFactory()
    TeamMembershipFactory(
        team=team, volunteer=VolunteerFactory(user=UserFactory(name="王小红"))
    )
    content = client.get(team.get_absolute_url()).content.decode()
    assert "王*红" in content and "王小红" not in content


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


def test_the_counter_page_confirms_once_and_hides_from_others(
    client, resident, staff_user
):
    redemption = RedemptionFactory()
    give_points(redemption.volunteer, 40)
    url = reverse("volunteers:shop_confirm")
    client.force_login(resident)
    assert client.get(url).status_code == 404
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
        == 302
    )
    shift.refresh_from_db()
    assert shift.checked_in_at is None  # not the organiser
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


def test_leader_and_staff_pages_are_404_to_residents(client, resident):
    client.force_login(resident)
    for name in ("volunteers:leader", "volunteers:staff_applications"):
        assert client.get(reverse(name)).status_code == 404
    assert (
        client.post(
            reverse("volunteers:staff_hours_verify"), {"entry": ["1"]}
        ).status_code
        == 404
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


def order_data(**overrides):
    data = {
        "category": ServiceCategory.objects.get(name="助老").pk,
        "description": "帮忙买菜",
        "wanted_at": (timezone.localtime() + datetime.timedelta(days=1)).strftime(
            "%Y-%m-%dT%H:%M"
        ),
        "place": "3幢1单元",
    }
    data.update(overrides)
    return data


def test_order_a_service_and_follow_it(client, resident):
    client.force_login(resident)
    response = client.post(reverse("volunteers:service_new"), order_data())
    request = ServiceRequest.objects.get()
    assert response.url == request.get_absolute_url()
    assert client.get(response.url).status_code == 200


@pytest.mark.parametrize(
    "overrides",
    [
        {"category": "abc"},
        {"wanted_at": "tomorrow"},
        {"wanted_at": "2001-01-01T10:00"},
        {"place": ""},
        {"contact_phone": "call me"},
    ],
)
def test_bad_orders_come_back_with_errors(client, resident, overrides):
    client.force_login(resident)
    response = client.post(reverse("volunteers:service_new"), order_data(**overrides))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not ServiceRequest.objects.exists()


def test_staff_order_for_a_resident_by_phone(client, staff_user, resident):
    client.force_login(staff_user)
    response = client.post(
        reverse("volunteers:service_new"), order_data(requester_phone="000")
    )
    assert response.status_code == 200
    assert not ServiceRequest.objects.exists()
    client.post(
        reverse("volunteers:service_new"), order_data(requester_phone=resident.phone)
    )
    request = ServiceRequest.objects.get()
    assert request.requester == resident and request.ordered_by == staff_user


def test_someone_elses_request_is_404(client, resident):
    request = ServiceRequestFactory(
        team=TeamFactory(), status="dispatched", dispatched_at=timezone.now()
    )
    client.force_login(resident)
    assert client.get(request.get_absolute_url()).status_code == 404
    for action in ("accept", "cancel", "rate", "dispatch", "complete"):
        url = reverse("volunteers:service_action", args=[request.pk, action])
        assert client.post(url).status_code == 404
    outsider = VolunteerFactory()
    client.force_login(outsider.user)
    assert client.get(request.get_absolute_url()).status_code == 404
    request.refresh_from_db()
    assert request.status == "dispatched"
    client.logout()
    assert client.get(request.get_absolute_url()).status_code == 302  # to log in


def test_a_member_takes_and_finishes_a_request_with_photos(client, media):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    team = TeamFactory()
    member = VolunteerFactory()
    TeamMembershipFactory(team=team, volunteer=member)
    request = ServiceRequestFactory(
        team=team, status="dispatched", dispatched_at=timezone.now()
    )
    client.force_login(member.user)
    client.post(reverse("volunteers:service_action", args=[request.pk, "accept"]))
    buffer = BytesIO()
    Image.new("RGB", (30, 30)).save(buffer, format="JPEG")
    bad = SimpleUploadedFile("bad.jpg", b"nope", "image/jpeg")
    url = reverse("volunteers:service_action", args=[request.pk, "complete"])
    response = client.post(url, {"note": "修好了", "photos": [bad]})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "accepted"
    good = SimpleUploadedFile("good.jpg", buffer.getvalue(), "image/jpeg")
    client.post(url, {"note": "修好了", "photos": [good]})
    request.refresh_from_db()
    assert request.status == "done" and request.photos.count() == 1
    # The requester rates; junk ratings are refused.
    client.force_login(request.requester)
    rate = reverse("volunteers:service_action", args=[request.pk, "rate"])
    client.post(rate, {"rating": "99"})
    request.refresh_from_db()
    assert request.status == "done"
    client.post(rate, {"rating": "5", "comment": "很满意"})
    request.refresh_from_db()
    assert request.status == "rated" and request.rating == 5


def test_certificate_is_for_approved_volunteers(client, resident):
    client.force_login(resident)
    assert client.get(reverse("volunteers:certificate")).status_code == 404
    volunteer = VolunteerFactory(user=UserFactory(name="陈志远"))
    HoursEntryFactory(volunteer=volunteer, hours=Decimal("3.5"))
    client.force_login(volunteer.user)
    content = client.get(reverse("volunteers:certificate")).content.decode()
    assert "陈志远" in content and "3.5" in content
