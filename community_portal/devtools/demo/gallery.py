"""The demo's 悦珍阁 gallery, 悦丰馆 exhibition and bookings of the spaces.

Works are found by a key derived from their title, so a second run finds them;
their photos are drawn with Pillow (``pictures``). Each quarter has its
exhibition at 悦丰馆 (a calendar rule, not an offset to today). Bookings are made
through the booking service (its rules, its notices) on the coming days; one
that already exists (by space, person and purpose, still to come) or that the
rules refuse (an activity there, a full slot) is left out.
"""

import datetime
import uuid

from django.utils import timezone

from community_portal.errors import ServiceError
from grids.models import Grid
from venues.models import (
    Exhibition,
    ExhibitionWork,
    Space,
    SpaceBooking,
    Work,
    WorkPhoto,
)
from venues.services import booking_confirm, booking_create, booking_refuse
from volunteers.models import Team

from .writer import Writer

# (title, kind, author, studio slug, grid number, story, [(colour, motif), …], featured)
WORKS = [
    (
        "行书《家和万事兴》",
        Work.Kind.CALLIGRAPHY,
        "elder",
        "calligraphy-studio",
        8,
        "退休后在书画工作室练字八年，写给孙子的新房，也送给每一户邻居。",
        [("#7b241c", "brush"), ("#922b21", "brush")],
        True,
    ),
    (
        "国画《悦家楼道的春天》",
        Work.Kind.PAINTING,
        "leader",
        "calligraphy-studio",
        2,
        "画的是悦家网格楼道里的家风墙和窗外的玉兰，工作室雅集上大家一起改了三稿。",
        [("#1e8449", "leaves"), ("#28b463", "leaves")],
        False,
    ),
    (
        "旧物改造·易拉罐风铃",
        Work.Kind.HANDICRAFT,
        "resident",
        None,
        1,
        "和孩子在德培幼儿园“家园社”活动里用易拉罐和纽扣做的，挂在阳台叮当响。",
        [("#148f77", "recycle")],
        False,
    ),
    (
        "剪纸《福满邻里》",
        Work.Kind.HANDICRAFT,
        "elder",
        None,
        8,
        "春节前剪了一百多张窗花，送到悦享堂给老伙伴们贴上。",
        [("#c0392b", "hearts"), ("#e74c3c", "confetti")],
        False,
    ),
    (
        "摄影《中秋夜的悦荟区》",
        Work.Kind.PHOTO,
        "volunteer",
        None,
        9,
        "中秋游园会散场前拍下的，月亮正好挂在邻里中心的屋顶上。",
        [("#1a5276", "moon"), ("#21618c", "lanterns")],
        True,
    ),
    (
        "摄影《清爽行动之后》",
        Work.Kind.PHOTO,
        "volunteer",
        None,
        6,
        "志愿者清理完小区河道的那个傍晚，水面很静。",
        [("#2874a6", "waves")],
        False,
    ),
    (
        "楷书《社区文明公约》",
        Work.Kind.CALLIGRAPHY,
        "leader",
        "calligraphy-studio",
        4,
        "把社区文明公约一条条抄成小楷，准备挂到各个网格的楼道里。",
        [("#6c3483", "brush")],
        False,
    ),
    (
        "水彩《乒乓工作室的周六》",
        Work.Kind.PAINTING,
        "resident",
        "ping-pong-studio",
        1,
        "每周六上午悦健室里最热闹，画下了球友们挥拍的样子。",
        [("#1e8449", "table_tennis")],
        False,
    ),
]

# A work waiting for staff, so the admin's queue has something.
PENDING_WORK = (
    "十字绣《我和我的祖国》",
    Work.Kind.HANDICRAFT,
    "elder",
    None,
    8,
    "绣了整整一个夏天，想在国庆前挂进悦珍阁。",
    [("#b03a2e", "sun")],
    False,
)


def _key(title: str) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"demo:gallery:{title}")


def _work(writer: Writer, data, *, users: dict, teams: dict, grids: dict, approved):
    title, kind, author, studio, grid, story, pictures, featured = data
    staff = users["staff"]
    work = writer.upsert(
        Work,
        lookup={"submission_key": _key(title)},
        values={
            "title": title,
            "kind": kind,
            "story": story,
            "author": users[author],
            "studio": teams.get(studio) if studio else None,
            "grid": grids.get(grid),
            "status": Work.Status.APPROVED if approved else Work.Status.PENDING,
            "is_featured": featured and approved,
            "decided_by": staff if approved else None,
        },
        create_values={"decided_at": timezone.now() if approved else None},
    )
    for position, (colour, motif) in enumerate(pictures):
        writer.upsert(
            WorkPhoto,
            lookup={"work": work, "position": position},
            images={
                "image": writer.picture(
                    colour=colour,
                    motif=motif,
                    seed=f"{title}-{position}",
                    name=f"work-{work.pk}-{position}",
                )
            },
        )
    return work


