from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "volunteers"
    verbose_name = _("Teams and volunteers")

    def ready(self):
        from community_portal.private_media import register_private_photo
        from volunteers.selectors import service_request_photo_get

        # A service's photos: the requester, the team's volunteers and staff.
        register_private_photo("service", service_request_photo_get)
