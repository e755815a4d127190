"""Rows of the venues, the alliances and the talk corridor."""

from tests.access import world as w
from tests.access.row import (
    NOBODY,
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
    RESIDENT,
    STAFF,
)


def check_matter_board(world, role, method, response):
    if method == "get" and role not in (RESIDENT, STAFF):
        assert w.HIDDEN_MATTER_TITLE not in page_text(response), (
            f"a hidden matter is on the board for {role}"
        )


def check_matter_staff(world, role, method, response):
    if method == "get" and role == STAFF:
        text = page_text(response)
        assert world.open_matter.title in text, "the open matter is not listed"
        assert w.HIDDEN_MATTER_TITLE not in text, "a hidden matter is listed as open"


EDITED_TITLE = "改过的标题"


def check_matter_kept(world, role, method, response):
    if method == "post" and role != ANONYMOUS:
        world.open_matter.refresh_from_db()
        edited = world.open_matter.title == EDITED_TITLE
        assert edited == (role == RESIDENT), f"{role} edited the resident's matter"


def _pending_work(world):
    """The resident's work waiting for review: theirs and staff's to see."""
    from venues.models import Work

    work, _created = Work.objects.get_or_create(
        title="待审核的剪纸",
        defaults={"kind": Work.Kind.HANDICRAFT, "author": world.resident},
    )
    return work


def _exhibition(world):
    import datetime

    from venues.models import Exhibition

    exhibition, _created = Exhibition.objects.get_or_create(
        title="居民才艺作品展",
        defaults={
            "space": world.bookable_space,
            "starts_on": datetime.date(2026, 1, 1),
            "ends_on": datetime.date(2026, 3, 31),
        },
    )
    return exhibition


ROWS: dict[str, Row] = {
    # --- venues, alliances, the talk corridor ---------------------------------------------
    "venues:list": Row(**public()),
    "venues:detail": Row(**public(), kwargs=lambda world: {"slug": world.venue.slug}),
    "venues:alliance_list": Row(**public()),
    "venues:alliance_detail": Row(
        **public(), kwargs=lambda world: {"slug": world.alliance.slug}
    ),
    "venues:matter_board": Row(
        **public(),
        setup=lambda world: world.hidden_matter,
        check=check_matter_board,
    ),
    "venues:matter_create": Row(get=member(200), post=member(200)),
    "venues:matter_detail": Row(
        get=each(404, resident=200, staff=200),
        post=NOBODY,
        kwargs=lambda world: {"pk": world.hidden_matter.pk},
    ),
    "venues:matter_edit": Row(
        get=member(REDIRECT, resident=200),
        post=member(REDIRECT),
        kwargs=lambda world: {"pk": world.open_matter.pk},
        data=lambda world: {
            "title": EDITED_TITLE,
            "description": "改过的描述",
            "category": world.open_matter.category,
        },
        check=check_matter_kept,
    ),
    # The author's answer to "has it been solved?": a hidden matter is a 404 to all
    # but its author and staff; only the author answers (staff: 403); it is not
    # resolved, so the author's answer is refused with a message.
    "venues:matter_follow_up": Row(
        get=NOBODY,
        post=member(404, resident=REDIRECT, staff=403),
        kwargs=lambda world: {"pk": world.hidden_matter.pk},
    ),
    "venues:matter_second": Row(
        get=NOBODY,
        post=member(404, resident=REDIRECT, staff=REDIRECT),
        kwargs=lambda world: {"pk": world.hidden_matter.pk},
    ),
    # The staff's list of open matters (it was part of grids:staff_overview).
    "venues:matter_staff": Row(
        get=STAFF_ONLY,
        post=NOBODY,
        setup=lambda world: (world.open_matter, world.hidden_matter),
        check=check_matter_staff,
    ),
    # Staff only: anyone else is refused before the form is read (an empty POST
    # must not hand a resident the staff's form).
    "venues:matter_handle": Row(
        get=NOBODY,
        post=member(403, staff=200),
        kwargs=lambda world: {"pk": world.open_matter.pk},
    ),
    # --- bookings of spaces ---------------------------------------------------------
    # Anyone sees the week; booking needs sign-in (an empty form is shown again).
    "venues:space_book": Row(
        get=each(200),
        post=member(400),
        kwargs=lambda world: {"slug": world.bookable_space.slug},
    ),
    "venues:booking_mine": Row(
        get=member(200), post=NOBODY, setup=lambda world: world.resident_booking
    ),
    "venues:booking_staff": Row(
        get=STAFF_ONLY, post=NOBODY, setup=lambda world: world.resident_booking
    ),
    "venues:booking_block": Row(get=NOBODY, post=member(403, staff=400)),
    "venues:booking_cancel": Row(
        get=NOBODY,
        post=member(404, resident=REDIRECT, staff=REDIRECT),
        kwargs=lambda world: {"pk": world.resident_booking.pk},
    ),
    "venues:booking_decide": Row(
        get=NOBODY,
        post=member(403, staff=REDIRECT),
        kwargs=lambda world: {"pk": world.resident_booking.pk},
    ),
    "venues:booking_ics": Row(
        get=member(404, resident=200, staff=200),
        post=NOBODY,
        kwargs=lambda world: {"pk": world.resident_booking.pk},
    ),
    # --- the 悦珍阁 gallery and the 悦丰馆 exhibitions ------------------------------------
    "venues:gallery": Row(**public(), setup=_pending_work),
    # An empty form comes back with its errors (400), never saved.
    "venues:gallery_submit": Row(get=member(200), post=member(400)),
    "venues:gallery_mine": Row(get=member(200), post=NOBODY, setup=_pending_work),
    "venues:gallery_work": Row(
        get=each(404, resident=200, staff=200),
        post=NOBODY,
        kwargs=lambda world: {"pk": _pending_work(world).pk},
    ),
    "venues:gallery_exhibition": Row(
        **public(), kwargs=lambda world: {"pk": _exhibition(world).pk}
    ),
    # --- selections with public voting ------------------------------------------------
    "venues:selection_list": Row(**public(), setup=lambda world: world.selection),
    "venues:selection_detail": Row(
        **public(),
        kwargs=lambda world: {"slug": world.selection.slug},
        setup=lambda world: world.selection_candidate,
    ),
    # Voting is open: an empty nomination comes back with its errors.
    "venues:nomination_create": Row(
        get=member(200),
        post=member(200),
        kwargs=lambda world: {"slug": world.selection.slug},
    ),
    "venues:vote_cast": Row(
        get=NOBODY,
        post=member(REDIRECT),
        kwargs=lambda world: {
            "slug": world.selection.slug,
            "pk": world.selection_candidate.pk,
        },
    ),
    "venues:objection_create": Row(
        get=member(REDIRECT),
        post=member(400),
        kwargs=lambda world: {"slug": world.selection.slug},
    ),
}
