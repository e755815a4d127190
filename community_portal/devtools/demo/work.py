"""The demo's work in progress: volunteers and their hours, grid work, matters."""

import contextlib
import datetime
import uuid

from django.utils import timezone

from activities.models import Activity
from community_portal.errors import ServiceError
from grids.models import (
    Building,
    Grid,
    IssueCategory,
    IssueReport,
    SortingCheck,
    VisitLog,
    VisitTopic,
)
from venues.models import Matter, MatterEvent, Merchant
from volunteers import services
from volunteers.models import (
    HoursEntry,
    Redemption,
    Reward,
    ServiceCategory,
    ServiceRequest,
    Team,
    TeamMembership,
    Volunteer,
    VolunteerRole,
    VolunteerShift,
)

from . import content
from .writer import Writer

# The sample number of GB 11643-1999 itself: valid, and nobody's.
DEMO_ID_NUMBER = "11010519491231002X"


def load_volunteers(*, users: dict, teams: dict[str, Team]) -> int:
    """The 悦公益 alliance: the demo volunteer (approved, in the team, with verified
    hours, points and a reward code), the points shop, roles for the next activity
    and the resident's service requests in every state. Written through
    ``volunteers.services`` (the ledger only grows through them); each step first
    looks whether it is there already, so a second run writes nothing."""
    staff, leader = users["staff"], users["leader"]
    person = users["volunteer"]
    team = teams["yue-volunteers"]
    volunteer = Volunteer.objects.filter(user=person).first()
    if volunteer is None:
        volunteer = services.volunteer_apply(
            user=person,
            skills="会修小家电，懂一点急救。",
            availability=["sat-am", "sat-pm", "sun-am"],
            team_ids=[team.pk],
        )
    if volunteer.status == Volunteer.Status.PENDING:
        volunteer = services.volunteer_approve(volunteer_id=volunteer.pk, by_user=staff)
    if not TeamMembership.objects.filter(team=team, volunteer=volunteer).exists():
        membership = services.membership_request(team_id=team.pk, user=person)
        services.membership_decide(
            membership_id=membership.pk, by_user=leader, approve=True
        )

    # Served at the team's three latest activities; staff verified the hours.
    now = timezone.now()
    past = Activity.objects.filter(
        team=team, status=Activity.Status.PUBLISHED, ends_at__lt=now
    ).order_by("-starts_at")[:3]
    for activity in past:
        role, _created = VolunteerRole.objects.get_or_create(
            activity=activity,
            name="志愿服务",
            defaults={"description": "现场服务", "needed": 10},
        )
        VolunteerShift.objects.get_or_create(role=role, volunteer=volunteer)
        if not HoursEntry.objects.filter(
            volunteer=volunteer, activity=activity
        ).exists():
            entry = services.hours_enter(
                volunteer_id=volunteer.pk,
                activity_id=activity.pk,
                hours="3",
                by_user=leader,
                note="",
            )
            services.hours_verify(entry_ids=[entry.pk], by_user=staff)

    # Real-name details (the standard's published sample number, nobody's own) and
    # a numbered certificate of the verified hours.
    if not volunteer.has_identity:
        volunteer = services.volunteer_identity_set(
            user=person,
            legal_name=person.name,
            id_type="resident_id",
            id_number=DEMO_ID_NUMBER,
        )
    if not volunteer.certificates.exists():
        with contextlib.suppress(ServiceError):  # no verified hours yet
            services.certificate_issue(volunteer_id=volunteer.pk, by_user=person)

    # The coming activity asks for volunteers.
    coming = (
        Activity.objects.filter(
            team=team, status=Activity.Status.PUBLISHED, starts_at__gt=now
        )
        .order_by("starts_at")
        .first()
    )
    if coming is not None:
        for name, description, needed in content.VOLUNTEER_ROLES:
            VolunteerRole.objects.get_or_create(
                activity=coming,
                name=name,
                defaults={"description": description, "needed": needed},
            )

    merchants = {merchant.name: merchant for merchant in Merchant.objects.all()}
    for position, (merchant, name, points, stock) in enumerate(
        content.REWARDS, start=1
    ):
        Reward.objects.get_or_create(
            name=name,
            merchant=merchants.get(merchant) if merchant else None,
            defaults={"points": points, "stock": stock, "position": position},
        )
    if not Redemption.objects.filter(volunteer=volunteer).exists():
        cheapest = (
            Reward.objects.active().filter(stock__gt=0).order_by("points").first()
        )
        if cheapest is not None:
            # Not enough points after all: the shop page shows why.
            with contextlib.suppress(ServiceError):
                services.reward_redeem(reward_id=cheapest.pk, user=person)

    resident = users["resident"]
    categories = {c.name: c for c in ServiceCategory.objects.all()}
    for category, description, place, state in content.SERVICE_REQUESTS:
        if category not in categories:
            continue
        if ServiceRequest.objects.filter(
            requester=resident, description=description
        ).exists():
            continue
        request = services.service_request_create(
            requester=resident,
            category_id=categories[category].pk,
            description=description,
            wanted_at=now + datetime.timedelta(days=2),
            place=place,
            contact_phone=resident.phone,
        )
        if state == "ordered":
            continue
        services.service_request_dispatch(
            request_id=request.pk, team_id=team.pk, by_user=staff
        )
        if state == "dispatched":
            continue
        services.service_request_accept(request_id=request.pk, by_user=person)
        if state == "accepted":
            continue
        services.service_request_complete(
            request_id=request.pk,
            by_user=person,
            note="已上门完成，居民很满意。",
            hours="1.5",
        )
        if state == "rated":
            services.service_request_rate(
                request_id=request.pk,
                by_user=resident,
                rating=5,
                comment="志愿者很耐心，谢谢！",
            )
    return Volunteer.objects.count()


