"""Bookings of spaces: the rules of the service, the week view, the pages, the
calendar file, staff decisions and blocks."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from community_portal.errors import ServiceError
from tests.factories import ActivityFactory, UserFactory
from tests.venues.booking_helpers import NOW, bookable_space, local
from venues import selectors, services
from venues.errors import Code
from venues.models import BookingMode, SpaceBooking

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
Status = SpaceBooking.Status


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def book(space, user, start, end, **kwargs):
    return services.booking_create(
        space_id=space.pk, user=user, starts_at=start, ends_at=end, **kwargs
    )


def refusal(call) -> str:
    with pytest.raises(ServiceError) as caught:
        call()
    return caught.value.code


# --- the service's rules ------------------------------------------------------------


def test_instant_space_confirms_and_approval_space_waits(resident):
    instant = bookable_space()
    [booking] = book(instant, resident, local(6, 9), local(6, 10))
    assert booking.status == Status.CONFIRMED
    approval = bookable_space(slug="hall", booking_mode=BookingMode.APPROVAL)
    [booking] = book(approval, resident, local(6, 11), local(6, 12))
    assert booking.status == Status.PENDING


def test_capacity_one_refuses_a_second_booking_of_the_slot(resident):
    space = bookable_space()
    book(space, resident, local(6, 9), local(6, 11))
    other = UserFactory()
    assert (
        refusal(lambda: book(space, other, local(6, 10), local(6, 11)))
        == Code.SLOT_FULL
    )
    # The hour after is free.
    book(space, other, local(6, 11), local(6, 12))


def test_capacity_counts_slot_by_slot(resident):
    space = bookable_space(booking_capacity=2)
    book(space, UserFactory(), local(6, 9), local(6, 10))
    book(space, UserFactory(), local(6, 10), local(6, 11))
    # 9–11 meets one booking in each hour: still room.
    book(space, resident, local(6, 9), local(6, 11))
    assert (
        refusal(lambda: book(space, UserFactory(), local(6, 9), local(6, 10)))
        == Code.SLOT_FULL
    )


def test_cancelled_and_refused_bookings_free_their_time(resident, staff_user):
    space = bookable_space(booking_mode=BookingMode.APPROVAL)
    [first] = book(space, resident, local(6, 9), local(6, 10))
    services.booking_refuse(booking_id=first.pk, staff=staff_user, reason="维修")
    [second] = book(space, UserFactory(), local(6, 9), local(6, 10))
    services.booking_cancel(booking_id=second.pk, user=second.user)
    book(space, UserFactory(), local(6, 9), local(6, 10))


@pytest.mark.parametrize(
    ("start", "end", "code"),
    [
        (local(6, 7), local(6, 8), Code.IN_THE_PAST),
        (local(5, 9), local(5, 10), Code.IN_THE_PAST),
        (local(7, 7), local(7, 8), Code.OUTSIDE_HOURS),
        (local(7, 19), local(7, 21), Code.OUTSIDE_HOURS),
        (local(7, 9), local(7, 12), Code.TOO_LONG),
        (local(7, 9, 30), local(7, 10, 30), Code.NOT_ON_SLOT),
        (local(30, 9), local(30, 10), Code.TOO_FAR_AHEAD),
    ],
)
def test_bad_times_are_refused(resident, start, end, code):
    space = bookable_space()
    assert refusal(lambda: book(space, resident, start, end)) == code
    assert not SpaceBooking.objects.exists()


def test_closed_weekday_is_refused(resident):
    space = bookable_space(open_weekdays="12345")  # 2026-05-09 is a Saturday
    assert (
        refusal(lambda: book(space, resident, local(9, 9), local(9, 10)))
        == Code.CLOSED_DAY
    )


def test_own_overlapping_booking_elsewhere_is_refused(resident):
    book(bookable_space(), resident, local(6, 9), local(6, 10))
    other_space = bookable_space(slug="room", booking_capacity=3)
    assert (
        refusal(lambda: book(other_space, resident, local(6, 9), local(6, 11)))
        == Code.OWN_OVERLAP
    )


def test_an_activity_in_the_space_blocks_its_time(resident):
    space = bookable_space()
    ActivityFactory(
        venue=space.venue, space=space, starts_at=local(6, 14), ends_at=local(6, 16)
    )
    assert (
        refusal(lambda: book(space, resident, local(6, 15), local(6, 16)))
        == Code.SLOT_BLOCKED
    )
    book(space, resident, local(6, 16), local(6, 17))


def test_a_cancelled_activity_blocks_nothing(resident):
    space = bookable_space()
    ActivityFactory(
        venue=space.venue,
        space=space,
        starts_at=local(6, 14),
        ends_at=local(6, 16),
        status="cancelled",
    )
    book(space, resident, local(6, 14), local(6, 15))


def test_staff_block_stops_bookings_and_is_refused_over_bookings(resident, staff_user):
    space = bookable_space(booking_capacity=4)
    services.block_create(
        space_id=space.pk,
        staff=staff_user,
        starts_at=local(6, 12),
        ends_at=local(6, 14),
        reason="球台维修",
    )
    assert (
        refusal(lambda: book(space, resident, local(6, 13), local(6, 14)))
        == Code.SLOT_BLOCKED
    )
    book(space, resident, local(6, 9), local(6, 10))
    assert (
        refusal(
            lambda: services.block_create(
                space_id=space.pk,
                staff=staff_user,
                starts_at=local(6, 8),
                ends_at=local(6, 11),
                reason="清洁",
            )
        )
        == Code.BOOKINGS_IN_THE_WAY
    )
    assert (
        refusal(
            lambda: services.block_create(
                space_id=space.pk,
                staff=resident,
                starts_at=local(7, 8),
                ends_at=local(7, 11),
                reason="x",
            )
        )
        == Code.DECIDE_NOT_ALLOWED
    )


def test_weekly_booking_is_all_or_nothing(resident):
    space = bookable_space(days_ahead=14)
    made = book(space, resident, local(6, 18), local(6, 20), weeks=4)
    assert [b.starts_at for b in made] == [local(d, 18) for d in (6, 13, 20, 27)]
    assert len({b.series for b in made}) == 1
    # Someone holds the third week of another weekly slot: nothing is written.
    book(space, UserFactory(), local(20, 8), local(20, 9))
    before = SpaceBooking.objects.count()
    assert (
        refusal(lambda: book(space, resident, local(6, 8), local(6, 9), weeks=3))
        == Code.SLOT_FULL
    )
    assert SpaceBooking.objects.count() == before
    assert (
        refusal(lambda: book(space, resident, local(6, 8), local(6, 9), weeks=9))
        == Code.BAD_WEEKS
    )


def test_pipeline_and_staff_only_decisions(resident, staff_user):
    space = bookable_space(booking_mode=BookingMode.APPROVAL)
    [booking] = book(space, resident, local(6, 9), local(6, 10))
    assert (
        refusal(lambda: services.booking_confirm(booking_id=booking.pk, staff=resident))
        == Code.DECIDE_NOT_ALLOWED
    )
    assert (
        refusal(
            lambda: services.booking_refuse(
                booking_id=booking.pk, staff=staff_user, reason=" "
            )
        )
        == Code.REASON_MISSING
    )
    services.booking_confirm(booking_id=booking.pk, staff=staff_user)
    booking.refresh_from_db()
    assert booking.status == Status.CONFIRMED and booking.decided_by == staff_user
    assert (
        refusal(
            lambda: services.booking_refuse(
                booking_id=booking.pk, staff=staff_user, reason="晚了"
            )
        )
        == "bad_transition"
    )
    assert (
        refusal(
            lambda: services.booking_cancel(booking_id=booking.pk, user=UserFactory())
        )
        == Code.BOOKING_NOT_FOUND
    )


def test_not_bookable_space_is_refused(resident):
    space = bookable_space(booking_mode=BookingMode.OFF)
    assert (
        refusal(lambda: book(space, resident, local(6, 9), local(6, 10)))
        == Code.NOT_BOOKABLE
    )


# --- the week view ------------------------------------------------------------------


def test_week_view_states(resident):
    space = bookable_space(booking_capacity=2)
    book(space, resident, local(6, 9), local(6, 10))
    book(space, UserFactory(), local(6, 10), local(6, 11))
    book(space, UserFactory(), local(6, 10), local(6, 11))
    ActivityFactory(
        venue=space.venue, space=space, starts_at=local(7, 14), ends_at=local(7, 15)
    )
    week = selectors.booking_week(slug=space.slug, day=None, user=resident)
    assert week.monday == datetime.date(2026, 5, 4)
    states = {(slot.starts_at, slot.state) for day in week.days for slot in day.slots}
    assert (local(4, 9), "past") in states
    assert (local(6, 9), "mine") in states
    assert (local(6, 10), "full") in states
    assert (local(6, 11), "free") in states
    assert (local(7, 14), "blocked") in states
    assert len(week.days[2].slots) == 12  # 8:00–20:00 in hours


def test_week_view_fixed_queries(client, resident, assert_same_queries):
    space = bookable_space(booking_capacity=20)
    client.force_login(resident)
    url = reverse("venues:space_book", kwargs={"slug": space.slug})

    def grow():
        for hour in range(8, 20):
            book(space, UserFactory(), local(7, hour), local(7, hour + 1))
        ActivityFactory(
            venue=space.venue, space=space, starts_at=local(8, 9), ends_at=local(8, 10)
        )

    assert_same_queries(client, url, grow)


def test_my_bookings_fixed_queries(client, resident, assert_same_queries):
    space = bookable_space(booking_capacity=3, max_slots=1)
    client.force_login(resident)
    book(space, resident, local(6, 8), local(6, 9))

    def grow():
        for hour in range(9, 19):
            book(space, resident, local(6, hour), local(6, hour + 1))

    assert_same_queries(client, reverse("venues:booking_mine"), grow)


def test_staff_page_fixed_queries(client, staff_user, assert_same_queries):
    space = bookable_space(booking_mode=BookingMode.APPROVAL, booking_capacity=12)
    client.force_login(staff_user)
    book(space, UserFactory(), local(6, 8), local(6, 9))

    def grow():
        for hour in range(9, 19):
            book(space, UserFactory(), local(6, hour), local(6, hour + 1))

    assert_same_queries(client, reverse("venues:booking_staff"), grow)


# --- the pages ----------------------------------------------------------------------


def test_book_through_the_page(client, resident):
    space = bookable_space()
    client.force_login(resident)
    url = reverse("venues:space_book", kwargs={"slug": space.slug})
    response = client.post(
        url,
        {
            "date": "2026-05-06",
            "start": "09:00",
            "slots": "2",
            "weeks": "1",
            "note": "练球",
        },
    )
    assert response.status_code == 302
    booking = SpaceBooking.objects.get()
    assert (booking.starts_at, booking.ends_at, booking.note) == (
        local(6, 9),
        local(6, 11),
        "练球",
    )


def test_bad_input_keeps_the_form(client, resident):
    space = bookable_space()
    client.force_login(resident)
    url = reverse("venues:space_book", kwargs={"slug": space.slug})
    response = client.post(
        url,
        {
            "date": "2026-05-06",
            "start": "06:00",
            "slots": "1",
            "weeks": "1",
            "note": "晨练",
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "晨练" in text
    assert "8:00" in text or "08:00" in text
    assert not SpaceBooking.objects.exists()
    response = client.post(
        url, {"date": "不是日期", "start": "x", "slots": "9", "weeks": "0"}
    )
    assert response.status_code == 400


def test_anonymous_may_look_but_must_sign_in_to_book(client):
    space = bookable_space()
    url = reverse("venues:space_book", kwargs={"slug": space.slug})
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"date": "2026-05-06", "start": "09:00", "slots": "1", "weeks": "1"}
    )
    assert response.status_code == 302 and "login" in response["Location"]
    assert not SpaceBooking.objects.exists()


def test_unbookable_space_has_no_booking_page(client):
    space = bookable_space(booking_mode=BookingMode.OFF)
    assert (
        client.get(
            reverse("venues:space_book", kwargs={"slug": space.slug})
        ).status_code
        == 404
    )


def test_slot_link_prefills_the_form(client, resident):
    space = bookable_space()
    client.force_login(resident)
    url = reverse("venues:space_book", kwargs={"slug": space.slug})
    response = client.get(url, {"date": "2026-05-06", "start": "11:00"})
    text = response.content.decode()
    initial = response.context["form"].initial
    assert initial == {"date": datetime.date(2026, 5, 6), "start": "11:00"}
    assert "date=2026-05-06&amp;start=11:00" in text


def test_cancel_through_the_page(client, resident):
    space = bookable_space()
    [booking] = book(space, resident, local(6, 9), local(6, 10))
    other = UserFactory()
    client.force_login(other)
    assert (
        client.post(reverse("venues:booking_cancel", args=[booking.pk])).status_code
        == 404
    )
    client.force_login(resident)
    assert (
        client.post(reverse("venues:booking_cancel", args=[booking.pk])).status_code
        == 302
    )
    booking.refresh_from_db()
    assert booking.status == Status.CANCELLED


def test_ics_parses_with_icalendar(client, resident):
    space = bookable_space()
    [booking] = book(space, resident, local(6, 9), local(6, 11))
    client.force_login(resident)
    response = client.get(reverse("venues:booking_ics", args=[booking.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    assert event.decoded("dtstart") == local(6, 9)
    assert event.decoded("dtend") == local(6, 11)
    assert space.name in str(event["summary"])
    assert str(event["status"]) == "CONFIRMED"
    client.force_login(UserFactory())
    assert (
        client.get(reverse("venues:booking_ics", args=[booking.pk])).status_code == 404
    )


def test_staff_decide_and_block_through_the_page(client, resident, staff_user):
    space = bookable_space(booking_mode=BookingMode.APPROVAL)
    [first] = book(space, resident, local(6, 9), local(6, 10))
    [second] = book(space, UserFactory(), local(6, 10), local(6, 11))
    client.force_login(staff_user)
    page = client.get(reverse("venues:booking_staff"))
    assert space.name in page.content.decode()
    decide = reverse("venues:booking_decide", args=[first.pk])
    client.post(decide, {"action": "confirm"})
    client.post(
        reverse("venues:booking_decide", args=[second.pk]),
        {"action": "refuse", "reason": ""},
    )
    second.refresh_from_db()
    assert second.status == Status.PENDING  # refused without a reason: not done
    client.post(
        reverse("venues:booking_decide", args=[second.pk]),
        {"action": "refuse", "reason": "场地维修"},
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Status.CONFIRMED
    assert (second.status, second.refusal_reason) == (Status.REFUSED, "场地维修")
    response = client.post(
        reverse("venues:booking_block"),
        {
            "space": space.pk,
            "starts_at": "2026-05-08T09:00",
            "ends_at": "2026-05-08T12:00",
            "reason": "布展",
        },
    )
    assert response.status_code == 302
    assert SpaceBooking.objects.filter(kind=SpaceBooking.Kind.BLOCK).count() == 1
    response = client.post(
        reverse("venues:booking_block"),
        {
            "space": space.pk,
            "starts_at": "2026-05-06T09:00",
            "ends_at": "2026-05-06T12:00",
            "reason": "布展",
        },
    )
    assert response.status_code == 400
    assert "布展" in response.content.decode()


def test_venue_page_links_to_booking(client):
    space = bookable_space()
    response = client.get(space.venue.get_absolute_url())
    assert space.get_booking_url() in response.content.decode()


def test_the_week_view_lists_only_the_slots_still_to_come(client):
    """A phone scrolls past no day of passed slots: a passed day says so in a line."""
    space = bookable_space()
    with time_machine.travel(local(6, 12, 30), tick=False):
        body = client.get(
            reverse("venues:space_book", kwargs={"slug": space.slug})
        ).content.decode()
    days = {
        part.split('"', 1)[0]: part.split("</section>", 1)[0]
        for part in body.split('aria-label="')[1:]
        if part.startswith("2026-05-")
    }
    assert "这一天已过" in days["2026-05-04"]
    assert "这一天已过" in days["2026-05-05"]
    today = days["2026-05-06"]
    assert "09:00" not in today and "12:00" not in today
    assert "13:00–14:00" in today
    assert "09:00–10:00" in days["2026-05-07"]
