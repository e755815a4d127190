from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("Activity")

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from community_portal.notices.signals import notice_delivered
        from venues.models import Alliance, Programme, Space, Venue
        from volunteers.models import Team

        from . import lower_caches
        from .models import Activity, Campaign, Registration, seats
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

        # The seat counters on each activity, in the registration's transaction.
        post_save.connect(
            seats.registration_saved, sender=Registration, dispatch_uid="seats-saved"
        )
        post_delete.connect(
            seats.registration_deleted,
            sender=Registration,
            dispatch_uid="seats-deleted",
        )

        # The grids' cached household participation follows check-ins and
        # campaigns (``lower_caches``).
        post_save.connect(
            lower_caches.registration_saved,
            sender=Registration,
            dispatch_uid="participation-registration-saved",
        )
        post_delete.connect(
            lower_caches.registration_deleted,
            sender=Registration,
            dispatch_uid="participation-registration-deleted",
        )
        for signal in (post_save, post_delete):
            signal.connect(
                lower_caches.campaigns_changed,
                sender=Campaign,
                dispatch_uid="participation-campaign",
            )
        m2m_changed.connect(
            lower_caches.campaigns_changed,
            sender=Activity.campaigns.through,
            dispatch_uid="participation-activity-campaigns",
        )

        # A reminder counts as sent once the outbox delivered it.
        notice_delivered.connect(reminder_delivered, dispatch_uid="reminder_delivered")
