from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "volunteers"
    verbose_name = _("Teams and volunteers")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from community_portal.private_media import register_private_photo
        from community_portal.versioned_cache import bump_receiver
        from volunteers.models import HoursEntry, SeasonalService, Team
        from volunteers.selectors import service_request_photo_get
        from volunteers.selectors.hub import HOURS_CACHE, SEASONS_CACHE

        # A service's photos: the requester, the team's volunteers and staff.
        register_private_photo("service", service_request_photo_get)

        # The leaderboards' cached sums: every hours entry is written through
        # ``save()``; a deleted team takes its entries' team away (SET_NULL, no signal).
        bump = bump_receiver(HOURS_CACHE)
        for signal in (post_save, post_delete):
            signal.connect(bump, sender=HoursEntry, weak=False)
        post_delete.connect(bump, sender=Team, weak=False)

        # The season cards' cached activities: any activity (reached through the
        # relation, never imported: a higher app) or seasonal service written.
        activity = HoursEntry._meta.get_field("activity").related_model
        bump = bump_receiver(SEASONS_CACHE)
        for signal in (post_save, post_delete):
            signal.connect(bump, sender=activity, weak=False)
            signal.connect(bump, sender=SeasonalService, weak=False)
