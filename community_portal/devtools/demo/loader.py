"""The demo loader: writes everything in ``content`` in one transaction.

Rows are found by their natural keys (slugs, numbers, names, titles). Missing rows
are created; existing ones are left as they are (``make run`` loads the demo on every
start, and edits made while trying the portal must survive that), unless ``refresh``
asks to put their values back. Either way only differing values are saved, so a second
run writes nothing, and images that are already set are never drawn again. The schedule is computed from calendar rules (festival dates
from lunar-python, "second Saturday", "first month of the quarter"), never from
offsets to today, so a run on a later day finds the same titles on the same dates and
only adds the months that have come into the window.
"""

import contextlib
import datetime
from collections import Counter
from collections.abc import Callable, Iterable, Iterator

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import (
    check_password,
    is_password_usable,
    make_password,
)
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone

from activities.models import Activity, Campaign
from grids.models import Building, CivilityPoster, ConventionArticle, Grid, GridContent
from venues.models import (
    Alliance,
    Merchant,
    Pledge,
    Programme,
    Space,
    SpacePhoto,
    Venue,
)
from volunteers.models import Team

from . import content, dates, pictures

QUARTER_NUMERALS = "一二三四"


class _Writer:
    """Create (or, refreshing, update) by natural key, counting what changed."""

    def __init__(self, *, refresh: bool) -> None:
        self.refresh = refresh
        self.stats: Counter[str] = Counter()
        self._paintings: dict[tuple[str, str, str], bytes] = {}

    def picture(self, *, colour: str, motif: str, seed: str, name: str):
        def make() -> ContentFile:
            key = (colour, motif, seed)
            if key not in self._paintings:
                self._paintings[key] = pictures.paint(
                    colour=colour, motif=motif, seed=seed
                )
            return ContentFile(self._paintings[key], name=f"{name}.jpg")

        return make

    @staticmethod
    def _differences(obj: models.Model, values: dict) -> list[str]:
        """Set the differing ``values`` on ``obj``; return the names of those fields."""
        dirty = []
        for name, value in values.items():
            field = obj._meta.get_field(name)
            wanted = value.pk if isinstance(value, models.Model) else value
            if getattr(obj, field.attname) != wanted:
                setattr(obj, name, value)
                dirty.append(name)
        return dirty

    def upsert(
        self,
        model: type[models.Model],
        *,
        lookup: dict,
        values: dict | None = None,
        create_values: dict | None = None,
        images: dict[str, Callable[[], ContentFile]] | None = None,
        m2m: dict[str, Iterable[models.Model]] | None = None,
    ):
        values = values or {}
        images = images or {}
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values, **(create_values or {}))
            for name, make in images.items():
                setattr(obj, name, make())
            obj.save()
            outcome = "created"
        else:
            dirty = self._differences(obj, values) if self.refresh else []
            for name, make in images.items():
                if not getattr(obj, name):
                    setattr(obj, name, make())
                    dirty.append(name)
            if dirty and any(f.name == "updated_at" for f in model._meta.fields):
                dirty.append("updated_at")
            if dirty:
                obj.save(update_fields=dirty)
            outcome = "updated" if dirty else "unchanged"
        for name, related in (m2m or {}).items():
            if outcome != "created" and not self.refresh:
                break
            manager = getattr(obj, name)
            wanted = {item.pk for item in related}
            if set(manager.values_list("pk", flat=True)) != wanted:
                manager.set(wanted)
                if outcome == "unchanged":
                    outcome = "updated"
        self.stats[outcome] += 1
        return obj


