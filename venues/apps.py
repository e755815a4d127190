from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VenuesConfig(AppConfig):
    name = "venues"
    verbose_name = _("Venues and alliances")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from community_portal.private_media import register_private_photo
        from community_portal.versioned_cache import bump_receiver
        from grids.selectors import GRID_WINNERS_CACHE
        from venues.models import Matter, Nomination, Selection, Vote
        from venues.selectors import matter_photo_get
        from venues.selectors.places import MATTER_STATS_CACHE

        # A matter's photos follow the matter: hidden ones for staff and the author.
        register_private_photo("matter", matter_photo_get)

        # The matter board's cached figures: every matter is written through
        # ``save()`` (raised, answered, resolved, hidden, shown, deleted).
        bump = bump_receiver(MATTER_STATS_CACHE)
        for signal in (post_save, post_delete):
            signal.connect(bump, sender=Matter, weak=False)

        # The winners on a grid's page (cached by the grids app, a lower layer):
        # a vote is a row of its own (its count an ``F()`` update beside it).
        bump_winners = bump_receiver(GRID_WINNERS_CACHE)
        for model in (Selection, Nomination, Vote):
            for signal in (post_save, post_delete):
                signal.connect(bump_winners, sender=model, weak=False)
