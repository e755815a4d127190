"""Every write of the volunteer alliance, and every bad input of the issue: refused
with a clear message, nothing changed."""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from tests.factories import MerchantFactory, StaffUserFactory, TeamFactory, UserFactory
from volunteers import services
from volunteers.models import (
    HoursEntry,
    MerchantClerk,
    PointsEntry,
    PointsRate,
    Redemption,
    Reward,
    ServiceCategory,
    ServiceRequest,
    TeamMembership,
    Volunteer,
    VolunteerShift,
)
from volunteers.services import VolunteerError

from .factories import (
    RewardFactory,
    VolunteerFactory,
    VolunteerRoleFactory,
    VolunteerShiftFactory,
    give_points,
    past_activity,
)

pytestmark = pytest.mark.django_db
Code = VolunteerError.Code


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def refused(expected, call, /, *args, **kwargs) -> VolunteerError:
    with pytest.raises(VolunteerError) as info:
        call(*args, **kwargs)
    assert info.value.code == expected, info.value
    assert info.value.message
    return info.value


# --- becoming a volunteer ---------------------------------------------------------------


def test_apply_approve_gives_a_number(resident, staff_user):
    team = TeamFactory()
    volunteer = services.volunteer_apply(
        user=resident,
        skills="理发",
        availability=["sat-am", "mon-eve"],
        team_ids=[team.pk],
    )
    assert volunteer.status == Volunteer.Status.PENDING
    assert volunteer.availability == ["mon-eve", "sat-am"]
    assert list(volunteer.interested_teams.all()) == [team]

    volunteer = services.volunteer_approve(
        volunteer_id=volunteer.pk, by_user=staff_user
    )
    assert volunteer.status == Volunteer.Status.APPROVED
    assert volunteer.number == f"YG{volunteer.pk:06d}"
    assert volunteer.decided_by == staff_user


def test_applying_twice_is_refused(resident, staff_user):
    services.volunteer_apply(user=resident)
    refused(Code.ALREADY_APPLIED, services.volunteer_apply, user=resident, skills="x")
    assert Volunteer.objects.get().skills == ""
    volunteer = Volunteer.objects.get()
    services.volunteer_approve(volunteer_id=volunteer.pk, by_user=staff_user)
    refused(Code.ALREADY_VOLUNTEER, services.volunteer_apply, user=resident)


def test_a_declined_applicant_may_apply_again(resident, staff_user):
    volunteer = services.volunteer_apply(user=resident)
    refused(
        Code.INVALID,
        services.volunteer_decline,
        volunteer_id=volunteer.pk,
        by_user=staff_user,
        reason="  ",
    )
    services.volunteer_decline(
        volunteer_id=volunteer.pk, by_user=staff_user, reason="人已满"
    )
    volunteer.refresh_from_db()
    assert volunteer.decline_reason == "人已满"
    again = services.volunteer_apply(user=resident, skills="修电器")
    assert again.pk == volunteer.pk
    assert again.status == Volunteer.Status.PENDING
    assert again.decline_reason == ""


@pytest.mark.parametrize(
    "kwargs",
    [{"availability": ["someday"]}, {"team_ids": [999999]}, {"skills": "长" * 501}],
)
def test_bad_applications_are_refused(resident, kwargs):
    refused(Code.INVALID, services.volunteer_apply, user=resident, **kwargs)
    assert not Volunteer.objects.exists()


def test_only_staff_decide_applications(resident, team_leader):
    volunteer = services.volunteer_apply(user=resident)
    refused(
        Code.NOT_ALLOWED,
        services.volunteer_approve,
        volunteer_id=volunteer.pk,
        by_user=team_leader,
    )
    volunteer.refresh_from_db()
    assert volunteer.status == Volunteer.Status.PENDING


def test_deciding_twice_is_refused(resident, staff_user):
    volunteer = services.volunteer_apply(user=resident)
    services.volunteer_approve(volunteer_id=volunteer.pk, by_user=staff_user)
    refused(
        Code.NOT_PENDING,
        services.volunteer_decline,
        volunteer_id=volunteer.pk,
        by_user=staff_user,
        reason="no",
    )


# --- teams --------------------------------------------------------------------------------


