"""Step 2: the residents, one grid worker per grid among them."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from community_portal.permissions import Role
from grids.models import Grid

from .base import (
    BATCH_SIZE,
    RESIDENT_PASSWORD,
    USER_PREFIX,
    Context,
    flush,
    has_field,
    target,
)

SURNAMES = "张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦傅方邹熊孟秦邱江尹薛阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文辉力宁鑫斌波宇浩凯健俊帆帅旭晨阳佳欣怡梓涵子轩浩然雨萱一诺皓轩思彤梦琪"


def step_residents(ctx: Context) -> str:

    User = get_user_model()
    count = target("residents", scale=ctx.scale)
    rng = ctx.rng
    password = make_password(RESIDENT_PASSWORD)  # once: hashing is the slow part
    with_building = has_field(User, "building") and bool(ctx.building_ids)
    offset = User.objects.filter(username__startswith=USER_PREFIX).count()
    rows, created = [], []
    for index in range(offset, offset + count):
        user = User(
            username=f"{USER_PREFIX}{index:06d}",
            name=rng.choice(SURNAMES)
            + "".join(rng.choices(GIVEN, k=rng.choice((1, 2)))),
            phone=f"1{rng.choice('3578')}{rng.randrange(10**9):09d}",
            birth_year=rng.randint(1930, 2012),
            password=password,
            date_joined=ctx.now - datetime.timedelta(days=rng.randrange(3 * 365)),
        )
        if with_building:
            user.building_id = rng.choice(ctx.building_ids)
        rows.append(user)
        if len(rows) >= BATCH_SIZE:
            created += flush(User, rows)
    created += flush(User, rows)
    ctx.user_ids = [user.pk for user in created]
    if None in ctx.user_ids:  # a backend that does not return ids from bulk inserts
        ctx.user_ids = list(
            User.objects.filter(username__startswith=USER_PREFIX)
            .order_by("-id")
            .values_list("id", flat=True)[:count]
        )

    # One grid worker per grid, drawn from the new residents.
    workers = list(zip(ctx.grid_ids, ctx.user_ids, strict=False))
    ctx.grid_workers = dict(workers)
    if workers:
        Grid.workers.through.objects.bulk_create(
            [Grid.workers.through(grid_id=g, user_id=u) for g, u in workers]
        )
        group = Group.objects.filter(name=Role.GRID_WORKER).first()
        if group:
            User.groups.through.objects.bulk_create(
                [User.groups.through(group_id=group.pk, user_id=u) for _g, u in workers]
            )
    return f"{len(ctx.user_ids)} residents ({len(workers)} of them grid workers)"
