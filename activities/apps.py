from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("Activity")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from community_portal.notices.signals import notice_delivered
        from venues.models import Alliance, Programme, Space, Venue
        from volunteers.models import Team

        from .models import Activity, Campaign
        from .month_cache import activity_changed, place_changed
        from .services.reminders import reminder_delivered

        # Any write to an activity draws the month calendar afresh.
        for signal in (post_save, post_delete):
            signal.connect(activity_changed, sender=Activity, dispatch_uid="calendar")
            # The cached short lists (filter choices, the places of the cards, the
            # home's plan) follow every write to what they list.
            for model in (Campaign, Venue, Space, Team, Alliance, Programme):
                signal.connect(
                    place_changed, sender=model, dispatch_uid=f"places-{model.__name__}"
                )

        # A reminder counts as sent once the outbox delivered it.
        notice_delivered.connect(reminder_delivered, dispatch_uid="reminder_delivered")
