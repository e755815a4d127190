from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GridsConfig(AppConfig):
    name = "grids"
    verbose_name = _("Culture grids")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from community_portal.private_media import register_private_photo
        from community_portal.versioned_cache import bump_receiver
        from grids.models import SortingCheck
        from grids.selectors import SORTING_CACHE, issue_photo_get, visit_log_photo_get

        # Photos of grid work: for staff and the grid's workers only.
        register_private_photo("visit", visit_log_photo_get)
        register_private_photo("issue", issue_photo_get)

        # The cached sums of the sorting checks (grids list, a grid's page) go stale
        # with every check saved or deleted (checks are written through ``save()``).
        bump = bump_receiver(SORTING_CACHE)
        for signal in (post_save, post_delete):
            signal.connect(bump, sender=SortingCheck, weak=False)
