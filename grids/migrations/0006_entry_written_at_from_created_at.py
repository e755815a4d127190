"""Entries saved before the phone's outbox existed were written when they arrived."""

from django.db import migrations
from django.db.models import F

MODELS = ("VisitLog", "IssueReport", "SortingCheck")


def copy_created_at(apps, schema_editor):
    for name in MODELS:
        apps.get_model("grids", name).objects.update(written_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [("grids", "0005_entry_written_at")]

    operations = [migrations.RunPython(copy_created_at, migrations.RunPython.noop)]
