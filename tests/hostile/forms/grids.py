"""Grid work: visit logs, issue reports, sorting checks."""

from django.urls import (
    reverse,
)
from hypothesis import strategies as st

from tests.hostile.form import (
    VALID_TEXT,
    Form,
    today,
    yesterday,
)
from tests.hostile.values import FROM_WORLD, valid

FORMS = [
    # --- grid work ---
    *[
        Form(
            f"{kind}-{verb}",
            (
                (lambda w, kind=kind: reverse(f"grids:{kind}_create"))
                if verb == "create"
                else (
                    lambda w, kind=kind: reverse(
                        f"grids:{kind}_edit", args=[getattr(w, kind).pk]
                    )
                )
            ),
            "grid_worker",
            {
                "submission_key": valid("", "8c6fd9a4-5a0f-4a53-9d77-2d4f0f8d3c11"),
                "building": FROM_WORLD,
                **fields,
            },
            files=files,
            watch=(lambda w, kind=kind: [getattr(w, kind)])
            if verb == "edit"
            else (lambda w: []),
        )
        for kind, fields, files in (
            (
                "visit",
                {
                    "visited_on": st.builds(today),
                    "unit": valid("2-301", ""),
                    "topic": FROM_WORLD,
                    "notes": VALID_TEXT,
                },
                ("photos",),
            ),
            (
                "issue",
                {
                    "category": FROM_WORLD,
                    "urgency": valid("urgent", "normal", "low"),
                    "description": VALID_TEXT,
                },
                ("photos",),
            ),
            (
                "check",
                {
                    "checked_on": st.builds(today),
                    "households_checked": valid("20", "1"),
                    "households_correct": valid("15", "0"),
                    "households_aware": valid("18", "0"),
                    "notes": VALID_TEXT,
                },
                (),
            ),
        )
        for verb in ("create", "edit")
    ],
    Form(
        "issue-assign",
        lambda w: reverse("grids:issue_assign", args=[w.issue.pk]),
        "staff",
        {"assignee": FROM_WORLD},
        watch=lambda w: [w.issue],
    ),
    Form(
        "issue-resolve",
        lambda w: reverse("grids:issue_resolve", args=[w.issue.pk]),
        "staff",
        {"resolution": VALID_TEXT},
        watch=lambda w: [w.issue],
    ),
    Form(
        "grids-staff-overview",
        lambda w: reverse("grids:staff_overview"),
        "staff",
        {"grid": valid("1", "9", ""), "page": valid("1", "2")},
        method="get",
    ),
    *[
        Form(
            f"grids-export-{what}",
            lambda w, what=what: reverse(f"grids:export_{what}"),
            "staff",
            {"start": st.builds(yesterday), "end": st.builds(today)},
            method="get",
        )
        for what in ("visits", "checks")
    ],
]
