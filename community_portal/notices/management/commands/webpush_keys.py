"""Print a new VAPID key pair for web push, as the settings want it.

Put both lines into the environment (or .env) once; a new pair later makes every
browser subscribe again.
"""

from django.core.management.base import BaseCommand

from community_portal.notices.push import vapid_key_pair


class Command(BaseCommand):
    help = "Print a new VAPID key pair for web push (WEBPUSH_VAPID_* settings)."

    def handle(self, *args, **options):
        private, public = vapid_key_pair()
        self.stdout.write(f"WEBPUSH_VAPID_PUBLIC_KEY={public}")
        self.stdout.write(f"WEBPUSH_VAPID_PRIVATE_KEY={private}")