def demo_load(*, stdout=None, refresh: bool = False) -> dict:
    """Load what is missing of the demo (with ``refresh``, also put edited demo rows
    back to their demo values); return counts and the accounts."""
    writer = _Writer(refresh=refresh)

    def say(message: str) -> None:
        if stdout is not None:
            stdout.write(message)

    with transaction.atomic():
        venues = _load_venues(writer)
        say(f"Venues: {len(venues)}, spaces: {Space.objects.count()}")
        grids = _load_grids(writer)
        say(f"Grids: {len(grids)}, buildings: {Building.objects.count()}")
        alliances = _load_alliances(writer)
        say(f"Alliances: {len(alliances)}, merchants: {Merchant.objects.count()}")
        users = _load_accounts(writer, grids=grids)
        say(f"Demo accounts: {len(users)}")
        teams = _load_teams(writer, users=users, alliances=alliances)
        say(f"Teams: {len(teams)}")
        activities = _load_activities(
            writer, venues=venues, grids=grids, alliances=alliances, teams=teams
        )
        say(f"Activities: {len(activities)}")
        volunteers = _load_volunteers(users=users, teams=teams)
        say(f"Volunteers: {volunteers}")
        grid_work = _load_grid_work(writer, users=users, grids=grids)
        say(f"Grid work entries and matters: {grid_work}")

    return {
        "created": writer.stats["created"],
        "updated": writer.stats["updated"],
        "unchanged": writer.stats["unchanged"],
        "venues": len(venues),
        "grids": len(grids),
        "alliances": len(alliances),
        "teams": len(teams),
        "activities": len(activities),
        "password": content.DEMO_PASSWORD,
        "accounts": [
            (username, label)
            for username, _name, label, _role, _extra in content.ACCOUNTS
        ],
    }


def _load_venues(writer: _Writer) -> dict[str, Venue]:
    venues = {}
    for position, data in enumerate(content.VENUES, start=1):
        venues[data["slug"]] = writer.upsert(
            Venue,
            lookup={"slug": data["slug"]},
            values={
                "name": data["name"],
                "kind": data["kind"],
                "summary": data["summary"],
                "description": data["description"],
                "position": position,
            },
            images={
                "cover": writer.picture(
                    colour=data["colour"],
                    motif=data["motif"],
                    seed=data["slug"],
                    name=f"venue-{data['slug']}",
                )
            },
        )
    cube = venues["yue-cube"]
    for position, data in enumerate(content.SPACES, start=1):
        space = writer.upsert(
            Space,
            lookup={"name": data["name"]},
            values={
                "venue": cube,
                "purpose": data["purpose"],
                "description": data["description"],
                "opening_hours": data["opening_hours"],
                "capacity": data["capacity"],
                "location": data["location"],
                "position": position,
            },
            images={
                "cover": writer.picture(
                    colour=data["colour"],
                    motif=data["motif"],
                    seed=data["name"],
                    name=f"space-{position}",
                )
            },
        )
        for number, caption in enumerate(data["photos"], start=1):
            writer.upsert(
                SpacePhoto,
                lookup={"space": space, "caption": caption},
                values={"position": number},
                images={
                    "image": writer.picture(
                        colour=data["colour"],
                        motif=data["motif"],
                        seed=caption,
                        name=f"space-{position}-photo-{number}",
                    )
                },
            )
    return venues


def _load_grids(writer: _Writer) -> dict[int, Grid]:
    grids = {}
    for data in content.GRIDS:
        number = data["number"]
        grids[number] = writer.upsert(
            Grid,
            lookup={"number": number},
            values={
                "theme": data["theme"],
                "theme_meaning": data["theme_meaning"],
                "slogan": data["slogan"],
                "stairwell": data["stairwell"],
                "description": (
                    f"{number}号网格以“{data['theme']}”为主题，打造{data['stairwell']}，"
                    f"倡导{data['theme_meaning']}。{data['slogan']}。"
                ),
            },
            images={
                "cover": writer.picture(
                    colour=data["colour"],
                    motif=data["motif"],
                    seed=data["theme"],
                    name=f"grid-{number}",
                )
            },
        )
    for number in content.BUILDING_NUMBERS:
        writer.upsert(
            Building,
            lookup={"number": number},
            values={
                "grid": grids[content.grid_of_building(number)],
                "households": content.households_of_building(number),
            },
        )
    for number, entries in content.GRID_CONTENTS.items():
        for position, (kind, title, body) in enumerate(entries, start=1):
            writer.upsert(
                GridContent,
                lookup={"grid": grids[number], "title": title},
                values={
                    "kind": kind,
                    "body": body,
                    "is_published": True,
                    "position": position,
                },
            )
    for number, text in enumerate(content.CONVENTION_ARTICLES, start=1):
        writer.upsert(
            ConventionArticle, lookup={"number": number}, values={"text": text}
        )
    for position, (title, colour, motif, grid_number) in enumerate(
        content.POSTERS, start=1
    ):
        writer.upsert(
            CivilityPoster,
            lookup={"title": title},
            values={
                "grid": grids[grid_number] if grid_number else None,
                "is_published": True,
                "position": position,
            },
            images={
                "image": writer.picture(
                    colour=colour, motif=motif, seed=title, name=f"poster-{position}"
                )
            },
        )
    return grids


