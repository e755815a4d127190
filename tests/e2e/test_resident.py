"""A resident on a phone: home → activities → filter → an activity → sign up (logging
in on the way completes it) → "My activities" shows the check-in QR code → cancel."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from activities.models import Activity, Registration
from activities.services import checkin_code
from community_portal.accounts.models import User

pytestmark = pytest.mark.e2e


def test_resident_signs_up_for_an_activity_and_cancels(phone):
    page = phone.page
    resident = User.objects.get(username="resident")
    activity = _open_activity_for(resident)
    detail = f"/activities/{activity.pk}/"

    phone.goto("/")
    phone.follow(page.locator("main a[href='/activities/']").first, "/activities/")

    # Filter: the activity's kind (under "More filters") and a word of its title.
    filters = page.locator("form.filter-form")
    filters.locator("details summary").click()
    filters.locator("select[name=strand]").select_option(activity.strand)
    filters.locator("input[name=q]").fill(activity.title[:4])
    phone.follow(
        filters.locator("button[type=submit]"),
        re.compile(r"/activities/\?(?=.*strand=)(?=.*q=)"),
    )
    # The page keeps what was chosen, and says how many activities match.
    expect(filters.locator("select[name=strand]")).to_have_value(activity.strand)
    expect(page.locator(".results-count")).to_be_visible()
    phone.follow(page.locator(f"main a[href='{detail}']").first, detail)
    expect(page.locator("h1")).to_have_text(activity.title)

    # Not logged in: the sign-up button leads to the login page, and logging in
    # completes the sign-up the resident started (activities/intent.py).
    phone.follow(
        page.locator("#signup button.btn-signup"),
        re.compile(r"/accounts/login/\?next="),
    )
    phone.log_in("resident")
    assert phone.path() == detail
    expect(page.locator(".portal-messages .alert-success").first).to_be_visible()
    registration = Registration.objects.get(activity=activity, user=resident)
    assert registration.status == Registration.Status.CONFIRMED

    phone.follow(page.locator("#signup a[href='/me/']"), "/me/")
    card = page.locator("article").filter(has=page.locator(f"a[href='{detail}']"))
    expect(card.locator("svg")).to_be_visible()
    expect(card).to_contain_text(checkin_code(registration))  # to tell the organiser

    # Cancelling asks first (data-confirm): the resident says yes.
    dialogs = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    phone.follow(
        card.locator(f"form[action='/activities/{activity.pk}/cancel/'] button"),
        "/me/",
    )
    assert dialogs == ["confirm"]
    expect(page.locator(".portal-messages .alert-success")).to_be_visible()
    expect(page.locator(f"main article a[href='{detail}']")).to_have_count(0)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    phone.finish("resident")


def _open_activity_for(user) -> Activity:
    """A coming activity the demo resident can sign up for and still cancel."""
    now = timezone.now()
    candidates = (
        Activity.objects.published()
        .filter(starts_at__gt=now + datetime.timedelta(days=1), min_age__isnull=True)
        .exclude(registrations__user=user)
        .order_by("starts_at", "pk")
    )
    for activity in candidates:
        confirmed = activity.registrations.filter(
            status=Registration.Status.CONFIRMED
        ).count()
        has_seat = not activity.capacity or confirmed < activity.capacity
        if (
            activity.is_registration_open(now=now)
            and has_seat
            and activity.cancellation_deadline > now + datetime.timedelta(hours=1)
        ):
            return activity
    raise AssertionError("the demo has no coming activity open for sign-up")
