"""The subdistrict's five central-work campaigns (中心工作), a fixed tag set."""

from django.db import migrations

CAMPAIGNS = [
    ("civilization", "文明创建"),
    ("safety", "平安建设"),
    ("garbage-sorting", "垃圾分类"),
    ("five-water", "五水共治"),
    ("anti-crime", "扫黑除恶"),
]


def create_campaigns(apps, schema_editor):
    Campaign = apps.get_model("activities", "Campaign")
    for position, (slug, name) in enumerate(CAMPAIGNS, start=1):
        Campaign.objects.using(schema_editor.connection.alias).update_or_create(
            slug=slug, defaults={"name": name, "position": position}
        )


def delete_campaigns(apps, schema_editor):
    Campaign = apps.get_model("activities", "Campaign")
    Campaign.objects.using(schema_editor.connection.alias).filter(
        slug__in=[slug for slug, _name in CAMPAIGNS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_activities")]

    operations = [migrations.RunPython(create_campaigns, delete_campaigns)]
