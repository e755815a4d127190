"""Rows of the activities."""

from django.urls import reverse

from activities.models import Registration
from activities.services import checkin_code, door_token
from tests.access.row import (
    ACTIVITY,
    LOGIN,
    PAST_ACTIVITY,
    REDIRECT,
    STAFF_ONLY,
    Row,
    each,
    member,
    page_text,
    public,
    this_month,
)
from tests.access.world import (
    ANONYMOUS,
    LEADER,
    RESIDENT,
    STAFF,
)


def check_organiser_tools(world, role, method, response):
    if method == "get":
        link = reverse("activities:checkin", args=[world.activity.pk])
        shown = f'href="{link}"' in page_text(response)
        assert shown == (role in (LEADER, STAFF)), (
            f"the organisers' tools {'shown' if shown else 'not shown'} to {role}"
        )


def check_registration_kept(world, role, method, response):
    if method == "post" and role not in (RESIDENT, ANONYMOUS):
        registration = Registration.objects.get(pk=world.resident_registration.pk)
        assert registration.status == Registration.Status.CONFIRMED, (
            f"{role} cancelled the resident's registration"
        )


def check_not_checked_in(world, role, method, response):
    registration = Registration.objects.get(pk=world.resident_registration.pk)
    assert not registration.is_checked_in, f"{role} checked the resident in early"


ROWS: dict[str, Row] = {
    # --- activities -------------------------------------------------------------------
    "activities:list": Row(**public()),
    "activities:calendar": Row(**public()),
    "activities:feed": Row(**public()),
    "activities:highlights": Row(**public()),
    "activities:detail": Row(**public(), kwargs=ACTIVITY, check=check_organiser_tools),
    "activities:ics": Row(**public(), kwargs=ACTIVITY),
    "activities:register": Row(
        get=member(REDIRECT),
        post=member(REDIRECT),
        kwargs=ACTIVITY,
        data=lambda world: {"companions": "0"},
    ),
    "activities:cancel_registration": Row(
        get=member(REDIRECT),
        post=member(REDIRECT),
        kwargs=ACTIVITY,
        check=check_registration_kept,
    ),
    "activities:rate": Row(
        get=member(REDIRECT),
        post=member(409, resident=REDIRECT),
        kwargs=PAST_ACTIVITY,
        data=lambda world: {"score": "5", "comment": "很好"},
    ),
    "activities:checkin": Row(
        get=each(403, anonymous=LOGIN, leader=200, staff=200),
        post=each(403, anonymous=LOGIN, leader=200, staff=200),
        kwargs=ACTIVITY,
    ),
    # The address in a resident's QR code: harmless to everyone; the organisers'
    # POST checks in only inside the window (the world's activity is days ahead).
    "activities:checkin_link": Row(
        get=each(200),
        post=each(200),
        kwargs=lambda world: {"code": checkin_code(world.resident_registration)},
        check=check_not_checked_in,
    ),
    # The door QR's page: a tap checks in only inside the window (days ahead here).
    "activities:door": Row(
        get=member(200),
        post=member(409),
        kwargs=lambda world: {"token": door_token(world.activity)},
        data=lambda world: {"action": "checkin"},
        check=check_not_checked_in,
    ),
    "activities:door_poster": Row(
        get=each(403, anonymous=LOGIN, leader=200, staff=200),
        post=member(405),
        kwargs=ACTIVITY,
    ),
    "activities:checkin_registration": Row(
        get=member(405),
        post=each(403, anonymous=LOGIN, leader=REDIRECT, staff=REDIRECT),
        kwargs=lambda world: {
            "pk": world.activity.pk,
            "registration_pk": world.resident_registration.pk,
        },
    ),
    "activities:walk_in": Row(get=member(405), post=STAFF_ONLY, kwargs=ACTIVITY),
    "activities:record": Row(
        get=each(403, anonymous=LOGIN, leader=200, staff=200),
        post=each(403, anonymous=LOGIN, leader=200, staff=200),
        kwargs=PAST_ACTIVITY,
    ),
    "activities:staff_satisfaction": Row(
        get=STAFF_ONLY,
        post=member(405),
        setup=lambda world: world.past_activity,
        query=this_month,
    ),
}
