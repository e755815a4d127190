"""Admin of the culture grids: the 9 grids with their buildings, stairwell content and
grid workers, the community civility convention and the civility posters; and grid
work: visit topics, issue categories, visit logs, issue reports, sorting checks."""

from django.contrib import admin, messages
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from community_portal.admin import (
    PortalAdminMixin,
    StaffActionMixin,
    image_preview,
    name_list,
)
from community_portal.csv_export import csv_download, days_between, local_minute
from community_portal.errors import ServiceError
from community_portal.permissions import Role

from . import services
from .forms import BuildingAdminForm, GridAdminForm
from .models import (
    Building,
    CivilityPoster,
    ConventionArticle,
    Grid,
    GridContent,
    IssueCategory,
    IssuePhoto,
    IssueReport,
    SortingCheck,
    VisitLog,
    VisitLogPhoto,
    VisitTopic,
)


class BuildingInline(PortalAdminMixin, admin.TabularInline):
    model = Building
    form = BuildingAdminForm
    fields = ["number", "households"]
    extra = 0
    ordering = ["number"]


class GridContentInline(PortalAdminMixin, admin.StackedInline):
    model = GridContent
    fields = ["kind", "title", "body", "image", "is_published", "position"]
    extra = 0
    show_change_link = True
    ordering = ["position", "id"]


@admin.register(Grid)
class GridAdmin(PortalAdminMixin, admin.ModelAdmin):
    form = GridAdminForm
    list_display = [
        "number",
        "theme",
        "theme_meaning",
        "stairwell",
        "building_list",
        "worker_list",
        "content_count",
        "preview",
    ]
    list_display_links = ["number", "theme"]
    search_fields = ["=number", "theme", "theme_meaning", "stairwell", "slogan"]
    ordering = ["number"]
    filter_horizontal = ["workers"]
    inlines = [BuildingInline, GridContentInline]
    save_on_top = True

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(_content_count=Count("contents"))
            .prefetch_related("buildings", "workers")
        )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "workers":
            # Only people holding the grid-worker role; the full resident list would
            # be thousands of names long.
            kwargs["queryset"] = db_field.remote_field.model.objects.filter(
                groups__name=Role.GRID_WORKER, is_active=True
            ).order_by("name")
            kwargs["help_text"] = _(
                "Only active users with the grid worker role are listed."
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("Buildings"))
    def building_list(self, obj):
        return name_list(obj.buildings.all())

    @admin.display(description=_("Grid workers"))
    def worker_list(self, obj):
        return name_list(obj.workers.all())

    @admin.display(description=_("Stairwell contents"), ordering="_content_count")
    def content_count(self, obj):
        return obj._content_count

    @admin.display(description=_("Cover image"))
    def preview(self, obj):
        return image_preview(obj.cover)


