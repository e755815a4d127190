from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("Activity")

    def ready(self) -> None:
        from community_portal.notices.signals import notice_delivered

        from .services.reminders import reminder_delivered

        # A reminder counts as sent once the outbox delivered it.
        notice_delivered.connect(reminder_delivered, dispatch_uid="reminder_delivered")
