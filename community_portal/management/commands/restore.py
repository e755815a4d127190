"""``manage.py restore ARCHIVE``: bring a backup back into an empty database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from community_portal.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore the database and the media files from an archive written by "
        "`manage.py backup`. The target database must be empty (a new database, or "
        "one that only went through `migrate`); --force replaces what is there."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The .tar.gz archive.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the data already in the target database and MEDIA_ROOT.",
        )
        parser.add_argument(
            "--database", default="default", help="Database alias (default: default)."
        )

    def handle(self, *args, **options):
        try:
            result = backup_restore(
                archive=options["archive"],
                force=options["force"],
                using=options["database"],
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = result.manifest
        rows = sum(manifest["row_counts"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup of {manifest['created_at']}: {rows} rows in "
                f"{len(manifest['row_counts'])} tables, {result.media_files} media files."
            )
        )
        if result.unapplied_migrations:
            self.stdout.write(
                self.style.WARNING(
                    "The code has migrations the backup predates; run "
                    "`manage.py migrate` next: "
                    + ", ".join(result.unapplied_migrations)
                )
            )
