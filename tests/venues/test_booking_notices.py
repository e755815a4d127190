"""Each booking tells its booker through the message centre: booked (confirmed
or waiting), approved, refused with the reason, cancelled by staff or to make way
for an activity; once each (the notice's key)."""

import pytest
import time_machine
from django.urls import reverse

from community_portal.errors import ServiceError
from community_portal.notices.models import Notice
from tests.factories import ActivityFactory
from tests.venues.booking_helpers import NOW, bookable_space, local
from venues import services
from venues.models import BookingMode, SpaceBooking
from venues.notices import booking_told

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def book(space, user, start, end, **kwargs):
    return services.booking_create(
        space_id=space.pk, user=user, starts_at=start, ends_at=end, **kwargs
    )


def keys(user):
    return list(
        Notice.objects.filter(recipient=user)
        .order_by("pk")
        .values_list("key", flat=True)
    )


def test_an_instant_booking_is_confirmed_in_a_notice(resident):
    [booking] = book(bookable_space(name="悦健室"), resident, local(6, 9), local(6, 10))
    notice = Notice.objects.get(recipient=resident)
    assert notice.key == f"booking:{booking.pk}:confirmed"
    assert notice.kind == Notice.Kind.BOOKING
    assert "悦健室" in notice.title and "2026-05-06 09:00–10:00" in notice.title
    assert notice.url == reverse("venues:booking_mine")


def test_waiting_then_approved(resident, staff_user):
    space = bookable_space(booking_mode=BookingMode.APPROVAL)
    [booking] = book(space, resident, local(6, 9), local(6, 10))
    services.booking_confirm(booking_id=booking.pk, staff=staff_user)
    assert keys(resident) == [
        f"booking:{booking.pk}:pending",
        f"booking:{booking.pk}:approved",
    ]


def test_a_refusal_carries_its_reason(resident, staff_user):
    space = bookable_space(booking_mode=BookingMode.APPROVAL)
    [booking] = book(space, resident, local(6, 9), local(6, 10))
    services.booking_refuse(booking_id=booking.pk, staff=staff_user, reason="场地维修")
    notice = Notice.objects.get(key=f"booking:{booking.pk}:refused")
    assert notice.body == "场地维修"


def test_cancelled_by_staff_is_told_cancelled_by_oneself_is_not(resident, staff_user):
    space = bookable_space()
    [mine] = book(space, resident, local(6, 9), local(6, 10))
    [theirs] = book(space, resident, local(7, 9), local(7, 10))
    services.booking_cancel(booking_id=mine.pk, user=resident)
    services.booking_cancel(booking_id=theirs.pk, user=staff_user, reason="停电检修")
    assert f"booking:{mine.pk}:cancelled" not in keys(resident)
    notice = Notice.objects.get(key=f"booking:{theirs.pk}:cancelled")
    assert notice.body == "停电检修"


def test_a_weekly_series_gets_one_notice_listing_its_weeks(resident):
    made = book(bookable_space(), resident, local(6, 9), local(6, 10), weeks=3)
    [notice] = Notice.objects.filter(recipient=resident)
    assert notice.key == f"booking_series:{made[0].series}:confirmed"
    assert "2026-05-20 09:00–10:00" in notice.body


def test_an_activity_placed_in_the_space_cancels_the_bookings_in_its_way(resident):
    space = bookable_space()
    [clash] = book(space, resident, local(6, 10), local(6, 11))
    [clear] = book(space, resident, local(6, 14), local(6, 15))
    released = services.bookings_release_for_activity(
        space_id=space.pk,
        starts_at=local(6, 9, 30),
        ends_at=local(6, 12),
        title="道德讲堂",
    )
    assert released == [clash]
    clash.refresh_from_db()
    clear.refresh_from_db()
    assert clash.status == SpaceBooking.Status.CANCELLED
    assert "道德讲堂" in clash.cancellation_reason
    assert clear.status == SpaceBooking.Status.CONFIRMED
    assert "道德讲堂" in Notice.objects.get(key=f"booking:{clash.pk}:cancelled").body


def test_an_activity_added_in_the_admin_releases_the_space(rf, resident, staff_user):
    from django.contrib.admin.sites import site
    from django.contrib.messages.storage.fallback import FallbackStorage

    from activities.models import Activity

    space = bookable_space()
    [clash] = book(space, resident, local(6, 10), local(6, 11))
    activity = ActivityFactory.build(
        space=space,
        venue=space.venue,
        team=None,
        starts_at=local(6, 10),
        ends_at=local(6, 12),
        title="健康课堂",
    )
    request = rf.post("/")
    request.user = staff_user
    request.session = {}
    request._messages = FallbackStorage(request)
    site._registry[Activity].save_model(request, activity, form=None, change=False)
    clash.refresh_from_db()
    assert clash.status == SpaceBooking.Status.CANCELLED
    assert "健康课堂" in Notice.objects.get(key=f"booking:{clash.pk}:cancelled").body


def test_telling_twice_sends_once(resident):
    [booking] = book(bookable_space(), resident, local(6, 9), local(6, 10))
    booking_told(bookings=[booking], event="confirmed")
    assert Notice.objects.filter(recipient=resident).count() == 1


def test_a_refused_cancel_tells_nothing(staff_user, resident):
    [booking] = book(bookable_space(), resident, local(6, 9), local(6, 10))
    with time_machine.travel(local(6, 11), tick=False), pytest.raises(ServiceError):
        services.booking_cancel(booking_id=booking.pk, user=staff_user)
    assert keys(resident) == [f"booking:{booking.pk}:confirmed"]
