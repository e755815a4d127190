"""Reads of the staff workbench (``/staff/``): the work queues of every app on one
screen, each with its count, its first few rows (cut in SQL) and where to act.

Each queue's rows come from a selector of the app that owns them (the lower
layers never see this module). Community staff get every queue; a team leader
gets the queues that concern a team, narrowed to the teams they lead; the admin
index shows the same counts (``limit=0``: no rows read). The page runs a fixed
number of queries: per queue, its first rows (cut in SQL, read along an index) and
one count, the overdue ones counted in the same scan. A queue whose cut reads the
whole queue anyway (its filter is on computed seats) is counted by a window
(``COUNT(*) OVER ()``) in the same query as its rows.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.paginator import Page
from django.db.models import Count, Q, QuerySet, Window
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activities import staff_selectors as activity_queues
from community_portal.pagination import paginate
from community_portal.permissions import is_community_staff, is_team_leader
from grids import selectors as grid_selectors
from venues import selectors as venue_selectors
from volunteers.selectors import workbench as volunteer_queues

# How many rows each queue shows on the workbench; its own page has the rest.
QUEUE_PREVIEW = 5
QUEUE_PER_PAGE = 30


@dataclass(frozen=True)
class Scope:
    """Whose workbench: staff see every team's rows (``team_ids`` is ``None``), a
    team leader only their teams'."""

    user: object
    team_ids: list[int] | None

    @property
    def is_staff(self) -> bool:
        return self.team_ids is None


@dataclass(frozen=True)
class QueueItem:
    title: str
    url: str
    detail: str = ""
    when: datetime.date | datetime.datetime | None = None
    is_overdue: bool = False


@dataclass(frozen=True)
class Queue:
    key: str
    title: str
    hint: str
    count: int
    items: list[QueueItem] = field(default_factory=list)
    overdue: int | None = None
    desk_url: str = ""
    desk_label: str = ""

    @property
    def list_url(self) -> str:
        return reverse("workbench_queue", kwargs={"key": self.key})


@dataclass(frozen=True)
class _Spec:
    key: str
    title: str
    hint: str
    rows: Callable[[Scope], QuerySet]
    item: Callable[[object, Scope], QueueItem]
    staff: bool = True
    leader: bool = False
    overdue: Callable[[Scope], QuerySet] | None = None
    # The overdue rows are the queue's rows marked ``is_overdue``: counted in the
    # same scan as the queue.
    overdue_marked: bool = False
    # The cut computes every row of the queue before it can stop: count there.
    counted_with_rows: bool = False
    desk: Callable[[Scope], str] | None = None
    desk_label: str = ""

    def shown_to(self, scope: Scope) -> bool:
        return self.staff if scope.is_staff else self.leader


def _name(user) -> str:
    return user.name or user.get_username()


def _hours(value) -> str:
    return _("%(hours)s hours") % {"hours": f"{value:g}"}


def _application(volunteer, scope):
    return QueueItem(
        title=_name(volunteer.user),
        detail=_("Applied to join the volunteer alliance"),
        when=volunteer.created_at,
        url=reverse("volunteers:staff_applications") + "?show=applications",
    )


def _membership(membership, scope):
    return QueueItem(
        title=_name(membership.volunteer.user),
        detail=_("Asks to join %(team)s") % {"team": membership.team.name},
        when=membership.created_at,
        url=reverse("volunteers:leader"),
    )


def _hours_entry(entry, scope):
    return QueueItem(
        title=_name(entry.volunteer.user),
        detail=f"{entry.activity.title} · {_hours(entry.hours)}",
        when=entry.served_on,
        url=reverse("volunteers:staff_applications") + "?show=hours",
    )


def _service_request(request, scope):
    return QueueItem(
        title=str(request.category),
        detail=" · ".join(
            part for part in (request.place, request.team and request.team.name) if part
        ),
        when=request.wanted_at,
        url=reverse("volunteers:service_detail", kwargs={"pk": request.pk}),
        is_overdue=request.is_overdue,
    )


def _services_desk(scope) -> str:
    show = "open" if scope.is_staff else "teams"
    return reverse("volunteers:service_list") + f"?show={show}"


def _matter(matter, scope):
    building = matter.building
    return QueueItem(
        title=matter.title,
        detail=str(building) if building else "",
        when=matter.created_at,
        url=reverse("venues:matter_detail", kwargs={"pk": matter.pk}),
        is_overdue=matter.is_overdue,
    )


def _issue(issue, scope):
    return QueueItem(
        title=str(issue),
        detail=f"{issue.grid} · {issue.get_urgency_display()}",
        when=issue.created_at,
        url=reverse("grids:issue_detail", kwargs={"pk": issue.pk}),
        is_overdue=issue.is_overdue,
    )


