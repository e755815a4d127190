"""What the activities admin classes share: staff-only actions, read-only lists."""

from community_portal.permissions import is_community_staff


class StaffActionMixin:
    """Actions with ``allowed_permissions = ["staff"]``: community staff only (the
    services check it again)."""

    def has_staff_permission(self, request) -> bool:
        return is_community_staff(request.user)


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
