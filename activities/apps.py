from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("Activity")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from community_portal.notices.signals import notice_delivered

        from .models import Activity
        from .month_cache import activity_changed
        from .services.reminders import reminder_delivered

        # Any write to an activity draws the month calendar afresh.
        for signal in (post_save, post_delete):
            signal.connect(activity_changed, sender=Activity, dispatch_uid="calendar")

        # A reminder counts as sent once the outbox delivered it.
        notice_delivered.connect(reminder_delivered, dispatch_uid="reminder_delivered")
