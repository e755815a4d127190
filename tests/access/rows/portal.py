"""Rows of the portal-wide pages and the accounts."""

import re

from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from community_portal.notices.services import notice_send
from tests.access import world as w
from tests.access.row import (
    LOGIN,
    NOBODY,
    REDIRECT,
    Row,
    each,
    member,
    page_text,
    public,
)
from tests.access.world import (
    LEADER,
    RESIDENT,
    STAFF,
)

# Staff and team leaders: the workbench, each with their own queues.
WORKBENCH = each(403, anonymous=LOGIN, leader=200, staff=200)


def check_workbench(world, role, method, response):
    if method == "get" and role in (LEADER, STAFF):
        body = page_text(response)
        # The leader's team's past activity has no record: both see it; only
        # staff get the alliance's applications queue (its tile links to it).
        assert world.past_activity.title in body
        applications = re.search(
            r'href="(/staff/applications/|#queue-applications)"', body
        )
        assert bool(applications) == (role == STAFF), role


def check_report(world, role, method, response):
    if method == "get" and role in (LEADER, STAFF):
        body = page_text(response)
        # A leader chooses among their teams only; staff also among the grids.
        assert ('value="grid:' in body) == (role == STAFF), role
        # The ledgers of the same period: staff's to download.
        assert ('href="/staff/report/ledger.xlsx?period=' in body) == (role == STAFF)


def check_me(world, role, method, response):
    if role == RESIDENT and method == "get":
        body = page_text(response)
        assert w.RESIDENT_ACTIVITY_TITLE in body
        assert w.OTHER_ACTIVITY_TITLE not in body, "/me/ shows another user's seat"


RESIDENT_NOTICE = "居民自己的通知"
OTHER_NOTICE = "别人的通知"


def make_notices(world):
    for user, title in ((world.resident, RESIDENT_NOTICE), (world.staff, OTHER_NOTICE)):
        notice_send(recipient=user, kind="other", key=f"access:{title}", title=title)


def check_notices(world, role, method, response):
    if role == RESIDENT and method == "get":
        body = page_text(response)
        assert RESIDENT_NOTICE in body
        assert OTHER_NOTICE not in body, "/notices/ shows another user's notice"


ROWS: dict[str, Row] = {
    # --- portal-wide --------------------------------------------------------------------
    "healthz": Row(**public()),
    "service_worker": Row(**public()),
    "web_manifest": Row(**public()),
    "offline": Row(**public()),
    # Who may see a photo that exists is tested in tests/photos; here: one that does
    # not is a 404 for everyone, and the address takes no POST.
    "private_photo": Row(
        get=each(404),
        post=each(405),
        kwargs=lambda world: {"kind": "visit", "pk": 2_000_000_000},
    ),
    "set_language": Row(get=each(REDIRECT), post=each(REDIRECT)),
    "home": Row(**public()),
    # Exempt: a cross-site POST could at worst change someone's font size.
    "toggle_large_text": Row(get=NOBODY, post=each(REDIRECT), csrf_exempt=True),
    # --- accounts -------------------------------------------------------------------
    "accounts:signup": Row(
        get=each(REDIRECT, anonymous=200), post=each(REDIRECT, anonymous=200)
    ),
    "accounts:profile": Row(get=member(200), post=member(200)),
    # Nobody of the world manages a household: an empty POST is the address form
    # again (400); removing a member is a manager's (403 for anyone else).
    "accounts:household": Row(get=member(200), post=member(400)),
    "accounts:household_member_remove": Row(
        get=member(405), post=member(403), kwargs=lambda world: {"member_id": 1}
    ),
    "login": Row(get=each(200), post=each(200)),
    "logout": Row(get=NOBODY, post=each(REDIRECT)),
    "password_change": Row(get=member(200), post=member(200)),
    "password_change_done": Row(get=member(200), post=member(405)),
    "password_reset": Row(get=each(200), post=each(200)),
    # The same address as password_reset, with its mails throttled (it answers).
    "accounts:password_reset": Row(get=each(200), post=each(200)),
    "password_reset_done": Row(**public()),
    "password_reset_confirm": Row(
        get=each(200),
        post=each(200),
        kwargs=lambda world: {
            "uidb64": urlsafe_base64_encode(force_bytes(world.resident.pk)),
            "token": "not-a-valid-token",
        },
    ),
    "password_reset_complete": Row(**public()),
    # Reset by an SMS code: the code page without a number asked for goes back.
    "accounts:password_reset_sms": Row(get=each(200), post=each(200)),
    "accounts:password_reset_sms_confirm": Row(get=each(REDIRECT), post=each(REDIRECT)),
    "notices:list": Row(
        get=member(200), post=member(405), setup=make_notices, check=check_notices
    ),
    # Web push on this device: the page for everyone signed in; the endpoints take the
    # browser's subscription as JSON (a form body is refused with a message).
    "notices:push": Row(get=member(200), post=member(405)),
    "notices:push_subscribe": Row(get=member(405), post=member(400)),
    "notices:push_unsubscribe": Row(get=member(405), post=member(200)),
    "me": Row(
        get=member(200),
        post=member(405),
        setup=lambda world: (world.resident_registration, world.other_registration),
        check=check_me,
    ),
    # --- the staff workbench -----------------------------------------------------------
    "workbench": Row(
        get=WORKBENCH,
        post=each(403, anonymous=LOGIN, leader=405, staff=405),
        setup=lambda world: world.past_activity,
        check=check_workbench,
    ),
    # The figures page: staff for any scope, a leader for their teams.
    # The 台账 ledgers: community staff only (a leader's figures page has no links).
    "ledger_xlsx": Row(
        get=each(403, anonymous=LOGIN, staff=200),
        post=each(403, anonymous=LOGIN, staff=405),
    ),
    "ledger_docx": Row(
        get=each(403, anonymous=LOGIN, staff=200),
        post=each(403, anonymous=LOGIN, staff=405),
    ),
    # An export that does not exist: a 404 even to staff.
    "ledger_export": Row(
        get=each(403, anonymous=LOGIN, staff=404),
        post=each(403, anonymous=LOGIN, staff=405),
        kwargs=lambda world: {"pk": 2_000_000_000},
    ),
    "ledger_export_download": Row(
        get=each(403, anonymous=LOGIN, staff=404),
        post=each(403, anonymous=LOGIN, staff=405),
        kwargs=lambda world: {"pk": 2_000_000_000},
    ),
    "report": Row(
        get=WORKBENCH,
        post=each(403, anonymous=LOGIN, leader=405, staff=405),
        setup=lambda world: world.grid_1,
        check=check_report,
    ),
    # A queue of the leader's teams (a staff-only queue answers 403 to a leader:
    # tests/pages/test_workbench.py).
    "workbench_queue": Row(
        get=WORKBENCH,
        post=each(403, anonymous=LOGIN, leader=405, staff=405),
        kwargs=lambda world: {"key": "records"},
        setup=lambda world: world.past_activity,
    ),
    # The 80+ roster: staff see every grid, a grid worker their own; an empty POST
    # (nobody selected) goes back to the roster with a message.
    "elder_roster": Row(
        get=each(403, anonymous=LOGIN, grid1=200, grid2=200, staff=200),
        post=each(403, anonymous=LOGIN, grid1=REDIRECT, grid2=REDIRECT, staff=REDIRECT),
    ),
}
