"""Seed the service categories residents can order, the plan's four seasonal
services and the first points rate (data; schema in 0002)."""

import datetime

from django.db import migrations

CATEGORIES = [
    ("助老", "陪老人聊天、代买代办、上门探望。"),
    ("便民维修", "修水龙头、换灯泡、修小家电等简单维修。"),
    ("清爽行动", "清理楼道堆物、打扫卫生死角。"),
    ("陪伴就医", "陪同老人或行动不便的居民去医院看病。"),
    ("心理疏导", "倾听烦恼、情绪疏导，必要时联系专业机构。"),
]

SEASONS = [
    (
        "spring",
        3,
        "春季学雷锋志愿服务",
        "学雷锋日前后，志愿者摆摊义务理发、磨剪刀、修小家电、法律咨询。",
        "学雷锋",
    ),
    (
        "summer",
        7,
        "夏季送清凉关爱",
        "为环卫工人、快递小哥、保安送去绿豆汤和防暑药品。",
        "送清凉",
    ),
    (
        "autumn",
        10,
        "秋季慰问老年人",
        "走访高龄、独居老人，送上慰问品，陪老人聊聊天。",
        "慰问老年人",
    ),
    (
        "winter",
        1,
        "冬季困难群体慰问",
        "年前走访困难家庭，送去米油、冬衣和新春祝福。",
        "困难群体慰问",
    ),
]

FIRST_RATE = (datetime.date(2020, 1, 1), 10)


def seed(apps, schema_editor):
    ServiceCategory = apps.get_model("volunteers", "ServiceCategory")
    SeasonalService = apps.get_model("volunteers", "SeasonalService")
    PointsRate = apps.get_model("volunteers", "PointsRate")
    for position, (name, description) in enumerate(CATEGORIES, start=1):
        ServiceCategory.objects.get_or_create(
            name=name, defaults={"description": description, "position": position}
        )
    for position, (season, month, name, description, keyword) in enumerate(
        SEASONS, start=1
    ):
        SeasonalService.objects.get_or_create(
            name=name,
            defaults={
                "season": season,
                "month": month,
                "description": description,
                "activity_keyword": keyword,
                "position": position,
            },
        )
    valid_from, points = FIRST_RATE
    PointsRate.objects.get_or_create(
        valid_from=valid_from, defaults={"points_per_hour": points}
    )


def unseed(apps, schema_editor):
    apps.get_model("volunteers", "ServiceCategory").objects.filter(
        name__in=[name for name, _description in CATEGORIES], requests__isnull=True
    ).delete()
    apps.get_model("volunteers", "SeasonalService").objects.filter(
        name__in=[season[2] for season in SEASONS]
    ).delete()
    apps.get_model("volunteers", "PointsRate").objects.filter(
        valid_from=FIRST_RATE[0]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("volunteers", "0002_volunteers_hours_points_shop_services")]

    operations = [migrations.RunPython(seed, unseed)]
