"""Run a management command at most once per period across every node.

    python manage.py run_once --period 1d send_reminders
    python manage.py run_once --period 1d clearsessions
    python manage.py run_once --period 15m deliver_outbox

Put the same line in every node's crontab: the first node to start it in the period
runs the command, the others print that it already ran and exit 0 (see
community_portal/schedule.py; the claim lives in the shared cache).
"""

from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError

from community_portal.schedule import parse_period, run_once


class Command(BaseCommand):
    help = "Run a management command once per period, whichever node starts it first."

    def add_arguments(self, parser):
        parser.add_argument(
            "--period",
            required=True,
            help="How often at most: 1d, 6h, 15m (periods start at local midnight).",
        )
        parser.add_argument(
            "--name",
            default="",
            help="The claim's name (default: the command's name).",
        )
        parser.add_argument("command", help="The management command to run.")
        parser.add_argument(
            "args", nargs="*", help="Its arguments (after --, if they start with -)."
        )

    def handle(self, *args, **options):
        command = options["command"]
        if command == "run_once" or command not in get_commands():
            raise CommandError(f"Unknown command: {command!r}.")
        name = options["name"] or command
        try:
            period = parse_period(options["period"])
        except (ImproperlyConfigured, ValueError) as error:
            raise CommandError(str(error)) from None
        with run_once(name, period) as mine:
            if not mine:
                self.stdout.write(
                    f"{name}: already run in this period (another node); skipped."
                )
                return
            self.stdout.write(f"{name}: running.")
            call_command(command, *args, stdout=self.stdout, stderr=self.stderr)