def test_join_a_team_and_the_leader_approves(team_leader):
    team = team_leader.led_teams.get()
    volunteer = VolunteerFactory()
    membership = services.membership_request(team_id=team.pk, user=volunteer.user)
    assert membership.status == TeamMembership.Status.PENDING
    services.membership_decide(
        membership_id=membership.pk, by_user=team_leader, approve=True
    )
    membership.refresh_from_db()
    assert membership.status == TeamMembership.Status.APPROVED


def test_joining_a_team_twice_is_refused(team_leader):
    team = team_leader.led_teams.get()
    volunteer = VolunteerFactory()
    services.membership_request(team_id=team.pk, user=volunteer.user)
    refused(
        Code.ALREADY_IN_TEAM,
        services.membership_request,
        team_id=team.pk,
        user=volunteer.user,
    )
    assert TeamMembership.objects.count() == 1


def test_only_approved_volunteers_join_and_only_the_leader_decides(
    team_leader, resident
):
    team = team_leader.led_teams.get()
    refused(
        Code.NOT_VOLUNTEER, services.membership_request, team_id=team.pk, user=resident
    )
    pending = VolunteerFactory(pending=True)
    refused(
        Code.NOT_VOLUNTEER,
        services.membership_request,
        team_id=team.pk,
        user=pending.user,
    )
    membership = services.membership_request(
        team_id=team.pk, user=VolunteerFactory().user
    )
    other_leader = UserFactory()
    TeamFactory(leader=other_leader)
    refused(
        Code.NOT_ALLOWED,
        services.membership_decide,
        membership_id=membership.pk,
        by_user=other_leader,
        approve=True,
    )
    membership.refresh_from_db()
    assert membership.status == TeamMembership.Status.PENDING


# --- shifts and hours -----------------------------------------------------------------


def test_sign_up_never_beyond_what_the_role_needs():
    role = VolunteerRoleFactory(needed=1)
    first, second = VolunteerFactory(), VolunteerFactory()
    services.shift_sign_up(role_id=role.pk, user=first.user)
    refused(
        Code.ALREADY_SIGNED_UP, services.shift_sign_up, role_id=role.pk, user=first.user
    )
    refused(Code.ROLE_FULL, services.shift_sign_up, role_id=role.pk, user=second.user)
    assert VolunteerShift.objects.count() == 1


def test_no_sign_up_for_an_ended_activity():
    role = VolunteerRoleFactory(activity=past_activity())
    refused(
        Code.ACTIVITY_CLOSED,
        services.shift_sign_up,
        role_id=role.pk,
        user=VolunteerFactory().user,
    )


def test_check_in_and_out_makes_pending_hours(staff_user):
    activity = past_activity()
    shift = VolunteerShiftFactory(role=VolunteerRoleFactory(activity=activity))
    refused(
        Code.NOT_CHECKED_IN,
        services.shift_check_out,
        shift_id=shift.pk,
        by_user=staff_user,
    )
    services.shift_check_in(shift_id=shift.pk, by_user=staff_user)
    refused(
        Code.ALREADY_CHECKED_IN,
        services.shift_check_in,
        shift_id=shift.pk,
        by_user=staff_user,
    )
    VolunteerShift.objects.filter(pk=shift.pk).update(
        checked_in_at=timezone.now() - datetime.timedelta(hours=2, minutes=10)
    )
    entry = services.shift_check_out(shift_id=shift.pk, by_user=staff_user)
    assert entry.hours == Decimal("2.0")
    assert entry.status == HoursEntry.Status.PENDING
    assert entry.source == HoursEntry.Source.CHECK_OUT
    assert entry.team_id == activity.team_id
    refused(
        Code.ALREADY_CHECKED_OUT,
        services.shift_check_out,
        shift_id=shift.pk,
        by_user=staff_user,
    )


def test_a_stranger_cannot_check_volunteers_in(resident):
    shift = VolunteerShiftFactory(role=VolunteerRoleFactory(activity=past_activity()))
    refused(
        Code.NOT_ALLOWED, services.shift_check_in, shift_id=shift.pk, by_user=resident
    )


def leader_with_shift():
    leader = UserFactory()
    team = TeamFactory(leader=leader)
    activity = past_activity(team=team)
    shift = VolunteerShiftFactory(role=VolunteerRoleFactory(activity=activity))
    return leader, activity, shift.volunteer


