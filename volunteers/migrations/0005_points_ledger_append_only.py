import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from community_portal.dbguards import ForbidDeletion


class Migration(migrations.Migration):
    """The points ledger is append-only in the database too: no foreign key changes
    or removes its rows (the writer is protected like the volunteer, the hours and
    the redemption), and on PostgreSQL a trigger refuses every DELETE."""

    dependencies = [
        ("volunteers", "0004_photo_base"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="pointsentry",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="Written by",
            ),
        ),
        ForbidDeletion(table="volunteers_pointsentry"),
    ]
