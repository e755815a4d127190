"""Admin of the portal's users.

Superusers create users and assign the role groups (community staff, team leader, grid
worker). Community staff hold only ``view_user`` through their group: they can look
people up (and pick them as team leaders) but not change anyone's access.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from community_portal.admin import PortalAdminMixin, name_list
from community_portal.permissions import Role

from .models import Household, HouseholdMember, User


@admin.register(User)
class UserAdmin(PortalAdminMixin, DjangoUserAdmin):
    list_display = [
        "username",
        "name",
        "phone",
        "building",
        "role_list",
        "is_staff",
        "is_active",
        "date_joined",
    ]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups", "building__grid"]
    list_select_related = ["building"]
    search_fields = ["username", "name", "phone", "email"]
    ordering = ["username"]
    autocomplete_fields = ["building"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (
            _("Personal information"),
            {
                "fields": [
                    "name",
                    "phone",
                    "email",
                    "birth_year",
                    "birth_month",
                    "building",
                ]
            },
        ),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["username", "name", "phone", "password1", "password2"],
            },
        ),
    ]
    filter_horizontal = ["groups"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("building")
            .prefetch_related("groups")
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            # Only a superuser may make another one.
            readonly.append("is_superuser")
        return readonly

    @admin.display(description=_("Roles"))
    def role_list(self, obj):
        # Group names are stored in Chinese; show the role's translated label.
        return name_list(
            Role(group.name).label if group.name in Role.values else group.name
            for group in obj.groups.all()
        )


class HouseholdMemberInline(PortalAdminMixin, admin.TabularInline):
    model = HouseholdMember
    extra = 0
    fields = ["name", "birth_year", "birth_month", "relation", "user", "is_manager"]
    autocomplete_fields = ["user"]


@admin.register(Household)
class HouseholdAdmin(PortalAdminMixin, admin.ModelAdmin):
    """Households (户) at their address, with their members: staff add a second
    adult (an account) or link an elder's own account here."""

    list_display = ["__str__", "building", "room", "member_count", "created_at"]
    list_filter = ["building__grid"]
    search_fields = ["room", "members__name", "members__user__username"]
    autocomplete_fields = ["building"]
    inlines = [HouseholdMemberInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("building")
            .annotate(member_total=Count("members"))
        )

    @admin.display(description=_("Members"), ordering="member_total")
    def member_count(self, obj):
        return obj.member_total