def load_grid_work(writer: Writer, *, users: dict, grids: dict[int, Grid]) -> int:
    """A few visit logs and issue reports of the demo grid worker, six months of
    sorting checks in every grid (so the charts show something), and matters in the
    talk corridor. Keys are derived from the content, so a second run finds them."""

    def key(*parts) -> uuid.UUID:
        return uuid.uuid5(uuid.NAMESPACE_URL, "demo:" + ":".join(map(str, parts)))

    today = timezone.localdate()
    worker, staff = users["gridworker"], users["staff"]
    buildings = {b.number: b for b in Building.objects.all()}
    count = 0
    for day, number, unit, topic, notes in content.VISIT_LOGS:
        if day > today.day:
            continue
        building = buildings[number]
        writer.upsert(
            VisitLog,
            lookup={"submission_key": key("visit", today.year, today.month, day)},
            values={
                "grid": building.grid,
                "building": building,
                "author": worker,
                "visited_on": today.replace(day=day),
                "unit": unit,
                "topic": VisitTopic.objects.get_or_create(name=topic)[0],
                "notes": notes,
            },
        )
        count += 1
    for day, number, category, urgency, text, resolution in content.ISSUE_REPORTS:
        if day > today.day:
            continue
        building = buildings[number]
        resolved = {
            "status": IssueReport.Status.RESOLVED,
            "assignee": staff,
            "resolution": resolution,
            "resolved_at": timezone.now(),
        }
        writer.upsert(
            IssueReport,
            lookup={"submission_key": key("issue", today.year, today.month, day)},
            values={
                "grid": building.grid,
                "building": building,
                "author": worker,
                "category": IssueCategory.objects.get_or_create(name=category)[0],
                "urgency": urgency,
                "description": text,
            },
            create_values=resolved if resolution else {},
        )
        count += 1
    month = today.replace(day=1)
    for back in range(content.SORTING_MONTHS):
        checked_on = month.replace(day=content.SORTING_DAY)
        if checked_on <= today:
            step = content.SORTING_MONTHS - 1 - back  # 0 for the oldest month
            for number, grid in grids.items():
                building = grid.buildings.order_by("number").first()
                if building is None:
                    continue
                households = building.households or 24
                writer.upsert(
                    SortingCheck,
                    lookup={"submission_key": key("sorting", checked_on, number)},
                    values={
                        "grid": grid,
                        "building": building,
                        "author": worker if number == 1 else staff,
                        "checked_on": checked_on,
                        "households_checked": households,
                        "households_correct": round(
                            households * (0.5 + 0.06 * step + 0.01 * number)
                        ),
                        "households_aware": round(
                            households * (0.62 + 0.05 * step + 0.008 * number)
                        ),
                    },
                )
                count += 1
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    for (
        author,
        title,
        text,
        category,
        number,
        anonymous,
        status,
        note,
    ) in content.MATTERS:
        matter = writer.upsert(
            Matter,
            lookup={"submission_key": key("matter", title)},
            values={
                "author": users[author],
                "title": title,
                "description": text,
                "category": category,
                "building": buildings.get(number),
                "is_anonymous": anonymous,
            },
            create_values={
                "status": status,
                "first_reply_at": timezone.now() if note else None,
                "resolved_at": timezone.now() if status == "resolved" else None,
            },
        )
        if not matter.events.exists():
            MatterEvent.objects.create(
                matter=matter, kind="raised", by_user=matter.author
            )
            if note:
                kind = {"open": "reply", "accepted": "accepted"}.get(status, status)
                MatterEvent.objects.create(
                    matter=matter, kind=kind, by_user=staff, text=note
                )
        count += 1
    return count
