"""The talk corridor's forms (matters) and the selections' (nominate, vote, object)."""

from django.urls import (
    reverse,
)

from tests.hostile.form import (
    VALID_BOOL,
    VALID_TEXT,
    Form,
)
from tests.hostile.values import FROM_WORLD, valid

FORMS = [
    # --- the talk corridor ---
    Form(
        "matter-board",
        lambda w: reverse("venues:matter_board"),
        "resident",
        {
            "order": valid("newest", "seconds"),
            "status": valid("all", "open"),
            "page": valid("1", "2"),
        },
        method="get",
    ),
    Form(
        "matter-staff",
        lambda w: reverse("venues:matter_staff"),
        "staff",
        {"grid": valid("1", "9", ""), "page": valid("1", "2")},
        method="get",
    ),
    Form(
        "matter-create",
        lambda w: reverse("venues:matter_create"),
        "resident",
        {
            "submission_key": valid("", "8c6fd9a4-5a0f-4a53-9d77-2d4f0f8d3c11"),
            "title": VALID_TEXT,
            "description": VALID_TEXT,
            "category": valid("facilities", "environment"),
            "building": FROM_WORLD,  # filled with the world's building
            "is_anonymous": VALID_BOOL,
        },
        files=("photos",),
    ),
    Form(
        "matter-edit",
        lambda w: reverse("venues:matter_edit", args=[w.matter.pk]),
        "resident",
        {
            "title": VALID_TEXT,
            "description": VALID_TEXT,
            "category": valid("facilities"),
            "building": valid(""),
            "is_anonymous": VALID_BOOL,
        },
        watch=lambda w: [w.matter],
    ),
    Form(
        "matter-second",
        lambda w: reverse("venues:matter_second", args=[w.matter.pk]),
        "resident2",
        {"next": valid("/")},
    ),
    Form(
        "matter-handle",
        lambda w: reverse("venues:matter_handle", args=[w.matter.pk]),
        "staff",
        {
            "action": valid("accept", "reply", "progress", "resolve", "hide", "show"),
            "text": VALID_TEXT,
        },
        watch=lambda w: [w.matter],
    ),
    # --- the 悦珍阁 gallery ---
    Form(
        "gallery",
        lambda w: reverse("venues:gallery"),
        "resident",
        {
            "kind": valid("", "photo"),
            "studio": valid("", "1"),
            "grid": valid("", "3"),
            "page": valid("1", "2"),
        },
        method="get",
    ),
    Form(
        "gallery-submit",
        lambda w: reverse("venues:gallery_submit"),
        "resident",
        {
            "submission_key": valid("", "8c6fd9a4-5a0f-4a53-9d77-2d4f0f8d3c12"),
            "title": VALID_TEXT,
            "kind": valid("calligraphy", "photo"),
            "story": VALID_TEXT,
            "studio": valid(""),
            "grid": valid(""),
        },
        files=("photos",),
    ),
    # --- the selections with public voting ---
    Form(
        "nomination-create",
        lambda w: reverse(
            "venues:nomination_create", args=[w.selection_nominating.slug]
        ),
        "resident",
        {
            "submission_key": valid("", "8c6fd9a4-5a0f-4a53-9d77-2d4f0f8d3c12"),
            "is_self": valid("1", "0"),
            "nominee_name": VALID_TEXT,
            "building": FROM_WORLD,
            "story": VALID_TEXT,
        },
        files=("photos",),
    ),
    Form(
        "vote-cast",
        lambda w: reverse(
            "venues:vote_cast",
            args=[w.voting_candidate.selection.slug, w.voting_candidate.pk],
        ),
        "resident",
        {"next": valid("/", "")},
    ),
    Form(
        "objection-create",
        lambda w: reverse("venues:objection_create", args=[w.selection_notice.slug]),
        "resident",
        {"nomination": valid(""), "text": VALID_TEXT},
    ),
]