def _load_alliances(writer: _Writer) -> dict[str, Alliance]:
    alliances = {}
    for position, data in enumerate(content.ALLIANCES, start=1):
        alliances[data["slug"]] = writer.upsert(
            Alliance,
            lookup={"slug": data["slug"]},
            values={
                "name": data["name"],
                "summary": data["summary"],
                "description": data["description"],
                "address": data["address"],
                "position": position,
            },
            images={
                "cover": writer.picture(
                    colour=data["colour"],
                    motif=data["motif"],
                    seed=data["slug"],
                    name=f"alliance-{data['slug']}",
                )
            },
        )
    for position, data in enumerate(content.PROGRAMMES, start=1):
        writer.upsert(
            Programme,
            lookup={"alliance": alliances[data["alliance"]], "name": data["name"]},
            values={
                "summary": data["summary"],
                "description": data["description"],
                "location": data["location"],
                "position": position,
            },
            images={
                "cover": writer.picture(
                    colour=data["colour"],
                    motif=data["motif"],
                    seed=data["name"],
                    name=f"programme-{position}",
                )
            },
        )
    pledges = {
        name: writer.upsert(Pledge, lookup={"name": name}, values={"description": text})
        for name, text in content.PLEDGES
    }
    for name, business, location, pledge_names in content.MERCHANTS:
        writer.upsert(
            Merchant,
            lookup={"alliance": alliances["youpin"], "name": name},
            values={"business": business, "location": location, "is_active": True},
            m2m={"pledges": [pledges[pledge] for pledge in pledge_names]},
        )
    return alliances


def _load_accounts(writer: _Writer, *, grids: dict[int, Grid]) -> dict:
    User = get_user_model()
    users = {}
    for username, name, _label, role, extra in content.ACCOUNTS:
        values = {
            "name": name,
            "is_active": True,
            "is_staff": False,
            "is_superuser": False,
            **extra,
        }
        if "building" in values:
            values["building"] = Building.objects.get(number=values["building"])
        groups = [Group.objects.get_or_create(name=role)[0]] if role else []
        user = writer.upsert(
            User, lookup={"username": username}, values=values, m2m={"groups": groups}
        )
        users[username] = user
    _set_demo_password(users.values(), writer=writer)
    grid = grids[1]
    if not grid.workers.filter(pk=users["gridworker"].pk).exists():
        grid.workers.add(users["gridworker"])
    return users


def _set_demo_password(users: Iterable, *, writer: _Writer) -> None:
    """Give new demo accounts (refreshing: every demo account whose password changed)
    the printed password, hashing as little as possible: one hash shared by all
    accounts, and each distinct stored hash checked once."""
    works: dict[str, bool] = {}
    encoded = None
    for user in users:
        # New accounts have an empty password, which Django counts as "usable".
        had_password = bool(user.password) and is_password_usable(user.password)
        if user.password not in works:
            works[user.password] = had_password and (
                not writer.refresh
                or check_password(content.DEMO_PASSWORD, user.password)
            )
        if not works[user.password]:
            # A fresh hash only when needed: hashing salts anew, a changed value.
            encoded = encoded or make_password(content.DEMO_PASSWORD)
            user.password = encoded
            user.save(update_fields=["password"])
            if had_password:
                writer.stats["updated"] += 1