def test_the_leader_enters_hours_that_count_once_verified(staff_user):
    leader, activity, volunteer = leader_with_shift()
    entry = services.hours_enter(
        volunteer_id=volunteer.pk, activity_id=activity.pk, hours="2.5", by_user=leader
    )
    assert entry.hours == Decimal("2.5")
    assert not PointsEntry.objects.exists()

    verified = services.hours_verify(entry_ids=[entry.pk], by_user=staff_user)
    assert verified == [entry]
    entry.refresh_from_db()
    assert entry.status == HoursEntry.Status.VERIFIED
    line = PointsEntry.objects.get()
    assert (line.kind, line.amount, line.balance_after) == ("earned", 25, 25)  # 10/h

    # Verifying again pays nothing twice.
    assert services.hours_verify(entry_ids=[entry.pk], by_user=staff_user) == []
    assert PointsEntry.objects.count() == 1


def test_the_rate_staff_configure_applies_from_its_date(staff_user):
    PointsRate.objects.create(
        valid_from=timezone.localdate() - datetime.timedelta(days=3), points_per_hour=15
    )
    leader, activity, volunteer = leader_with_shift()
    entry = services.hours_enter(
        volunteer_id=volunteer.pk, activity_id=activity.pk, hours="2", by_user=leader
    )
    services.hours_verify(entry_ids=[entry.pk], by_user=staff_user)
    assert PointsEntry.objects.get().amount == 30


def test_only_staff_verify(team_leader):
    leader, activity, volunteer = leader_with_shift()
    entry = services.hours_enter(
        volunteer_id=volunteer.pk, activity_id=activity.pk, hours="2", by_user=leader
    )
    refused(
        Code.NOT_ALLOWED, services.hours_verify, entry_ids=[entry.pk], by_user=leader
    )
    entry.refresh_from_db()
    assert entry.status == HoursEntry.Status.PENDING


@pytest.mark.parametrize(
    ("hours", "code"),
    [
        ("-2", Code.BAD_HOURS),
        ("0", Code.BAD_HOURS),
        ("25", Code.BAD_HOURS),
        ("abc", Code.BAD_HOURS),
        ("NaN", Code.BAD_HOURS),
        ("Infinity", Code.BAD_HOURS),
        ("", Code.BAD_HOURS),
    ],
)
def test_negative_or_absurd_hours_are_refused(hours, code):
    leader, activity, volunteer = leader_with_shift()
    refused(
        code,
        services.hours_enter,
        volunteer_id=volunteer.pk,
        activity_id=activity.pk,
        hours=hours,
        by_user=leader,
    )
    assert not HoursEntry.objects.exists()


def test_never_more_than_24_hours_in_a_day():
    leader, activity, volunteer = leader_with_shift()
    services.hours_enter(
        volunteer_id=volunteer.pk, activity_id=activity.pk, hours="20", by_user=leader
    )
    # A second activity the same day.
    other = past_activity(team=activity.team, title="同日另一场")
    VolunteerShiftFactory(
        volunteer=volunteer, role=VolunteerRoleFactory(activity=other)
    )
    error = refused(
        Code.TOO_MANY_HOURS,
        services.hours_enter,
        volunteer_id=volunteer.pk,
        activity_id=other.pk,
        hours="5",
        by_user=leader,
    )
    assert "24" in error.message
    assert HoursEntry.objects.count() == 1
    services.hours_enter(
        volunteer_id=volunteer.pk, activity_id=other.pk, hours="4", by_user=leader
    )


def test_hours_for_an_activity_one_did_not_serve_are_refused():
    leader, activity, _volunteer = leader_with_shift()
    stranger = VolunteerFactory()
    refused(
        Code.DID_NOT_SERVE,
        services.hours_enter,
        volunteer_id=stranger.pk,
        activity_id=activity.pk,
        hours="2",
        by_user=leader,
    )
    assert not HoursEntry.objects.exists()


def test_hours_entered_twice_or_by_another_team_are_refused():
    leader, activity, volunteer = leader_with_shift()
    services.hours_enter(
        volunteer_id=volunteer.pk, activity_id=activity.pk, hours="2", by_user=leader
    )
    refused(
        Code.HOURS_ALREADY_ENTERED,
        services.hours_enter,
        volunteer_id=volunteer.pk,
        activity_id=activity.pk,
        hours="1",
        by_user=leader,
    )
    other_leader = UserFactory()
    TeamFactory(leader=other_leader)
    refused(
        Code.NOT_ALLOWED,
        services.hours_enter,
        volunteer_id=volunteer.pk,
        activity_id=activity.pk,
        hours="1",
        by_user=other_leader,
    )
    assert HoursEntry.objects.count() == 1


