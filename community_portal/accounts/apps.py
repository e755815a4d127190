from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "community_portal.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        from .roles import sync_role_permissions

        # Permissions are created app by app after migrate, so the role groups (made
        # by a data migration) receive theirs after each app's; idempotent.
        post_migrate.connect(
            sync_role_permissions, dispatch_uid="sync_role_permissions"
        )
