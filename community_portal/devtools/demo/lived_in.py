"""A lived-in demo: residents who came to the past activities, checked in, rated
them and served as volunteers; records (纪实) with photos; pictures in the shop.

Runs last in ``demo_load``. Every step first looks whether its rows are there (by
the demo residents' usernames, the activity, the record), so a second run writes
nothing. Registrations, check-ins and ratings of activities that already ended are
written with the models (the services refuse the past and send notices); the
volunteers' hours go through ``volunteers.services`` so points follow the ledger."""

import contextlib
import datetime
import random
import uuid

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from activities.models import (
    Activity,
    ActivityRecord,
    Audience,
    Rating,
    RecordPhoto,
    Registration,
    recount_seats,
)
from activities.services.registrations import registration_create
from community_portal.errors import ServiceError
from grids.models import Building, VisitLog, VisitTopic
from venues.models import Matter, MatterEvent
from volunteers import services
from volunteers.models import (
    HoursEntry,
    Redemption,
    Reward,
    Volunteer,
    VolunteerRole,
    VolunteerShift,
)

from .dates import add_months
from .writer import Writer

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = (
    "秀英", "建国", "淑芬", "志强", "桂兰", "海燕", "德明", "丽华", "国庆", "春梅",
    "玉兰", "文军", "晓东", "红霞", "永福", "佳怡", "子轩", "雨涵", "明远", "静怡",
)  # fmt: skip
RESIDENT_COUNT = 40
COMMENTS = {
    5: ("组织得很好，下次还来！", "老师很耐心，收获很大。", "孩子特别喜欢。",
        "邻里一起参加，很热闹。", "内容实在，谢谢社区！"),
    4: ("挺好的，时间再长一点就更好了。", "人有点多，但很有意思。",
        "场地不错，希望多办。"),
    3: ("还可以，讲得有点快。", "一般般，希望内容更丰富。"),
    2: ("等了很久才开始。", "音响听不清楚。"),
}  # fmt: skip
RECORD_COUNT = 8
RECORD_COLOURS = ("#c0392b", "#d35400", "#16a085", "#2980b9", "#8e44ad")
RECORD_MOTIFS = ("hands", "hearts", "lanterns", "books", "sun", "leaves")
REWARD_COLOURS = ("#e67e22", "#27ae60", "#2c3e50", "#c0392b", "#2980b9")
REWARD_MOTIFS = ("hearts", "books", "leaves", "sun", "confetti")
# The grid worker's door-to-door visits, three a month for six months.
VISITS = (
    (4, "养老关爱", "走访独居老人，身体状况良好，提醒天冷注意保暖。"),
    (15, "安全", "检查楼道堆物和电动车充电，已提醒住户及时清理。"),
    (24, "意见建议", "收集住户对小区停车的意见，已整理转交社区。"),
)
# More matters in the talk corridor: (title, text, category, building, status,
# the staff's reply or "").
MATTERS = (
    ("楼道灯太暗，老人上下楼看不清", "3幢2单元楼道灯光太暗，希望换亮一点的灯。",
     "facilities", 3, "resolved", "物业已更换为感应灯，亮度提高了。"),
    ("小区东门电动车乱停", "东门口电动车停得很乱，挡住了盲道。",
     "parking", 6, "in_progress", "已联系物业划线，正在施工中。"),
    ("希望增加周末书法课", "周末上班族也想学书法，希望周六开一期。",
     "suggestion", None, "accepted", "已采纳，下季度安排周六书法班。"),
    ("垃圾房异味较大", "8幢旁垃圾房夏天异味明显，希望增加清运次数。",
     "environment", 8, "resolved", "清运已改为每日两次，并加装了除臭设备。"),
    ("楼上装修噪音", "楼上装修中午也在施工，影响老人休息。",
     "neighbours", 2, "open", ""),
    ("健身器材有松动", "中心广场的扭腰器螺丝松了，怕伤到人。",
     "safety", None, "in_progress", "已报修，维修师傅本周上门。"),
    ("快递柜不够用", "快递柜经常满，希望再加一组。",
     "property", 4, "accepted", "已与物业和快递公司沟通，正在选址。"),
)  # fmt: skip


def _key(*parts) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, "demo:lived-in:" + ":".join(map(str, parts)))


def _residents(writer: Writer) -> list:
    User = get_user_model()
    unusable = make_password(None)
    people = []
    for i in range(RESIDENT_COUNT):
        name = SURNAMES[i % len(SURNAMES)] + GIVEN[(i * 7) % len(GIVEN)]
        people.append(
            writer.upsert(
                User,
                lookup={"username": f"demo-resident-{i + 1:02d}"},
                values={"name": name, "phone": f"139000000{i + 1:02d}"},
                create_values={"password": unusable, "is_active": True},
            )
        )
    return people