def _quarter(today: datetime.date) -> tuple[datetime.date, datetime.date, int]:
    first_month = (today.month - 1) // 3 * 3 + 1
    start = datetime.date(today.year, first_month, 1)
    following = (
        datetime.date(today.year + 1, 1, 1)
        if first_month == 10
        else datetime.date(today.year, first_month + 3, 1)
    )
    return start, following - datetime.timedelta(days=1), (first_month - 1) // 3 + 1


def load_gallery(
    writer: Writer, *, users: dict, teams: dict[str, Team], grids: dict[int, Grid]
) -> int:
    """The works, this quarter's exhibition at 悦丰馆; returns how many works."""
    if not Space.objects.filter(shows_gallery=True).exists():
        Space.objects.filter(name="悦珍阁").update(shows_gallery=True)
    works = [
        _work(writer, data, users=users, teams=teams, grids=grids, approved=True)
        for data in WORKS
    ]
    _work(writer, PENDING_WORK, users=users, teams=teams, grids=grids, approved=False)
    hall = Space.objects.filter(name="悦丰馆").first()
    if hall is None:
        return len(works)
    start, end, quarter = _quarter(timezone.localdate())
    opening = (
        hall.activities.exclude(status="cancelled")
        .filter(starts_at__date__gte=start, starts_at__date__lte=end)
        .order_by("starts_at")
        .first()
    )
    exhibition = writer.upsert(
        Exhibition,
        lookup={"title": f"{start.year}年第{quarter}季度 悦享生活·居民才艺作品展"},
        values={
            "summary": "悦珍阁精选的居民书画、手工和摄影作品，在悦丰馆集中展出。",
            "description": (
                "本季展览由社区文化工作室和居民共同策划，展出书画工作室的新作、"
                "“家园社”旧物改造作品和居民镜头里的社区生活。欢迎邻居们带着家人来看。"
            ),
            "space": hall,
            "starts_on": start,
            "ends_on": end,
            "is_published": True,
        },
        create_values={"opening_activity": opening},
    )
    for position, work in enumerate(works):
        writer.upsert(
            ExhibitionWork,
            lookup={"exhibition": exhibition, "work": work},
            values={"position": position},
        )
    return len(works)


def _next(today: datetime.date, weekday: int) -> datetime.date:
    """The next ``weekday`` (1 = Monday) after today: 1 to 7 days ahead."""
    return today + datetime.timedelta(days=(weekday - today.isoweekday() - 1) % 7 + 1)


# (space, person, weekday, start, hours, purpose, weeks, what staff do)
BOOKINGS = [
    ("悦健室", "resident", 2, "19:00", 1, "下班后和邻居打一局", 1, None),
    ("悦健室", "volunteer", 6, "09:00", 2, "乒乓工作室周六训练", 4, None),
    ("博悦舍", "elder", 3, "14:00", 1, "荧火光亲子阅读：陪孙女看绘本", 1, None),
    ("悦荟区", "resident", 6, "14:00", 2, "邻居小聚：给楼上王阿姨过生日", 1, None),
    ("悦荟区", "leader", 4, "18:00", 2, "“悦公益”志愿者例会", 1, "confirm"),
    ("悦享堂", "elder", 5, "14:00", 1, "老姐妹合唱排练", 1, "refuse"),
]


def load_bookings(*, users: dict) -> int:
    """Bookings of the coming days through the booking service; returns how many
    were made this run."""
    spaces = {space.name: space for space in Space.objects.exclude(slug=None)}
    today = timezone.localdate()
    zone = timezone.get_default_timezone()
    made = 0
    for name, person, weekday, start, hours, purpose, weeks, decision in BOOKINGS:
        space, user = spaces.get(name), users[person]
        if space is None or not space.is_bookable:
            continue
        if SpaceBooking.objects.filter(
            space=space, user=user, note=purpose, ends_at__gt=timezone.now()
        ).exists():
            continue
        starts_at = timezone.make_aware(
            datetime.datetime.combine(
                _next(today, weekday), datetime.time.fromisoformat(start)
            ),
            zone,
        )
        try:
            bookings = booking_create(
                space_id=space.pk,
                user=user,
                starts_at=starts_at,
                ends_at=starts_at + datetime.timedelta(hours=hours),
                note=purpose,
                weeks=weeks,
            )
            if decision == "confirm" and space.needs_approval:
                booking_confirm(booking_id=bookings[0].pk, staff=users["staff"])
            elif decision == "refuse" and space.needs_approval:
                booking_refuse(
                    booking_id=bookings[0].pk,
                    staff=users["staff"],
                    reason="当天下午悦享堂有健康课堂，请改约下周。",
                )
        except ServiceError:
            continue
        made += len(bookings)
    return made