@admin.register(Building)
class BuildingAdmin(PortalAdminMixin, admin.ModelAdmin):
    form = BuildingAdminForm
    list_display = ["__str__", "grid", "households"]
    list_filter = ["grid"]
    list_select_related = ["grid"]
    search_fields = ["=number", "grid__theme"]
    ordering = ["number"]
    autocomplete_fields = ["grid"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("grid")


@admin.register(GridContent)
class GridContentAdmin(PortalAdminMixin, admin.ModelAdmin):
    list_display = ["title", "grid", "kind", "is_published", "position", "preview"]
    list_filter = ["grid", "kind", "is_published"]
    list_select_related = ["grid"]
    search_fields = ["title", "body", "grid__theme"]
    ordering = ["grid__number", "position", "id"]
    autocomplete_fields = ["grid"]
    save_on_top = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("grid")

    @admin.display(description=_("Image"))
    def preview(self, obj):
        return image_preview(obj.image)


@admin.register(ConventionArticle)
class ConventionArticleAdmin(PortalAdminMixin, admin.ModelAdmin):
    list_display = ["number", "text"]
    list_display_links = ["number"]
    list_editable = ["text"]
    search_fields = ["text"]
    ordering = ["number"]


@admin.register(CivilityPoster)
class CivilityPosterAdmin(PortalAdminMixin, admin.ModelAdmin):
    list_display = ["preview", "title", "shown_in", "is_published", "position"]
    list_display_links = ["preview", "title"]
    list_editable = ["is_published", "position"]
    list_filter = ["is_published", "grid"]
    list_select_related = ["grid"]
    search_fields = ["title"]
    ordering = ["position", "id"]
    autocomplete_fields = ["grid"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("grid")

    @admin.display(description=_("Image"))
    def preview(self, obj):
        return image_preview(obj.image)

    @admin.display(description=_("Shown in"), ordering="grid__number")
    def shown_in(self, obj):
        return obj.grid if obj.grid_id else _("Every grid")


# --- Grid work ---------------------------------------------------------------------------


@admin.register(VisitTopic)
class VisitTopicAdmin(PortalAdminMixin, admin.ModelAdmin):
    list_display = ["name", "position", "is_active"]
    list_editable = ["position", "is_active"]
    search_fields = ["name"]
    ordering = ["position", "id"]


@admin.register(IssueCategory)
class IssueCategoryAdmin(PortalAdminMixin, admin.ModelAdmin):
    list_display = ["name", "position", "is_active"]
    list_editable = ["position", "is_active"]
    search_fields = ["name"]
    ordering = ["position", "id"]


class GridEntryAdmin(PortalAdminMixin, admin.ModelAdmin):
    """Entries come from grid workers' phones; staff correct them here. The grid
    always follows the building."""

    readonly_fields = ["grid", "created_at", "updated_at"]
    list_select_related = ["grid", "building", "author"]
    autocomplete_fields = ["building", "author"]
    list_filter = ["grid"]
    save_on_top = True

    def save_model(self, request, obj, form, change):
        obj.grid_id = obj.building.grid_id
        super().save_model(request, obj, form, change)


class VisitLogPhotoInline(PortalAdminMixin, admin.TabularInline):
    model = VisitLogPhoto
    fields = ["preview", "image", "position"]
    readonly_fields = ["preview"]
    extra = 0
    max_num = 6

    @admin.display(description=_("Preview"))
    def preview(self, obj):
        return image_preview(obj.image, size=100)


@admin.register(VisitLog)
class VisitLogAdmin(GridEntryAdmin):
    list_display = ["visited_on", "grid", "building", "unit", "topic", "author"]
    list_filter = ["grid", "topic", "visited_on"]
    list_select_related = ["grid", "building", "author", "topic"]
    search_fields = ["notes", "unit", "author__name", "=building__number"]
    date_hierarchy = "visited_on"
    fields = ["building", "grid", "unit", "topic", "visited_on", "notes", "author"]
    inlines = [VisitLogPhotoInline]


class IssuePhotoInline(VisitLogPhotoInline):
    model = IssuePhoto


@admin.register(IssueReport)
class IssueReportAdmin(StaffActionMixin, GridEntryAdmin):
    list_display = [
        "created_at",
        "grid",
        "building",
        "category",
        "urgency",
        "status",
        "author",
        "assignee",
    ]
    list_filter = ["status", "urgency", "grid", "category"]
    list_select_related = ["grid", "building", "author", "category", "assignee"]
    search_fields = ["description", "author__name", "=building__number"]
    autocomplete_fields = ["building", "author", "assignee"]
    date_hierarchy = "created_at"
    fields = [
        "building",
        "grid",
        "category",
        "urgency",
        "description",
        "author",
        "status",
        "assignee",
        "assigned_at",
        "resolved_at",
        "resolution",
    ]
    readonly_fields = [
        "grid",
        "status",
        "assigned_at",
        "resolved_at",
        "created_at",
        "updated_at",
    ]
    inlines = [IssuePhotoInline]
    actions = ["assign_to_me", "export_csv"]

    @admin.action(
        description=_("Export the selected issue reports to CSV"),
        permissions=["staff"],
    )
    def export_csv(self, request, queryset):
        rows = (
            [
                report.pk,
                local_minute(report.created_at),
                report.grid.number,
                report.grid.theme,
                report.building.number,
                report.category.name,
                report.get_urgency_display(),
                report.get_status_display(),
                report.author.name,
                report.assignee.name if report.assignee_id else "",
                local_minute(report.assigned_at),
                local_minute(report.resolved_at),
                days_between(report.created_at, report.resolved_at),
                report.description,
                report.resolution,
            ]
            for report in queryset.select_related(
                "grid", "building", "category", "author", "assignee"
            ).order_by("created_at", "pk")
        )
        header = [
            gettext("Report number"),
            gettext("Reported at"),
            gettext("Grid"),
            gettext("Grid theme"),
            gettext("Building"),
            gettext("Issue category"),
            gettext("Urgency"),
            gettext("Status"),
            gettext("Grid worker"),
            gettext("Assigned to"),
            gettext("Assigned at"),
            gettext("Resolved at"),
            gettext("Days to resolve"),
            gettext("Description"),
            gettext("How it was resolved"),
        ]
        return csv_download(
            f"issue-reports-{timezone.localdate():%Y%m%d}.csv", header, rows
        )

    @admin.action(description=_("Assign the selected issues to me"))
    def assign_to_me(self, request, queryset):
        done = 0
        for report in queryset.exclude(status=IssueReport.Status.RESOLVED):
            try:
                services.issue_report_assign(
                    report_id=report.pk, assignee=request.user, by_user=request.user
                )
            except ServiceError as error:
                self.message_user(
                    request, f"{report}: {error.message}", messages.WARNING
                )
            else:
                done += 1
        self.message_user(
            request,
            _("Issues assigned to you: %(count)d.") % {"count": done},
            messages.SUCCESS,
        )


@admin.register(SortingCheck)
class SortingCheckAdmin(GridEntryAdmin):
    list_display = [
        "checked_on",
        "grid",
        "building",
        "households_checked",
        "households_correct",
        "households_aware",
        "author",
    ]
    list_filter = ["grid", "checked_on"]
    search_fields = ["notes", "author__name", "=building__number"]
    date_hierarchy = "checked_on"
    fields = [
        "building",
        "grid",
        "checked_on",
        "households_checked",
        "households_correct",
        "households_aware",
        "notes",
        "author",
    ]