def test_rejected_hours_do_not_count_and_may_be_entered_again(staff_user):
    leader, activity, volunteer = leader_with_shift()
    entry = services.hours_enter(
        volunteer_id=volunteer.pk, activity_id=activity.pk, hours="9", by_user=leader
    )
    refused(
        Code.INVALID,
        services.hours_reject,
        entry_id=entry.pk,
        by_user=staff_user,
        reason="",
    )
    services.hours_reject(entry_id=entry.pk, by_user=staff_user, reason="应为2小时")
    services.hours_enter(
        volunteer_id=volunteer.pk, activity_id=activity.pk, hours="2", by_user=leader
    )
    assert HoursEntry.objects.pending().get().hours == Decimal("2.0")


# --- points and the shop -----------------------------------------------------------------


def test_redeem_spends_points_takes_stock_and_gives_a_code():
    volunteer = VolunteerFactory()
    give_points(volunteer, 50)
    reward = RewardFactory(points=20, stock=2)
    redemption = services.reward_redeem(reward_id=reward.pk, user=volunteer.user)
    assert len(redemption.code) == services.CODE_LENGTH
    assert redemption.status == Redemption.Status.ISSUED
    reward.refresh_from_db()
    assert reward.stock == 1
    ledger = PointsEntry.objects.filter(volunteer=volunteer)
    assert ledger.balance() == 30
    assert ledger.get(kind="spent").balance_after == 30


def test_redeeming_without_enough_points_changes_nothing():
    volunteer = VolunteerFactory()
    give_points(volunteer, 10)
    reward = RewardFactory(points=20, stock=2)
    error = refused(
        Code.NOT_ENOUGH_POINTS,
        services.reward_redeem,
        reward_id=reward.pk,
        user=volunteer.user,
    )
    assert "10" in error.message and "20" in error.message
    reward.refresh_from_db()
    assert reward.stock == 2
    assert not Redemption.objects.exists()
    assert PointsEntry.objects.filter(volunteer=volunteer).balance() == 10


def test_redeeming_without_stock_changes_nothing():
    volunteer = VolunteerFactory()
    give_points(volunteer, 100)
    reward = RewardFactory(points=20, stock=0)
    refused(
        Code.OUT_OF_STOCK,
        services.reward_redeem,
        reward_id=reward.pk,
        user=volunteer.user,
    )
    hidden = RewardFactory(is_active=False)
    refused(
        Code.REWARD_UNAVAILABLE,
        services.reward_redeem,
        reward_id=hidden.pk,
        user=volunteer.user,
    )
    refused(
        Code.REWARD_UNAVAILABLE,
        services.reward_redeem,
        reward_id=999999,
        user=volunteer.user,
    )
    assert PointsEntry.objects.filter(volunteer=volunteer).balance() == 100


def test_residents_cannot_redeem(resident):
    reward = RewardFactory()
    refused(
        Code.NOT_VOLUNTEER, services.reward_redeem, reward_id=reward.pk, user=resident
    )


def redeemed(points=50):
    volunteer = VolunteerFactory()
    give_points(volunteer, points)
    reward = RewardFactory(points=20, stock=5)
    return services.reward_redeem(reward_id=reward.pk, user=volunteer.user)


def test_the_merchant_clerk_confirms_a_code_once():
    redemption = redeemed()
    clerk = UserFactory()
    MerchantClerk.objects.create(merchant=redemption.reward.merchant, user=clerk)
    code = f" {redemption.code[:4].lower()}-{redemption.code[4:]} "
    services.redemption_confirm(code=code, by_user=clerk)
    redemption.refresh_from_db()
    assert redemption.status == Redemption.Status.CONFIRMED
    assert redemption.confirmed_by == clerk
    refused(
        Code.ALREADY_CONFIRMED,
        services.redemption_confirm,
        code=redemption.code,
        by_user=clerk,
    )


