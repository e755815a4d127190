"""The demo's selections with public voting (幸福邻里“家”年华's contests):
最美家庭 in 公示 with its results and an objection, 最美庭院 with voting open,
candidates and votes, and 舌尖上的巧手厨艺大比拼 taking nominations.

A selection's phase follows from its dates, so these dates are laid out around the
day the demo is first loaded (kept on later runs; ``--refresh`` lays them out
around today again). Votes are cast through ``venues.services.vote_cast`` on the
days of the voting period, once, when the selection has none yet."""

import contextlib
import datetime
import itertools
import uuid

from django.utils import timezone

from community_portal.errors import ServiceError
from grids.models import Building
from venues.models import Nomination, NominationPhoto, Objection, Selection
from venues.services import vote_cast

from .writer import Writer

# (slug, title, summary, description, offsets of the five dates from today, rule).
SELECTIONS = [
    (
        "most-beautiful-family",
        "最美家庭",
        "孝老爱亲、邻里和睦、热心公益的好家庭，由居民推荐、投票评选。",
        "评选标准：家风家训好、邻里关系好、参与社区公益多。每位居民每天可为每个候选家庭投一票。"
        "公示期内如有异议，请在本页提出，社区工作人员会核实处理。",
        (-30, -21, -18, -5, 9),
        {"vote_rule": "daily", "winner_count": 3},
    ),
    (
        "most-beautiful-courtyard",
        "最美庭院",
        "干净整洁、绿意盎然的庭院和楼道，晒出您家的小花园。",
        "评选标准：整洁、美观、有特色，践行垃圾分类。本轮每位居民共有 3 票，每个庭院最多投 1 票。",
        (-20, -8, -5, 9, 20),
        {"vote_rule": "round", "votes_per_round": 3, "winner_count": 3},
    ),
    (
        "cooking-contest",
        "舌尖上的XX巧手厨艺大比拼",
        "拿出您的拿手菜！报名参赛，现场品鉴，居民投票选出巧手厨神。",
        "报名时请上传一张菜品照片，写几句这道菜的故事。评选分家常菜、面点、创意菜。",
        (-3, 10, 13, 20, 30),
        {"vote_rule": "daily", "winner_count": 3},
    ),
]

# slug → (nominee name, building, nominated by, is self, story, colour, motif, status,
# the votes it is to get).
NOMINATIONS = {
    "most-beautiful-family": [
        (
            "22幢 周桂英家",
            22,
            "elder",
            True,
            "四世同堂，周奶奶八十多岁还每天给楼道里的花浇水；儿孙轮流陪老人散步，家风“和为贵”。",
            "#c0392b",
            "hearts",
            "approved",
            52,
        ),
        (
            "5幢 张小明家",
            5,
            "resident",
            True,
            "夫妻俩都是“悦公益”志愿者，孩子参加“一个孩子带动一户家庭”的垃圾分类宣传。",
            "#e67e22",
            "hands",
            "approved",
            41,
        ),
        (
            "25幢 陈志远家",
            25,
            "volunteer",
            True,
            "陈家三代人义务为邻居修小家电十余年，家训“与人方便，自己方便”。",
            "#2e86c1",
            "sun",
            "approved",
            33,
        ),
        (
            "12幢 刘家",
            12,
            "resident",
            False,
            "刘阿姨照顾瘫痪的婆婆二十年，从无怨言，是楼里公认的孝顺媳妇。",
            "#16a085",
            "leaves",
            "approved",
            20,
        ),
    ],
    "most-beautiful-courtyard": [
        (
            "3幢 一楼王家小院",
            3,
            "resident",
            False,
            "月季、绣球、葡萄架，王大爷把一楼小院打理成了邻居们的“后花园”。",
            "#16a085",
            "leaves",
            "approved",
            5,
        ),
        (
            "22幢 周奶奶的阳台花园",
            22,
            "elder",
            True,
            "三十多盆花草全靠废旧瓶罐改造的花盆，既好看又环保。",
            "#c0392b",
            "recycle",
            "approved",
            4,
        ),
        (
            "17幢 楼道绿植角",
            17,
            "volunteer",
            False,
            "17幢的居民一起认领楼道绿植，每周轮流浇水，楼道干净又清香。",
            "#2e86c1",
            "buildings",
            "approved",
            3,
        ),
        (
            "8幢 李家菜园",
            8,
            "resident",
            False,
            "小院里种了青菜和番茄，收获了就分给邻居。",
            "#e67e22",
            "sun",
            "pending",
            0,
        ),
    ],
    "cooking-contest": [
        (
            "5幢 张小明（宁波汤圆）",
            5,
            "resident",
            True,
            "外婆传下来的猪油黑芝麻汤圆，每年元宵都做给楼里的老人吃。",
            "#e67e22",
            "moon",
            "approved",
            0,
        ),
        (
            "22幢 周桂英（雪菜大汤黄鱼）",
            22,
            "elder",
            True,
            "地道的宁波老味道，做了六十年。",
            "#c0392b",
            "waves",
            "pending",
            0,
        ),
    ],
}

