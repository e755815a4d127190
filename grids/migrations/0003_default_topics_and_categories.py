"""The visit topics and issue categories the plan names; staff add others in the admin."""

from django.db import migrations

# Content, hence Chinese.
VISIT_TOPICS = ["养老关爱", "家庭矛盾", "安全", "环境", "意见建议", "其他"]
ISSUE_CATEGORIES = ["安全隐患", "环境卫生", "矛盾纠纷", "垃圾分类", "设施损坏", "其他"]


def seed(apps, schema_editor):
    for model_name, names in (
        ("VisitTopic", VISIT_TOPICS),
        ("IssueCategory", ISSUE_CATEGORIES),
    ):
        model = apps.get_model("grids", model_name)
        for position, name in enumerate(names, start=1):
            model.objects.get_or_create(name=name, defaults={"position": position})


def unseed(apps, schema_editor):
    # Only rows nothing refers to: a topic already used by a log stays.
    for model_name, names, related in (
        ("VisitTopic", VISIT_TOPICS, "visit_logs"),
        ("IssueCategory", ISSUE_CATEGORIES, "reports"),
    ):
        model = apps.get_model("grids", model_name)
        model.objects.filter(name__in=names, **{f"{related}__isnull": True}).delete()


class Migration(migrations.Migration):
    dependencies = [("grids", "0002_grid_work_logs_reports_checks")]

    operations = [migrations.RunPython(seed, unseed)]
