"""Queue tomorrow's reminders (run once a day, for example at 18:00 from cron);
the outbox sends them (the worker, and `deliver_outbox` for retries).

Running it again, or twice at once, reminds nobody twice.
"""

from django.core.management.base import BaseCommand

from activities.services import reminders_send


class Command(BaseCommand):
    help = "Remind everyone with a confirmed seat at an activity tomorrow."

    def handle(self, *args, **options):
        count = reminders_send()
        self.stdout.write(f"Reminders queued: {count}")