VOTERS = ["resident", "volunteer", "elder", "leader", "gridworker", "staff"]


def _dates(offsets: tuple[int, ...], today: datetime.date) -> dict:
    names = (
        "nominations_open",
        "nominations_close",
        "voting_open",
        "voting_close",
        "notice_until",
    )
    return {
        name: today + datetime.timedelta(days=offset)
        for name, offset in zip(names, offsets, strict=True)
    }


def _at_noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(12)),
        timezone.get_default_timezone(),
    )


def _cast_votes(selection: Selection, wanted: dict[int, int], users: dict) -> None:
    """Each candidate's votes from the demo accounts, one per account and day,
    through the service, on the days of the voting period up to today."""
    last = min(selection.voting_close, timezone.localdate())
    days = [
        selection.voting_open + datetime.timedelta(days=offset)
        for offset in range((last - selection.voting_open).days + 1)
    ]
    for nomination_id, count in wanted.items():
        cast = 0
        for day, username in itertools.product(days, VOTERS):
            if cast >= count:
                break
            with contextlib.suppress(ServiceError):
                vote_cast(
                    nomination_id=nomination_id, user=users[username], now=_at_noon(day)
                )
                cast += 1


def load_selections(writer: Writer, *, users: dict) -> int:
    today = timezone.localdate()
    made = 0
    for slug, title, summary, description, offsets, rule in SELECTIONS:
        selection = writer.upsert(
            Selection,
            lookup={"slug": slug},
            values={
                "title": title,
                "summary": summary,
                "description": description,
                "is_published": True,
                "photo_required": True,
                **_dates(offsets, today),
                **rule,
            },
        )
        wanted = {}
        for position, row in enumerate(NOMINATIONS[slug]):
            name, building, by, is_self, story, colour, motif, status, votes = row
            building = Building.objects.filter(number=building).first()
            nomination = writer.upsert(
                Nomination,
                lookup={"selection": selection, "nominee_name": name},
                values={
                    "nominated_by": users[by],
                    "is_self": is_self,
                    "building": building,
                    "grid_id": building.grid_id if building else None,
                    "story": story,
                    "status": status,
                    "decided_by": users["staff"] if status != "pending" else None,
                },
                create_values={"submission_key": uuid.uuid4()},
            )
            writer.upsert(
                NominationPhoto,
                lookup={"nomination": nomination, "position": 0},
                images={
                    "image": writer.picture(
                        colour=colour,
                        motif=motif,
                        seed=name,
                        name=f"selection-{slug}-{position}",
                    )
                },
            )
            if votes:
                wanted[nomination.pk] = votes
            made += 1
        if wanted and not selection.votes.exists():
            _cast_votes(selection, wanted, users)
    family = Selection.objects.filter(slug="most-beautiful-family").first()
    if family is not None and not family.objections.exists():
        Objection.objects.create(
            selection=family,
            nomination=family.nominations.filter(nominee_name="25幢 陈志远家").first(),
            author=users["resident"],
            text="听说有人替不在家的邻居投票，请工作人员核实一下。",
        )
    return made
