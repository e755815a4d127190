import django.utils.timezone
from django.db import migrations, models

import community_portal.images
import community_portal.models


class Migration(migrations.Migration):
    """Service request photos on the shared photo base: timestamps, the upload
    directory from ``UPLOAD_DIR`` (still services/)."""

    dependencies = [
        ("volunteers", "0003_service_categories_seasons_points_rate"),
    ]

    operations = [
        migrations.AddField(
            model_name="servicerequestphoto",
            name="created_at",
            field=models.DateTimeField(
                auto_now_add=True,
                default=django.utils.timezone.now,
                verbose_name="Created",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="servicerequestphoto",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="Updated"),
        ),
        migrations.AlterField(
            model_name="servicerequestphoto",
            name="image",
            field=community_portal.images.ProcessedImageField(
                upload_to=community_portal.models.photo_upload_to,
                verbose_name="Photo",
            ),
        ),
    ]
