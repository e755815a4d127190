"""Admin of the central-work campaigns and the activities.

``ActivityAdmin`` is kept plain so that registrations can add their inlines and the
publish/cancel actions (which call ``activities.services``) without reshaping it.
"""

from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from community_portal.admin import PortalAdminMixin, image_preview, name_list

from .models import Activity, Campaign


@admin.register(Campaign)
class CampaignAdmin(PortalAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "position", "activity_count"]
    list_editable = ["position"]
    search_fields = ["name", "slug"]
    ordering = ["position", "id"]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).annotate(_activity_count=Count("activities"))
        )

    @admin.display(description=_("Activities"), ordering="_activity_count")
    def activity_count(self, obj):
        return obj._activity_count


@admin.register(Activity)
class ActivityAdmin(PortalAdminMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "starts_at",
        "ends_at",
        "status",
        "strand",
        "audience",
        "venue",
        "space",
        "team",
        "campaign_list",
        "capacity",
        "preview",
    ]
    list_filter = ["status", "strand", "audience", "venue", "team", "campaigns"]
    list_select_related = ["venue", "space", "team", "alliance"]
    search_fields = ["title", "summary", "location", "team__name"]
    date_hierarchy = "starts_at"
    ordering = ["-starts_at", "-id"]
    autocomplete_fields = ["venue", "space", "team", "alliance", "grid"]
    filter_horizontal = ["campaigns"]
    save_on_top = True
    inlines = []
    fieldsets = [
        (None, {"fields": ["title", "status", "summary", "description", "cover"]}),
        (
            _("When and for whom"),
            {"fields": ["starts_at", "ends_at", "audience", "capacity"]},
        ),
        (_("Where"), {"fields": ["venue", "space", "grid", "location"]}),
        (
            _("Organised by"),
            {"fields": ["strand", "team", "alliance", "campaigns"]},
        ),
    ]

    def get_fieldsets(self, request, obj=None):
        # A field added to the model later is never hidden: it lands under "More".
        fieldsets = list(super().get_fieldsets(request, obj))
        listed = set(flatten_fieldsets(fieldsets))
        rest = [name for name in self.get_fields(request, obj) if name not in listed]
        if rest:
            fieldsets.append((_("More"), {"fields": rest}))
        return fieldsets

    def get_queryset(self, request):
        return super().get_queryset(request).with_related()

    @admin.display(description=_("Central-work campaigns"))
    def campaign_list(self, obj):
        return name_list(obj.campaigns.all())

    @admin.display(description=_("Cover image"))
    def preview(self, obj):
        return image_preview(obj.cover)
