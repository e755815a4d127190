"""Photos of this app that are private move from MEDIA_ROOT to the private storage
(with their thumbnails). Safe to run again: files already moved stay where they are."""

from django.db import migrations

from community_portal.private_media import move_photo_files

MODELS = ["MatterPhoto"]


def _names(apps):
    for name in MODELS:
        model = apps.get_model("venues", name)
        yield from model.objects.values_list("image", flat=True).iterator()


def to_private(apps, schema_editor):
    move_photo_files(_names(apps), to_private=True)


def to_public(apps, schema_editor):
    move_photo_files(_names(apps), to_private=False)


class Migration(migrations.Migration):
    dependencies = [
        ("venues", "0007_i15p_private_photos"),
    ]

    operations = [migrations.RunPython(to_private, to_public, elidable=True)]