def test_a_code_of_another_merchant_or_unknown_is_refused(staff_user):
    redemption = redeemed()
    other_clerk = UserFactory()
    MerchantClerk.objects.create(merchant=MerchantFactory(), user=other_clerk)
    refused(
        Code.OTHER_MERCHANT,
        services.redemption_confirm,
        code=redemption.code,
        by_user=other_clerk,
    )
    refused(
        Code.CODE_UNKNOWN,
        services.redemption_confirm,
        code="NOPE1234",
        by_user=other_clerk,
    )
    refused(
        Code.NOT_ALLOWED,
        services.redemption_confirm,
        code=redemption.code,
        by_user=UserFactory(),
    )
    redemption.refresh_from_db()
    assert redemption.status == Redemption.Status.ISSUED
    # Community staff confirm any code.
    services.redemption_confirm(code=redemption.code, by_user=staff_user)


def test_a_community_reward_is_confirmed_by_staff_only(staff_user):
    volunteer = VolunteerFactory()
    give_points(volunteer, 50)
    reward = RewardFactory(merchant=None, points=20)
    redemption = services.reward_redeem(reward_id=reward.pk, user=volunteer.user)
    clerk = UserFactory()
    MerchantClerk.objects.create(merchant=MerchantFactory(), user=clerk)
    refused(
        Code.OTHER_MERCHANT,
        services.redemption_confirm,
        code=redemption.code,
        by_user=clerk,
    )
    services.redemption_confirm(code=redemption.code, by_user=staff_user)


def test_void_returns_points_by_a_new_entry_and_the_stock(staff_user):
    redemption = redeemed(points=50)
    before = list(
        PointsEntry.objects.order_by("pk").values_list("pk", "amount", "balance_after")
    )
    services.redemption_void(
        redemption_id=redemption.pk, by_user=staff_user, reason="误兑"
    )
    after = list(
        PointsEntry.objects.order_by("pk").values_list("pk", "amount", "balance_after")
    )
    assert after[: len(before)] == before  # history untouched
    assert after[-1][1:] == (20, 50)
    assert PointsEntry.objects.filter(volunteer=redemption.volunteer).balance() == 50
    assert Reward.objects.get().stock == 5
    refused(
        Code.VOIDED,
        services.redemption_void,
        redemption_id=redemption.pk,
        by_user=staff_user,
    )
    refused(
        Code.VOIDED,
        services.redemption_confirm,
        code=redemption.code,
        by_user=staff_user,
    )


def test_a_confirmed_redemption_cannot_be_voided_and_only_staff_void(staff_user):
    redemption = redeemed()
    refused(
        Code.NOT_ALLOWED,
        services.redemption_void,
        redemption_id=redemption.pk,
        by_user=redemption.volunteer.user,
    )
    services.redemption_confirm(code=redemption.code, by_user=staff_user)
    refused(
        Code.ALREADY_CONFIRMED,
        services.redemption_void,
        redemption_id=redemption.pk,
        by_user=staff_user,
    )
    assert PointsEntry.objects.filter(kind="returned").count() == 0


def test_the_ledger_is_append_only():
    line = give_points(VolunteerFactory(), 10)
    line.amount = 1000
    with pytest.raises(Exception, match="never changed"):
        line.save()
    with pytest.raises(Exception, match="never"):
        PointsEntry.objects.update(amount=5)
    with pytest.raises(Exception, match="never deleted"):
        line.delete()
    assert PointsEntry.objects.get().amount == 10


# --- service requests ----------------------------------------------------------------------


def jpeg() -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (40, 30), (0, 120, 0)).save(buffer, format="JPEG")
    return SimpleUploadedFile("done.jpg", buffer.getvalue(), "image/jpeg")


def order(requester, **kwargs):
    values = {
        "requester": requester,
        "category_id": ServiceCategory.objects.get(name="便民维修").pk,
        "description": "厨房水龙头漏水",
        "wanted_at": timezone.now() + datetime.timedelta(days=1),
        "place": "5幢2单元301室",
    }
    values.update(kwargs)
    return services.service_request_create(**values)