def _redemption(redemption, scope):
    return QueueItem(
        title=redemption.reward.name,
        detail=_name(redemption.volunteer.user),
        when=redemption.created_at,
        url=reverse("volunteers:shop_confirm"),
    )


def _activity_detail(activity) -> str:
    return activity.team.name if activity.team_id else ""


def _without_record(activity, scope):
    return QueueItem(
        title=activity.title,
        detail=_activity_detail(activity),
        when=activity.starts_at,
        url=reverse("activities:record", kwargs={"pk": activity.pk}),
    )


def _waitlist(activity, scope):
    if scope.is_staff and scope.user.is_staff:
        # The admin's change page: raise the seats, or promote from the list.
        url = reverse("admin:activities_activity_change", args=[activity.pk])
    else:
        url = reverse("activities:checkin", kwargs={"pk": activity.pk})
    return QueueItem(
        title=activity.title,
        detail=_("%(waiting)s waiting, %(free)s seats free")
        % {"waiting": activity.waitlist_count, "free": activity.seats_left},
        when=activity.starts_at,
        url=url,
    )


def _rating(rating, scope):
    if scope.is_staff and scope.user.is_staff:
        url = reverse("admin:activities_rating_change", args=[rating.pk])
    else:
        url = reverse("activities:detail", kwargs={"pk": rating.activity_id})
    stars = _("%(score)s of 5 stars") % {"score": rating.score}
    comment = rating.comment[:40] + ("…" if len(rating.comment) > 40 else "")
    return QueueItem(
        title=rating.activity.title,
        detail=" · ".join(
            part for part in (stars, rating.user.masked_name, comment) if part
        ),
        when=rating.created_at,
        url=url,
    )


_SPECS: list[_Spec] = [
    _Spec(
        key="applications",
        title=gettext_lazy("Volunteer applications"),
        hint=gettext_lazy("Approve or decline residents who applied."),
        rows=lambda scope: volunteer_queues.applications_waiting(),
        item=_application,
        desk=lambda scope: reverse("volunteers:staff_applications"),
        desk_label=gettext_lazy("Applications and hours"),
    ),
    _Spec(
        key="memberships",
        title=gettext_lazy("Requests to join your teams"),
        hint=gettext_lazy("Accept or decline volunteers who asked to join."),
        rows=lambda scope: volunteer_queues.memberships_waiting(
            team_ids=scope.team_ids
        ),
        item=_membership,
        staff=False,
        leader=True,
        desk=lambda scope: reverse("volunteers:leader"),
        desk_label=gettext_lazy("Team leader's desk"),
    ),
    _Spec(
        key="hours",
        title=gettext_lazy("Hours waiting for verification"),
        hint=gettext_lazy("Verify or reject the hours volunteers served."),
        rows=lambda scope: volunteer_queues.hours_waiting(),
        item=_hours_entry,
        desk=lambda scope: reverse("volunteers:staff_applications") + "?show=hours",
        desk_label=gettext_lazy("Applications and hours"),
    ),
    _Spec(
        key="dispatch",
        title=gettext_lazy("Service requests to dispatch"),
        hint=gettext_lazy("Send each ordered service to a team."),
        rows=lambda scope: volunteer_queues.service_requests_waiting(),
        item=_service_request,
        desk=_services_desk,
        desk_label=gettext_lazy("Service requests"),
    ),
    _Spec(
        key="team-requests",
        title=gettext_lazy("Service requests sent to your teams"),
        hint=gettext_lazy("Make sure a volunteer accepts each one."),
        rows=lambda scope: volunteer_queues.service_requests_waiting(
            team_ids=scope.team_ids
        ),
        item=_service_request,
        staff=False,
        leader=True,
        desk=_services_desk,
        desk_label=gettext_lazy("Service requests"),
    ),
    _Spec(
        key="services-overdue",
        title=gettext_lazy("Overdue service requests"),
        hint=gettext_lazy("Open requests past their time or not dispatched in a day."),
        rows=lambda scope: volunteer_queues.service_requests_overdue(
            team_ids=scope.team_ids
        ),
        item=_service_request,
        leader=True,
        desk=_services_desk,
        desk_label=gettext_lazy("Service requests"),
    ),
    _Spec(
        key="matters",
        title=gettext_lazy("Open matters"),
        hint=gettext_lazy("Reply to residents' matters in the talk corridor."),
        rows=lambda scope: venue_selectors.matters_open(),
        overdue=lambda scope: venue_selectors.matters_overdue(),
        overdue_marked=True,
        item=_matter,
        desk=lambda scope: reverse("venues:matter_staff"),
        desk_label=gettext_lazy("Open matters"),
    ),
    _Spec(
        key="issues",
        title=gettext_lazy("Issue reports unassigned or overdue"),
        hint=gettext_lazy("Assign each report and see it resolved in time."),
        rows=lambda scope: grid_selectors.issues_waiting(),
        overdue=lambda scope: grid_selectors.issues_overdue(),
        overdue_marked=True,
        item=_issue,
        desk=lambda scope: reverse("grids:staff_overview"),
        desk_label=gettext_lazy("Open issues"),
    ),
    _Spec(
        key="redemptions",
        title=gettext_lazy("Redemptions to confirm"),
        hint=gettext_lazy("Rewards taken from the points shop, not yet collected."),
        rows=lambda scope: volunteer_queues.redemptions_waiting(),
        item=_redemption,
        desk=lambda scope: reverse("volunteers:shop_confirm"),
        desk_label=gettext_lazy("Confirm at the counter"),
    ),
    _Spec(
        key="records",
        title=gettext_lazy("Past activities without a record"),
        hint=gettext_lazy("Write and publish the record (纪实) with photos."),
        rows=lambda scope: activity_queues.activities_without_record(
            team_ids=scope.team_ids
        ),
        item=_without_record,
        leader=True,
    ),
    _Spec(
        key="waitlists",
        title=gettext_lazy("Waitlists with free seats"),
        hint=gettext_lazy("People are waiting while seats are free."),
        rows=lambda scope: activity_queues.activities_waitlist_with_seats(
            team_ids=scope.team_ids
        ),
        item=_waitlist,
        leader=True,
        counted_with_rows=True,
    ),
    _Spec(
        key="ratings",
        title=gettext_lazy("Ratings below 3 stars"),
        hint=gettext_lazy(
            "Follow up with residents who were not satisfied (last 30 days)."
        ),
        rows=lambda scope: activity_queues.ratings_to_follow_up(
            team_ids=scope.team_ids
        ),
        item=_rating,
        leader=True,
        desk=lambda scope: (
            reverse("activities:staff_satisfaction") if scope.is_staff else ""
        ),
        desk_label=gettext_lazy("Satisfaction figures"),
    ),
]
_BY_KEY = {spec.key: spec for spec in _SPECS}


