"""The role groups in the database and their permissions.

The roles themselves and the checks on them are the kernel's
(``community_portal.permissions``); this module keeps the groups in step.
"""

from community_portal.permissions import Role

# Apps whose content community staff edit in the admin (every model, every action).
STAFF_EDITABLE_APPS = ("venues", "grids", "volunteers", "activities")


def sync_role_permissions(*, using="default", **kwargs) -> None:
    """Give the staff group every permission on the content apps and households,
    and view on users."""
    from django.contrib.auth.models import Group, Permission

    staff, _created = Group.objects.using(using).get_or_create(name=Role.STAFF)
    for role in (Role.TEAM_LEADER, Role.GRID_WORKER):
        Group.objects.using(using).get_or_create(name=role)
    permissions = (
        Permission.objects.using(using).filter(
            content_type__app_label__in=STAFF_EDITABLE_APPS
        )
        | Permission.objects.using(using).filter(
            content_type__app_label="accounts", codename="view_user"
        )
        | Permission.objects.using(using).filter(
            # Households and their members: staff keep the register of them.
            content_type__app_label="accounts",
            content_type__model__in=["household", "householdmember"],
        )
    )
    staff.permissions.add(*permissions)