def _attendance(writer: Writer, past: list, people: list) -> None:
    """Registrations, check-ins (most) and ratings (many) of the past activities."""
    done = set(
        Registration.objects.filter(
            activity__in=past, user__username__startswith="demo-resident-"
        ).values_list("activity_id", flat=True)
    )
    registrations, ratings = [], []
    for activity in past:
        if activity.pk in done:
            continue
        rng = random.Random(f"{activity.title}:{activity.starts_at.date()}")
        size = min(len(people), max(3, min(activity.capacity or 20, 25)))
        came = rng.sample(people, rng.randint(max(2, size // 2), size))
        signed_up = activity.starts_at - datetime.timedelta(days=rng.randint(2, 9))
        for person in came:
            checked_in = rng.random() < 0.85
            registrations.append(
                Registration(
                    activity=activity,
                    user=person,
                    status=Registration.Status.CONFIRMED,
                    confirmed_at=signed_up,
                    checked_in_at=(
                        activity.starts_at
                        + datetime.timedelta(minutes=rng.randint(-10, 15))
                        if checked_in
                        else None
                    ),
                )
            )
            if checked_in and rng.random() < 0.6:
                score = rng.choices((5, 4, 3, 2), weights=(50, 30, 14, 6))[0]
                ratings.append(
                    Rating(
                        activity=activity,
                        user=person,
                        score=score,
                        comment=rng.choice(COMMENTS[score])
                        if rng.random() < 0.7
                        else "",
                    )
                )
    Registration.objects.bulk_create(registrations)
    # bulk_create sends no signals: the seat counters are recounted here.
    recount_seats(Activity.objects.filter(pk__in=[a.pk for a in past]))
    Rating.objects.bulk_create(ratings)
    writer.stats["created"] += len(registrations) + len(ratings)


def _records(writer: Writer, past: list, author) -> None:
    """Published records (纪实) with one or two drawn photos of the latest past
    activities that have none."""
    for index, activity in enumerate(past[:RECORD_COUNT]):
        if ActivityRecord.objects.filter(activity=activity).exists():
            continue
        came = activity.registrations.filter(checked_in_at__isnull=False).count()
        record = ActivityRecord.objects.create(
            activity=activity,
            summary=(
                f"{activity.title}顺利举行，{came}位居民到场参加。"
                "大家在志愿者的带领下一起动手、一起交流，现场气氛热烈。"
                "感谢参与的每一位邻居，我们下次再见！"
            ),
            is_published=True,
            published_at=activity.ends_at + datetime.timedelta(days=1),
            author=author,
        )
        writer.stats["created"] += 1
        for position in range(1 + index % 2):
            RecordPhoto.objects.create(
                record=record,
                position=position,
                caption="活动现场" if position == 0 else "大家的合影",
                image=writer.picture(
                    colour=RECORD_COLOURS[(index + position) % len(RECORD_COLOURS)],
                    motif=RECORD_MOTIFS[(index + position) % len(RECORD_MOTIFS)],
                    seed=f"record-{activity.pk}-{position}",
                    name=f"record-{activity.pk}-{position}",
                )(),
            )
            writer.stats["created"] += 1


def _volunteers(writer: Writer, past: list, people: list, *, staff) -> None:
    """Thirty of the residents volunteer; each served at one to three past
    activities of a team, hours verified by staff (the leaderboard fills up)."""
    with_team = [a for a in past if a.team_id]
    if not with_team:
        return
    for i, person in enumerate(people[:30]):
        volunteer = Volunteer.objects.filter(user=person).first()
        if volunteer is None:
            volunteer = services.volunteer_apply(user=person, skills="热心邻里事务。")
            writer.stats["created"] += 1
        if volunteer.status == Volunteer.Status.PENDING:
            volunteer = services.volunteer_approve(
                volunteer_id=volunteer.pk, by_user=staff
            )
        if HoursEntry.objects.filter(volunteer=volunteer).exists():
            continue
        rng = random.Random(person.username)
        entries = []
        for activity in rng.sample(with_team, min(len(with_team), 1 + i % 3)):
            role, _created = VolunteerRole.objects.get_or_create(
                activity=activity,
                name="志愿服务",
                defaults={"description": "现场服务", "needed": 10},
            )
            VolunteerShift.objects.get_or_create(role=role, volunteer=volunteer)
            with contextlib.suppress(ServiceError):
                entries.append(
                    services.hours_enter(
                        volunteer_id=volunteer.pk,
                        activity_id=activity.pk,
                        hours=str(rng.choice((2, 2.5, 3, 4))),
                        by_user=staff,
                    ).pk
                )
        if entries:
            services.hours_verify(entry_ids=entries, by_user=staff)
            writer.stats["created"] += len(entries)
    # A few spend their points in the shop.
    cheapest = Reward.objects.active().filter(stock__gt=0).order_by("points").first()
    for person in people[:30:5]:
        volunteer = Volunteer.objects.filter(user=person).first()
        if cheapest is None or volunteer is None:
            break
        if Redemption.objects.filter(volunteer=volunteer).exists():
            continue
        with contextlib.suppress(ServiceError):  # not enough points yet
            services.reward_redeem(reward_id=cheapest.pk, user=person)
            writer.stats["created"] += 1


def _reward_pictures(writer: Writer) -> None:
    for index, reward in enumerate(Reward.objects.order_by("position", "pk")):
        writer.upsert(
            Reward,
            lookup={"pk": reward.pk},
            images={
                "image": writer.picture(
                    colour=REWARD_COLOURS[index % len(REWARD_COLOURS)],
                    motif=REWARD_MOTIFS[index % len(REWARD_MOTIFS)],
                    seed=f"reward-{reward.name}",
                    name=f"reward-{index + 1}",
                )
            },
        )


def _grid_work(writer: Writer, people: list, users: dict) -> None:
    """Visits over the past six months (the grid's history) and matters at every
    stage with the staff's replies."""
    today = timezone.localdate()
    worker, staff = users["gridworker"], users["staff"]
    buildings = list(
        Building.objects.filter(grid__workers=worker).order_by("number")
    ) or list(Building.objects.order_by("number")[:3])
    topics = {}
    for back in range(6):
        month = add_months(today.replace(day=1), -back)
        for index, (day, topic, notes) in enumerate(VISITS):
            visited_on = month.replace(day=day)
            if visited_on > today or not buildings:
                continue
            building = buildings[(back + index) % len(buildings)]
            if topic not in topics:
                topics[topic] = VisitTopic.objects.get_or_create(name=topic)[0]
            writer.upsert(
                VisitLog,
                lookup={"submission_key": _key("visit", visited_on)},
                values={
                    "grid": building.grid,
                    "building": building,
                    "author": worker,
                    "visited_on": visited_on,
                    "unit": f"{building.number}-{101 + 100 * index + back}",
                    "topic": topics[topic],
                    "notes": notes,
                },
            )
    numbers = {b.number: b for b in Building.objects.all()}
    now = timezone.now()
    for index, (title, text, category, number, status, note) in enumerate(MATTERS):
        matter = writer.upsert(
            Matter,
            lookup={"submission_key": _key("matter", title)},
            values={
                "author": people[index % len(people)],
                "title": title,
                "description": text,
                "category": category,
                "building": numbers.get(number),
                "is_anonymous": index % 3 == 2,
            },
            create_values={
                "status": status,
                "first_reply_at": now if note else None,
                "resolved_at": now if status == "resolved" else None,
            },
        )
        if not matter.events.exists():
            MatterEvent.objects.create(
                matter=matter, kind="raised", by_user=matter.author
            )
            if note:
                kind = {"accepted": "accepted"}.get(status, status)
                MatterEvent.objects.create(
                    matter=matter, kind=kind, by_user=staff, text=note
                )


# The demo residents whose home shows "My next activity": signed up (through the
# service, so the notice is there too) for the first coming activity they may join.
# The elder goes to activities for everyone or for the elderly, not to a children's.
SIGNED_UP_FOR_NEXT = {
    "resident": None,
    "elder": (Audience.ELDERLY, Audience.EVERYONE),
}


def _coming_registrations(users: dict) -> None:
    """Each of SIGNED_UP_FOR_NEXT has a confirmed seat at a coming activity: at
    least a day ahead (it stays coming for a while), open, with a seat. Nothing is
    written for someone who already has one."""
    now = timezone.now()
    coming = (
        Activity.objects.published()
        .filter(starts_at__gt=now + datetime.timedelta(days=1))
        .order_by("starts_at", "pk")
    )
    for username, audiences in SIGNED_UP_FOR_NEXT.items():
        user = users[username]
        has_one = Registration.objects.filter(
            user=user,
            member=None,
            status=Registration.Status.CONFIRMED,
            activity__starts_at__gt=now,
        ).exists()
        if has_one:
            continue
        candidates = coming.filter(audience__in=audiences) if audiences else coming
        for activity in candidates[:30]:
            registrations = activity.registrations.all()
            if activity.capacity is not None and (
                registrations.filter(status=Registration.Status.WAITLISTED).exists()
                or registrations.confirmed().seat_count() >= activity.capacity
            ):
                continue  # a sign-up would go onto the waitlist
            with contextlib.suppress(ServiceError):
                registration_create(activity_id=activity.pk, user=user)
                break


def load_lived_in(writer: Writer, *, users: dict) -> int:
    """Fill the past; return how many registrations the past activities have."""
    now = timezone.now()
    past = list(
        Activity.objects.filter(
            status=Activity.Status.PUBLISHED, ends_at__lt=now
        ).order_by("-starts_at")
    )
    people = _residents(writer)
    _attendance(writer, past, people)
    _records(writer, past, users["staff"])
    _volunteers(writer, past, people, staff=users["staff"])
    _grid_work(writer, people, users)
    _reward_pictures(writer)
    _coming_registrations(users)
    return Registration.objects.filter(activity__in=past).count()