def _load_teams(
    writer: _Writer, *, users: dict, alliances: dict[str, Alliance]
) -> dict[str, Team]:
    teams = {}
    for position, data in enumerate(content.TEAMS, start=1):
        alliance = alliances[data["alliance"]] if data.get("alliance") else None
        teams[data["slug"]] = writer.upsert(
            Team,
            lookup={"slug": data["slug"]},
            values={
                "name": data["name"],
                "strand": data["strand"],
                "summary": data["summary"],
                "description": data.get("description", data["summary"]),
                "leader": users[data["leader"]] if data.get("leader") else None,
                "alliance": alliance,
                "is_active": True,
                "position": position,
            },
            images={
                "cover": writer.picture(
                    colour=data["colour"],
                    motif=data["motif"],
                    seed=data["slug"],
                    name=f"team-{data['slug']}",
                )
            },
        )
    return teams


def occurrences(
    series: content.Series, *, today: datetime.date
) -> Iterator[tuple[datetime.date, dict]]:
    """The dates of ``series`` that the demo holds, with the values for its title."""
    start, end = dates.demo_window(today=today)
    kind = series.rule[0]
    if kind in ("festival", "annual"):
        for year in (today.year - 1, today.year, today.year + 1):
            if kind == "festival":
                day = dates.festival_date(name=series.rule[1], year=year)
            else:
                day = datetime.date(year, series.rule[1], series.rule[2])
            if year == today.year or start <= day <= end:
                yield day, {"year": year}
    elif kind == "quarterly":
        _kind, month_of_quarter, weekday, n = series.rule
        for year, quarter in dates.quarters_between(start=start, end=end):
            month = (quarter - 1) * 3 + month_of_quarter
            day = dates.nth_weekday(year=year, month=month, weekday=weekday, n=n)
            yield day, {"year": year, "quarter": QUARTER_NUMERALS[quarter - 1]}
    else:
        # Regular sessions take a break on the festivals: the festival team has the day.
        festival_days = {
            dates.festival_date(name=name, year=year)
            for year in (start.year, end.year)
            for name in dates.FESTIVALS
        }
        for year, month in dates.months_between(start=start, end=end):
            if kind == "monthly_day":
                day = datetime.date(year, month, series.rule[1])
            else:
                day = dates.nth_weekday(
                    year=year, month=month, weekday=series.rule[1], n=series.rule[2]
                )
            if start <= day <= end and day not in festival_days:
                yield day, {"year": year, "month": month}


def _rotating_grid(series: content.Series, day: datetime.date) -> int:
    # Each rotating series starts from its own grid, so they do not all meet.
    offset = sum(map(ord, series.key))
    return (day.year * 12 + day.month + offset) % 9 + 1


