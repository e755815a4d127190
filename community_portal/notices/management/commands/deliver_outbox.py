"""Send every outbox message that is due (new, or a retry whose backoff is over).

Run it every few minutes (systemd timer or cron) beside the worker; running it
twice at once sends nothing twice.
"""

from django.core.management.base import BaseCommand

from community_portal.notices.delivery import outbox_deliver_due


class Command(BaseCommand):
    help = "Send the outbox messages that are due."

    def handle(self, *args, **options):
        self.stdout.write(f"Messages sent: {outbox_deliver_due()}")
