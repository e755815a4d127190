"""``manage.py backup``: one archive of the database and the uploaded media."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from community_portal.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Write one timestamped archive (portal-YYYYMMDD-HHMMSS.tar.gz) holding the "
        "database, the media files and a manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            type=Path,
            default=Path(
                getattr(settings, "BACKUP_DIR", settings.BASE_DIR / "backups")
            ),
            help="Folder for the archive (default: %(default)s).",
        )
        parser.add_argument(
            "--database", default="default", help="Database alias (default: default)."
        )

    def handle(self, *args, **options):
        try:
            archive = backup_create(
                output_dir=options["output_dir"], using=options["database"]
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Backup written: {archive}"))