def _load_activities(
    writer: _Writer,
    *,
    venues: dict[str, Venue],
    grids: dict[int, Grid],
    alliances: dict[str, Alliance],
    teams: dict[str, Team],
) -> list[Activity]:
    now = timezone.now()
    today = timezone.localdate(now)
    zone = timezone.get_default_timezone()
    campaigns = {campaign.slug: campaign for campaign in Campaign.objects.all()}
    wanted = {slug for series in content.ALL_SERIES for slug in series.campaigns}
    if missing := wanted - set(campaigns):
        # They come from a data migration, so a flushed database lacks them.
        raise LookupError(
            f"Central-work campaigns {sorted(missing)} are missing. The migration "
            "activities 0002 creates them; after `manage.py flush`, start from a new "
            "database (make distclean) or add them again in the admin."
        )
    spaces = {space.name: space for space in Space.objects.all()}
    team_colours = {data["slug"]: data["colour"] for data in content.TEAMS}
    venue_colours = {data["slug"]: data["colour"] for data in content.VENUES}
    activities = []
    for series in content.ALL_SERIES:
        colour = (
            series.colour
            or team_colours.get(series.team or "")
            or venue_colours.get(series.venue or "", "#7f8c8d")
        )
        for day, title_values in occurrences(series, today=today):
            hour, minute = map(int, series.start.split(":"))
            starts_at = datetime.datetime.combine(
                day, datetime.time(hour, minute), tzinfo=zone
            )
            grid = None
            location = series.location
            if series.grid == "rotate":
                grid = grids[_rotating_grid(series, day)]
            elif series.grid:
                grid = grids[series.grid]
            if grid and not location:
                location = f"{grid.number}号网格{grid.stairwell}"
            values = {
                "strand": series.strand,
                "venue": venues[series.venue] if series.venue else None,
                "space": spaces[series.space] if series.space else None,
                "grid": grid,
                "location": location,
                "team": teams[series.team] if series.team else None,
                "alliance": alliances[series.alliance] if series.alliance else None,
                "starts_at": starts_at,
                "ends_at": starts_at + datetime.timedelta(minutes=series.minutes),
                "audience": series.audience,
                "capacity": series.capacity,
                "summary": series.summary,
                "description": series.description,
                "min_age": series.min_age,
                "max_companions": series.max_companions,
            }
            create_values = {}
            if day.month in series.cancelled_months:
                values["status"] = Activity.Status.CANCELLED
                values["cancellation_reason"] = content.CANCELLATION_REASON
            elif series.drafts_ahead and starts_at > now + datetime.timedelta(
                days=content.DRAFT_DAYS_AHEAD
            ):
                # Only when created: staff publish drafts, a later run must not undo it.
                create_values["status"] = Activity.Status.DRAFT
            else:
                create_values["status"] = Activity.Status.PUBLISHED
            activities.append(
                writer.upsert(
                    Activity,
                    lookup={"title": series.title.format(**title_values)},
                    values=values,
                    create_values=create_values,
                    images={
                        "cover": writer.picture(
                            colour=colour,
                            motif=series.motif,
                            seed=series.key,
                            name=f"activity-{series.key}-{day:%Y%m%d}",
                        )
                    },
                    m2m={"campaigns": [campaigns[slug] for slug in series.campaigns]},
                )
            )
    return activities


def _load_volunteers(*, users: dict, teams: dict[str, Team]) -> int:
    """The 悦公益 alliance: the demo volunteer (approved, in the team, with verified
    hours, points and a reward code), the points shop, roles for the next activity
    and the resident's service requests in every state. Written through
    ``volunteers.services`` (the ledger only grows through them); each step first
    looks whether it is there already, so a second run writes nothing."""
    from volunteers import services
    from volunteers.models import (
        HoursEntry,
        Redemption,
        Reward,
        ServiceCategory,
        ServiceRequest,
        TeamMembership,
        Volunteer,
        VolunteerRole,
        VolunteerShift,
    )

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
            with contextlib.suppress(services.VolunteerError):
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
            request_id=request.pk, by_user=person, note="已上门完成，居民很满意。"
        )
        if state == "rated":
            services.service_request_rate(
                request_id=request.pk,
                by_user=resident,
                rating=5,
                comment="志愿者很耐心，谢谢！",
            )
    return Volunteer.objects.count()


def _load_grid_work(writer: _Writer, *, users: dict, grids: dict[int, Grid]) -> int:
    """A few visit logs and issue reports of the demo grid worker, six months of
    sorting checks in every grid (so the charts show something), and matters in the
    talk corridor. Keys are derived from the content, so a second run finds them."""
    import uuid

    from grids.models import (
        IssueCategory,
        IssueReport,
        SortingCheck,
        VisitLog,
        VisitTopic,
    )
    from venues.models import Matter, MatterEvent

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
