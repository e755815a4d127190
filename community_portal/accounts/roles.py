"""The portal's roles. Residents are plain users; the others are Django groups."""

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class Role(TextChoices):
    # The values are the group names stored in the database (content, hence Chinese).
    STAFF = "社区工作人员", _("Community staff")
    TEAM_LEADER = "项目负责人", _("Team leader")
    GRID_WORKER = "网格员", _("Grid worker")


# Apps whose content community staff edit in the admin (every model, every action).
STAFF_EDITABLE_APPS = ("venues", "grids", "volunteers", "activities")


def sync_role_permissions(*, using="default", **kwargs) -> None:
    """Give the staff group every permission on the content apps, and view on users."""
    from django.contrib.auth.models import Group, Permission

    staff, _created = Group.objects.using(using).get_or_create(name=Role.STAFF)
    for role in (Role.TEAM_LEADER, Role.GRID_WORKER):
        Group.objects.using(using).get_or_create(name=role)
    permissions = Permission.objects.using(using).filter(
        content_type__app_label__in=STAFF_EDITABLE_APPS
    ) | Permission.objects.using(using).filter(
        content_type__app_label="accounts", codename="view_user"
    )
    staff.permissions.add(*permissions)


def user_has_role(user, role: Role) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return any(group.name == role for group in user.groups.all())


def is_community_staff(user) -> bool:
    return user_has_role(user, Role.STAFF)
