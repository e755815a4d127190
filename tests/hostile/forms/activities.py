"""Activities: filters, registration, the door, records, exports."""

from django.urls import (
    reverse,
)
from hypothesis import strategies as st

from activities.services import door_token
from tests.hostile.form import (
    VALID_BOOL,
    VALID_TEXT,
    Form,
    a_month_ago,
    today,
)
from tests.hostile.values import FROM_WORLD, valid

FORMS = [
    # --- activities ---
    Form(
        "activity-filters",
        lambda w: reverse("activities:list"),
        None,
        {
            "q": valid("健康", ""),
            "date_from": st.builds(today),
            "date_to": valid("2030-12-31", ""),
            "audience": valid("", "everyone", "elderly"),
            "strand": valid("", "modern_ideas"),
            "campaign": valid("", "garbage-sorting"),
            "venue": valid("", "venue-1"),
            "space": valid("", "1"),
            "team": valid("", "team-1"),
            "alliance": valid("", "alliance-1"),
            "page": valid("1", "2"),
        },
        method="get",
    ),
    Form(
        "activity-feed",
        lambda w: reverse("activities:feed"),
        None,
        {
            "q": valid("健康"),
            "date_from": st.builds(today),
            "strand": valid(""),
            "space": valid("", "1"),
        },
        method="get",
    ),
    Form(
        "activity-calendar",
        lambda w: reverse("activities:calendar"),
        None,
        {"month": valid("2026-12", "2030-1")},
        method="get",
    ),
    Form(
        "highlights",
        lambda w: reverse("activities:highlights"),
        None,
        {"page": valid("1")},
        method="get",
    ),
    Form(
        "activity-register",
        lambda w: reverse("activities:register", args=[w.upcoming.pk]),
        "volunteer",
        {
            "companions": valid("0", "1", "2", ""),
            "include_self": valid("on", ""),
            "members": valid("1", ""),
        },
    ),
    Form(
        "activity-register-visitor",
        lambda w: reverse("activities:register", args=[w.upcoming.pk]),
        None,
        {"companions": valid("0", "1", ""), "account": valid("new", "")},
        method="get",
    ),
    Form(
        "door-qr",
        lambda w: reverse("activities:door", args=[door_token(w.upcoming)]),
        "resident",
        {"action": valid("checkin", "shift", "")},
    ),
    Form(
        "activity-cancel",
        lambda w: reverse("activities:cancel_registration", args=[w.upcoming.pk]),
        "resident",
        {"next": valid("/me/", ""), "registration": valid("1", "")},
    ),
    Form(
        "activity-rate",
        lambda w: reverse("activities:rate", args=[w.past.pk]),
        "resident",
        {"score": valid("5", "1"), "comment": VALID_TEXT},
    ),
    Form(
        "checkin-code",
        lambda w: reverse("activities:checkin", args=[w.upcoming.pk]),
        "staff",
        {"code": valid("1024-37-K7QXM2PA", "")},
    ),
    Form(
        "checkin-search",
        lambda w: reverse("activities:checkin", args=[w.upcoming.pk]),
        "staff",
        {"q": valid("张", "138"), "done": valid("1", "")},
        method="get",
    ),
    Form(
        "walk-in-user",
        lambda w: reverse("activities:walk_in", args=[w.upcoming.pk]),
        "staff",
        {
            "kind": valid("user"),
            "walk-in-user": FROM_WORLD,
            "walk-in-companions": valid("0", "1", ""),
        },
    ),
    Form(
        "walk-in-new",
        lambda w: reverse("activities:walk_in", args=[w.upcoming.pk]),
        "staff",
        {
            "kind": valid("new"),
            "new-name": VALID_TEXT,
            "new-phone": valid("13912345678", "139 1234 5678"),
            "new-companions": valid("0", "1", ""),
        },
    ),
    Form(
        "record",
        lambda w: reverse("activities:record", args=[w.past.pk]),
        "leader",
        {"summary": VALID_TEXT, "publish": VALID_BOOL},
        files=("photos",),
    ),
    Form(
        "satisfaction",
        lambda w: reverse("activities:staff_satisfaction"),
        "staff",
        {"start": st.builds(a_month_ago) | valid(""), "end": st.builds(today)},
        method="get",
    ),
    # The 80+ roster (/staff/elders/): the filter, and signing elders up.
    Form(
        "elder-roster",
        lambda w: reverse("elder_roster"),
        "staff",
        {"quarter": valid("2026-Q4", ""), "grid": valid(""), "format": valid("")},
        method="get",
    ),
    Form(
        "elder-roster-sign-up",
        lambda w: reverse("elder_roster"),
        "staff",
        {
            "quarter": valid("2026-Q4", ""),
            "grid": valid(""),
            "pick": valid("u-1", "m-1", ""),
            "companions-u-1": valid("0", "1", ""),
        },
    ),
]
