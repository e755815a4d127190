from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "community_portal"
    label = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_login_failed

        from . import checks  # noqa: F401 - registers the deployment checks
        from .images import delete_image_files
        from .security import count_login_failure

        # Every model: a deleted row's processed images leave storage with it.
        post_delete.connect(delete_image_files, dispatch_uid="portal_delete_images")
        user_login_failed.connect(
            count_login_failure, dispatch_uid="portal_count_login_failure"
        )
