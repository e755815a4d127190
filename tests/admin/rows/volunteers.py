"""Row builders of the volunteer alliance's admin."""

import datetime

from tests.admin.site import upload
from tests.factories import (
    AllianceFactory,
    MerchantFactory,
    TeamFactory,
    UserFactory,
)
from tests.volunteers.factories import (
    HoursEntryFactory,
    RedemptionFactory,
    RewardFactory,
    ServiceRequestFactory,
    TeamMembershipFactory,
    VolunteerFactory,
    VolunteerRoleFactory,
    VolunteerShiftFactory,
    give_points,
)
from volunteers import services
from volunteers.models import (
    HoursEntry,
    MerchantClerk,
    PointsEntry,
    PointsRate,
    Redemption,
    Reward,
    SeasonalService,
    ServiceCategory,
    ServiceCertificate,
    ServiceRequest,
    ServiceRequestPhoto,
    Team,
    TeamMembership,
    Volunteer,
    VolunteerRole,
    VolunteerShift,
)


def build_teams(n):
    return [
        TeamFactory(leader=UserFactory(), alliance=AllianceFactory(), cover=upload())
        for _ in range(n)
    ]


def build_volunteers(n):
    volunteers = VolunteerFactory.create_batch(n)
    for volunteer in volunteers:
        give_points(volunteer, 30)
    return volunteers


def build_memberships(n):
    return TeamMembershipFactory.create_batch(n)


def build_volunteer_roles(n):
    return VolunteerRoleFactory.create_batch(n)


def build_shifts(n):
    return VolunteerShiftFactory.create_batch(n)


def build_hours(n):
    return [HoursEntryFactory(entered_by=UserFactory()) for _ in range(n)]


def build_points_rates(n):
    last = PointsRate.objects.order_by("-valid_from").first()
    start = last.valid_from if last else datetime.date(2020, 1, 1)
    return [
        PointsRate.objects.create(
            valid_from=start + datetime.timedelta(days=i + 1), points_per_hour=10
        )
        for i in range(n)
    ]


def build_points_entries(n):
    return [give_points(VolunteerFactory(), 10) for _ in range(n)]


def build_rewards(n):
    return RewardFactory.create_batch(n, image=upload())


def build_clerks(n):
    return [
        MerchantClerk.objects.create(merchant=MerchantFactory(), user=UserFactory())
        for _ in range(n)
    ]


def build_redemptions(n):
    return RedemptionFactory.create_batch(n)


def build_service_categories(n):
    start = ServiceCategory.objects.count()
    return [ServiceCategory.objects.create(name=f"服务{start + i}") for i in range(n)]


def build_service_requests(n):
    requests = ServiceRequestFactory.create_batch(n)
    for request in requests:
        ServiceRequestPhoto.objects.create(request=request, image=upload())
    return requests


def build_seasonal_services(n):
    start = SeasonalService.objects.count()
    return [
        SeasonalService.objects.create(
            season="spring",
            month=3,
            name=f"季节服务{start + i}",
            activity_keyword="学雷锋",
        )
        for i in range(n)
    ]


def build_certificates(n):
    certificates = []
    for entry in HoursEntryFactory.create_batch(n):
        certificates.append(
            services.certificate_issue(
                volunteer_id=entry.volunteer_id, by_user=entry.volunteer.user
            )
        )
    return certificates


ROW_BUILDERS = {
    Team: build_teams,
    Volunteer: build_volunteers,
    TeamMembership: build_memberships,
    VolunteerRole: build_volunteer_roles,
    VolunteerShift: build_shifts,
    HoursEntry: build_hours,
    PointsRate: build_points_rates,
    PointsEntry: build_points_entries,
    Reward: build_rewards,
    MerchantClerk: build_clerks,
    Redemption: build_redemptions,
    ServiceCategory: build_service_categories,
    ServiceRequest: build_service_requests,
    SeasonalService: build_seasonal_services,
    ServiceCertificate: build_certificates,
}