def workbench_scope(*, user) -> Scope | None:
    """Staff (every team), a team leader (their teams, one query), or ``None``."""
    if is_community_staff(user):
        return Scope(user=user, team_ids=None)
    if is_team_leader(user):
        return Scope(user=user, team_ids=volunteer_queues.led_team_ids(user=user))
    return None


def _queue(
    spec: _Spec,
    scope: Scope,
    *,
    items: list[QueueItem],
    count: int,
    overdue: int | None = None,
) -> Queue:
    if overdue is None and spec.overdue:
        overdue = spec.overdue(scope).count()
    return Queue(
        key=spec.key,
        title=str(spec.title),
        hint=str(spec.hint),
        count=count,
        items=items,
        overdue=overdue,
        desk_url=spec.desk(scope) if spec.desk else "",
        desk_label=str(spec.desk_label),
    )


def workbench(*, scope: Scope, limit: int = QUEUE_PREVIEW) -> list[Queue]:
    """The queues ``scope`` works on, each counted and cut to ``limit`` rows
    (``0``: counts only)."""
    queues = []
    for spec in _SPECS:
        if not spec.shown_to(scope):
            continue
        rows = spec.rows(scope)
        if limit and spec.counted_with_rows:
            cut = list(rows.annotate(queue_total=Window(Count("pk")))[:limit])
            count, overdue = (cut[0].queue_total if cut else 0), None
        else:
            cut = list(rows[:limit]) if limit else []
            count, overdue = _counts(spec, rows)
        items = [spec.item(row, scope) for row in cut]
        queues.append(_queue(spec, scope, items=items, count=count, overdue=overdue))
    return queues


def _counts(spec: _Spec, rows: QuerySet) -> tuple[int, int | None]:
    """The queue's count and, when its rows mark them, its overdue count: one
    query."""
    if spec.overdue is None or not spec.overdue_marked:
        return rows.count(), None
    totals = rows.aggregate(
        total=Count("pk"), overdue=Count("pk", filter=Q(is_overdue=True))
    )
    return totals["total"], totals["overdue"]


@dataclass(frozen=True)
class QueuePage:
    queue: Queue
    page: Page  # of QueueItem


def workbench_queue(*, scope: Scope, key: str, page: object = 1) -> QueuePage | None:
    """One queue in full, a page at a time; ``None`` for a queue that does not
    exist or is not ``scope``'s."""
    spec = _BY_KEY.get(key)
    if spec is None or not spec.shown_to(scope):
        return None
    rows = paginate(spec.rows(scope), page=page, per_page=QUEUE_PER_PAGE)
    rows.object_list = [spec.item(row, scope) for row in rows.object_list]
    return QueuePage(
        queue=_queue(spec, scope, items=[], count=rows.paginator.count), page=rows
    )


def queue_exists(key: str) -> bool:
    return key in _BY_KEY
