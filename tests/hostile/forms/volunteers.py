"""The volunteer alliance: applications, teams, hours, points, services."""

from django.urls import (
    reverse,
)

from tests.hostile.form import (
    VALID_TEXT,
    Form,
)
from tests.hostile.values import FROM_WORLD, valid

FORMS = [
    # --- the volunteer alliance ---
    Form(
        "volunteer-apply",
        lambda w: reverse("volunteers:apply"),
        "resident",
        {
            "skills": VALID_TEXT,
            "availability": valid("mon-am", "sat-pm"),
            "teams": FROM_WORLD,
        },
    ),
    Form(
        "team-join",
        lambda w: reverse("volunteers:team_join", args=[w.team.slug]),
        "volunteer",
        {"next": valid("/")},
    ),
    Form(
        "redeem",
        lambda w: reverse("volunteers:redeem", args=[w.reward.pk]),
        "volunteer",
        {"next": valid("/")},
    ),
    Form(
        "shop-confirm",
        lambda w: reverse("volunteers:shop_confirm"),
        "staff",
        {"code": valid("K7QXM2PA", "k7qx m2pa", "NOPE0000")},
        watch=lambda w: [w.redemption],
    ),
    Form(
        "shop-find",
        lambda w: reverse("volunteers:shop_confirm"),
        "staff",
        {"code": valid("K7QXM2PA", "NOPE0000")},
        method="get",
    ),
    Form(
        "role-sign-up",
        lambda w: reverse("volunteers:role_sign_up", args=[w.role.pk]),
        "volunteer",
        {"next": valid("/")},
    ),
    *[
        Form(
            f"shift-{action}",
            lambda w, action=action: reverse(
                "volunteers:shift_action", args=[w.shift.pk, action]
            ),
            role,
            {"next": valid("/")},
        )
        for action, role in (
            ("cancel", "volunteer"),
            ("check-in", "leader"),
            ("check-out", "leader"),
            ("no-such-action", "leader"),
        )
    ],
    Form(
        "leader-hours",
        lambda w: reverse("volunteers:leader"),
        "leader",
        {
            "shift": FROM_WORLD,
            "hours": valid("2", "2.5", "24"),
            "note": VALID_TEXT,
        },
    ),
    Form(
        "membership-decide",
        lambda w: reverse(
            "volunteers:membership_decide", args=[w.pending_membership.pk]
        ),
        "leader",
        {"decision": valid("approve", "decline"), "next": valid("/volunteers/leader/")},
    ),
    Form(
        "staff-application-decide",
        lambda w: reverse("volunteers:staff_application_decide", args=[w.applicant.pk]),
        "staff",
        {"decision": valid("approve", "decline"), "reason": VALID_TEXT},
    ),
    Form(
        "staff-hours-verify",
        lambda w: reverse("volunteers:staff_hours_verify"),
        "staff",
        {"entry": FROM_WORLD},
    ),
    *[
        Form(
            f"service-new-{role}",
            lambda w: reverse("volunteers:service_new"),
            role,
            {
                "category": FROM_WORLD,
                "description": VALID_TEXT,
                "wanted_at": valid("2030-05-01T09:30", "2030-05-01 09:30"),
                "place": valid("5幢2单元301室"),
                "contact_phone": valid("13800001234", "+8613800001234", ""),
                **({"requester_phone": valid("", "13800000000")} if role else {}),
            },
        )
        for role in ("resident", "staff")
    ],
    Form(
        "service-dispatch",
        lambda w: reverse(
            "volunteers:service_action", args=[w.service_ordered.pk, "dispatch"]
        ),
        "staff",
        {"team": FROM_WORLD},
        watch=lambda w: [w.service_ordered],
    ),
    Form(
        "service-complete",
        lambda w: reverse(
            "volunteers:service_action", args=[w.service_accepted.pk, "complete"]
        ),
        "volunteer",
        {"note": VALID_TEXT},
        files=("photos",),
        watch=lambda w: [w.service_accepted],
    ),
    Form(
        "service-rate",
        lambda w: reverse(
            "volunteers:service_action", args=[w.service_done.pk, "rate"]
        ),
        "resident",
        {"rating": valid("5", "1"), "comment": VALID_TEXT},
        watch=lambda w: [w.service_done],
    ),
    *[
        Form(
            f"service-{action}",
            lambda w, action=action: reverse(
                "volunteers:service_action", args=[w.service_ordered.pk, action]
            ),
            role,
            {"next": valid("/")},
        )
        for action, role in (
            ("accept", "volunteer"),
            ("cancel", "resident"),
            ("no-such-action", "staff"),
        )
    ],
    # --- volunteer records ---
    Form(
        "volunteer-identity",
        lambda w: reverse("volunteers:identity"),
        "volunteer",
        {
            "legal_name": valid("张三", ""),
            "id_type": valid("resident_id", "passport", ""),
            "id_number": valid("11010519491231002X", "E12345678", ""),
        },
    ),
    Form(
        "certificate-issue",
        lambda w: reverse("volunteers:certificate_issue"),
        "volunteer",
        {"start": valid("", "2026-01-01"), "end": valid("", "2026-12-31")},
    ),
    Form(
        "certificate-verify",
        lambda w: reverse("volunteers:certificate_verify"),
        None,
        {"serial": valid("YGY-2026-000001", "ygy-2026-000002")},
        method="get",
    ),
    Form(
        "national-export",
        lambda w: reverse("volunteers:staff_national_export"),
        "staff",
        {
            "start": valid("2026-01-01"),
            "end": valid("2026-12-31"),
            "format": valid("csv", "xlsx", ""),
        },
        method="get",
    ),
]
