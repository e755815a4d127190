"""Rows of the teams and the volunteer alliance."""

from django.urls import reverse

from tests.access.row import (
    LOGIN,
    REDIRECT,
    STAFF_ONLY,
    Row,
    each,
    member,
    page_text,
    public,
)
from tests.access.world import (
    ANONYMOUS,
    LEADER,
    RESIDENT,
    STAFF,
    VOLUNTEER,
)
from tests.volunteers.factories import HoursEntryFactory
from volunteers import services
from volunteers.models import ServiceCertificate, ServiceRequest, VolunteerShift


def certificate_serial(world) -> dict:
    """The matrix volunteer's certificate (issued once, from one verified entry)."""
    volunteer = world.volunteer.volunteer
    found = ServiceCertificate.objects.filter(volunteer=volunteer).first()
    if found is None:
        HoursEntryFactory(volunteer=volunteer)
        found = services.certificate_issue(
            volunteer_id=volunteer.pk, by_user=world.volunteer
        )
    return {"serial": found.serial}


def check_service_list(world, role, method, response):
    if method == "get" and role != ANONYMOUS:
        link = reverse("volunteers:service_detail", args=[world.service_request.pk])
        shown = f'href="{link}"' in page_text(response)
        may_see = role in (RESIDENT, LEADER, STAFF)
        assert shown == may_see, (
            f"the resident's service request {'shown' if shown else 'not shown'} "
            f"to {role}"
        )


def check_shift_kept(world, role, method, response):
    if method == "post" and role not in (VOLUNTEER, ANONYMOUS):
        world.volunteer_shift.refresh_from_db()
        assert world.volunteer_shift.status != VolunteerShift.Status.CANCELLED, (
            f"{role} cancelled the volunteer's shift"
        )


def check_request_kept(world, role, method, response):
    if method == "post" and role not in (RESIDENT, STAFF, ANONYMOUS):
        world.service_request.refresh_from_db()
        assert world.service_request.status != ServiceRequest.Status.CANCELLED, (
            f"{role} cancelled the resident's service request"
        )


ROWS: dict[str, Row] = {
    # --- teams and the volunteer alliance -------------------------------------------------
    "volunteers:team_list": Row(**public()),
    "volunteers:team_detail": Row(
        **public(), kwargs=lambda world: {"slug": world.leader_team.slug}
    ),
    "volunteers:team_join": Row(
        get=member(405),
        post=member(REDIRECT),
        kwargs=lambda world: {"slug": world.other_team.slug},
    ),
    "volunteers:hub": Row(**public()),
    "volunteers:leaderboard": Row(**public()),
    "volunteers:apply": Row(get=member(200), post=member(REDIRECT, volunteer=200)),
    "volunteers:me": Row(get=member(REDIRECT, volunteer=200), post=member(405)),
    "volunteers:certificate": Row(get=member(404, volunteer=200), post=member(405)),
    "volunteers:identity": Row(
        get=member(REDIRECT, volunteer=200), post=member(REDIRECT)
    ),
    "volunteers:certificate_issue": Row(
        get=member(405), post=member(404, volunteer=REDIRECT)
    ),
    "volunteers:certificate_detail": Row(
        get=member(404, volunteer=200, staff=200),
        post=member(405),
        kwargs=certificate_serial,
    ),
    "volunteers:certificate_verify": Row(**public()),
    "volunteers:certificate_verify_serial": Row(**public(), kwargs=certificate_serial),
    "volunteers:shop": Row(**public()),
    "volunteers:redeem": Row(
        get=member(405),
        post=member(REDIRECT),
        kwargs=lambda world: {"pk": world.reward.pk},
    ),
    # Role pages: the signed-in without the role get 403, as in every app.
    "volunteers:shop_confirm": Row(get=STAFF_ONLY, post=STAFF_ONLY),
    "volunteers:activity": Row(
        **public(), kwargs=lambda world: {"pk": world.volunteer_role.activity_id}
    ),
    "volunteers:role_sign_up": Row(
        get=member(405),
        post=member(REDIRECT),
        kwargs=lambda world: {"pk": world.volunteer_role.pk},
    ),
    "volunteers:shift_action": Row(
        get=member(405),
        post=member(404, volunteer=REDIRECT),
        kwargs=lambda world: {"pk": world.volunteer_shift.pk, "action": "cancel"},
        check=check_shift_kept,
    ),
    "volunteers:leader": Row(
        get=each(403, anonymous=LOGIN, leader=200, staff=200),
        post=each(403, anonymous=LOGIN, leader=200, staff=200),
    ),
    "volunteers:membership_decide": Row(
        get=member(405),
        post=member(404, leader=REDIRECT, staff=REDIRECT),
        kwargs=lambda world: {"pk": world.pending_membership.pk},
    ),
    "volunteers:staff_applications": Row(
        get=STAFF_ONLY, post=each(403, anonymous=LOGIN, staff=405)
    ),
    "volunteers:staff_application_decide": Row(
        get=each(403, anonymous=LOGIN, staff=405),
        post=each(403, anonymous=LOGIN, staff=REDIRECT),
        kwargs=lambda world: {"pk": world.pending_volunteer.pk},
    ),
    "volunteers:staff_hours_verify": Row(
        get=each(403, anonymous=LOGIN, staff=405),
        post=each(403, anonymous=LOGIN, staff=REDIRECT),
    ),
    "volunteers:staff_national_export": Row(
        get=STAFF_ONLY, post=each(403, anonymous=LOGIN, staff=405)
    ),
    "volunteers:service_list": Row(
        get=member(200),
        post=member(405),
        setup=lambda world: world.service_request,
        check=check_service_list,
    ),
    "volunteers:service_new": Row(get=member(200), post=member(200)),
    "volunteers:service_detail": Row(
        get=member(404, resident=200, leader=200, staff=200),
        post=member(405),
        kwargs=lambda world: {"pk": world.service_request.pk},
    ),
    "volunteers:service_action": Row(
        get=member(405),
        # The team's leader sees the request but may not cancel it: 403.
        post=member(404, resident=REDIRECT, leader=403, staff=REDIRECT),
        kwargs=lambda world: {"pk": world.service_request.pk, "action": "cancel"},
        check=check_request_kept,
    ),
}