def test_the_whole_journey_is_timestamped(resident, staff_user):
    team = TeamFactory()
    member = VolunteerFactory()
    TeamMembership.objects.create(team=team, volunteer=member, status="approved")
    request = order(resident)
    assert request.status == ServiceRequest.Status.ORDERED
    services.service_request_dispatch(
        request_id=request.pk, team_id=team.pk, by_user=staff_user
    )
    services.service_request_accept(request_id=request.pk, by_user=member.user)
    services.service_request_complete(
        request_id=request.pk, by_user=member.user, note="换了阀芯", photos=[jpeg()]
    )
    services.service_request_rate(
        request_id=request.pk, by_user=resident, rating=5, comment="谢谢"
    )
    request.refresh_from_db()
    assert request.status == ServiceRequest.Status.RATED
    assert request.created_at <= request.dispatched_at <= request.accepted_at
    assert request.accepted_at <= request.done_at <= request.rated_at
    assert request.photos.count() == 1
    assert request.rating == 5


def test_staff_order_on_behalf_of_a_resident(resident, staff_user, team_leader):
    request = order(resident, ordered_by=staff_user)
    assert request.requester == resident and request.ordered_by == staff_user
    refused(Code.NOT_ALLOWED, order, resident, ordered_by=team_leader)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"description": "  "},
        {"place": ""},
        {"category_id": 999999},
        {"wanted_at": timezone.now() - datetime.timedelta(days=2)},
        {"wanted_at": timezone.now() + datetime.timedelta(days=400)},
    ],
)
def test_bad_orders_are_refused(resident, kwargs):
    refused(Code.INVALID, order, resident, **kwargs)
    assert not ServiceRequest.objects.exists()


def test_acting_on_someone_elses_request_is_refused(resident, staff_user):
    team = TeamFactory()
    member, outsider = VolunteerFactory(), VolunteerFactory()
    TeamMembership.objects.create(team=team, volunteer=member, status="approved")
    request = order(resident)
    refused(
        Code.NOT_ALLOWED,
        services.service_request_dispatch,
        request_id=request.pk,
        team_id=team.pk,
        by_user=member.user,
    )
    services.service_request_dispatch(
        request_id=request.pk, team_id=team.pk, by_user=staff_user
    )
    refused(
        Code.NOT_ALLOWED,
        services.service_request_accept,
        request_id=request.pk,
        by_user=outsider.user,
    )
    services.service_request_accept(request_id=request.pk, by_user=member.user)
    refused(
        Code.WRONG_STATUS,
        services.service_request_accept,
        request_id=request.pk,
        by_user=member.user,
    )
    refused(
        Code.NOT_ALLOWED,
        services.service_request_complete,
        request_id=request.pk,
        by_user=outsider.user,
        note="x",
    )
    refused(
        Code.NOT_ALLOWED,
        services.service_request_cancel,
        request_id=request.pk,
        by_user=outsider.user,
    )
    services.service_request_complete(
        request_id=request.pk, by_user=member.user, note="好了"
    )
    refused(
        Code.NOT_ALLOWED,
        services.service_request_rate,
        request_id=request.pk,
        by_user=member.user,
        rating=5,
    )
    refused(
        Code.BAD_RATING,
        services.service_request_rate,
        request_id=request.pk,
        by_user=resident,
        rating=6,
    )
    request.refresh_from_db()
    assert request.status == ServiceRequest.Status.DONE


def test_a_bad_photo_marks_nothing_done(resident, staff_user):
    team = TeamFactory()
    member = VolunteerFactory()
    TeamMembership.objects.create(team=team, volunteer=member, status="approved")
    request = order(resident)
    services.service_request_dispatch(
        request_id=request.pk, team_id=team.pk, by_user=staff_user
    )
    services.service_request_accept(request_id=request.pk, by_user=member.user)
    bad = SimpleUploadedFile("x.jpg", b"not a picture", "image/jpeg")
    refused(
        Code.INVALID,
        services.service_request_complete,
        request_id=request.pk,
        by_user=member.user,
        note="好了",
        photos=[bad],
    )
    request.refresh_from_db()
    assert request.status == ServiceRequest.Status.ACCEPTED
    assert not request.photos.exists()


def test_the_requester_cancels_before_it_is_taken(resident):
    request = order(resident)
    services.service_request_cancel(request_id=request.pk, by_user=resident)
    refused(
        Code.WRONG_STATUS,
        services.service_request_cancel,
        request_id=request.pk,
        by_user=resident,
    )


def test_only_staff_user_factory_is_staff():
    assert services.is_clerk_or_staff(StaffUserFactory())
