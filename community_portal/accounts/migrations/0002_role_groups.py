"""Create the role groups. Their permissions follow in a post_migrate handler
(``accounts.roles.sync_role_permissions``), because permissions exist only then."""

from django.db import migrations

ROLE_GROUPS = ["社区工作人员", "项目负责人", "网格员"]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLE_GROUPS:
        Group.objects.using(schema_editor.connection.alias).get_or_create(name=name)


def delete_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(
        name__in=ROLE_GROUPS
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_user"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
