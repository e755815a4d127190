"""The matter timeline is append-only: on PostgreSQL a trigger refuses DELETE."""

from django.db import migrations

from community_portal.dbguards import ForbidDeletion


class Migration(migrations.Migration):
    dependencies = [("venues", "0003_photo_base")]

    operations = [ForbidDeletion(table="venues_matterevent")]
