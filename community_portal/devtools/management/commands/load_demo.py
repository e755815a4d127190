"""``manage.py load_demo``: the plan's real content, so a fresh clone is browsable."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from community_portal import versioned_cache
from community_portal.devtools.demo.loader import demo_load

PORTAL_URL = "http://127.0.0.1:8000/"


class Command(BaseCommand):
    help = (
        "Load the demo content (venues, grids, alliances, teams, activities and one "
        "account per role). Safe to run again: it only adds what is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even though DEBUG is off (never on a production database).",
        )
        parser.add_argument(
            "--refresh",
            action="store_true",
            help=(
                "Also put demo rows that were edited back to their demo values, and "
                "reset the demo accounts' passwords."
            ),
        )

    def handle(self, *args, force: bool = False, refresh: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off, so this may be a production database: refusing to load "
                "demo data and demo accounts with a public password. "
                "Run with --force if this really is a demo or test installation."
            )
        try:
            result = demo_load(stdout=self.stdout, refresh=refresh)
        except LookupError as error:
            raise CommandError(str(error)) from error
        # The demo writes in bulk: no cached read may outlive it.
        versioned_cache.forget_everything()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content loaded: {result['created']} created, "
                f"{result['updated']} updated, {result['unchanged']} unchanged."
            )
        )
        width = max(len(username) for username, _role in result["accounts"])
        self.stdout.write("")
        self.stdout.write(f"{'username'.ljust(width)}  {'password'.ljust(10)}  role")
        self.stdout.write(f"{'-' * width}  {'-' * 10}  {'-' * 30}")
        for username, role in result["accounts"]:
            self.stdout.write(
                f"{username.ljust(width)}  {result['password'].ljust(10)}  {role}"
            )
        self.stdout.write("")
        self.stdout.write(
            f"Open {PORTAL_URL} (staff pages and admin: {PORTAL_URL}admin/)"
        )
