from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VenuesConfig(AppConfig):
    name = "venues"
    verbose_name = _("Venues and alliances")

    def ready(self):
        from community_portal.private_media import register_private_photo
        from venues.selectors import matter_photo_get

        # A matter's photos follow the matter: hidden ones for staff and the author.
        register_private_photo("matter", matter_photo_get)
