from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GridsConfig(AppConfig):
    name = "grids"
    verbose_name = _("Culture grids")

    def ready(self):
        from community_portal.private_media import register_private_photo
        from grids.selectors import issue_photo_get, visit_log_photo_get

        # Photos of grid work: for staff and the grid's workers only.
        register_private_photo("visit", visit_log_photo_get)
        register_private_photo("issue", issue_photo_get)
