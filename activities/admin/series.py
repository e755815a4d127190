"""Recurring series in the admin: generating occurrences is an action."""

from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from community_portal.admin import PortalAdminMixin, StaffActionMixin
from community_portal.errors import ServiceError

from .. import services
from ..models import ActivitySeries, SeriesSkippedDate


class SkippedDateInline(PortalAdminMixin, admin.TabularInline):
    model = SeriesSkippedDate
    extra = 1
    verbose_name = _("Skipped date")
    verbose_name_plural = _("Skipped dates (no occurrence is generated on them)")


@admin.register(ActivitySeries)
class ActivitySeriesAdmin(StaffActionMixin, PortalAdminMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "frequency",
        "starts_on",
        "ends_on",
        "start_time",
        "strand",
        "venue",
        "team",
        "occurrences",
    ]
    list_filter = ["frequency", "strand", "venue", "team"]
    list_select_related = ["venue", "space", "team", "alliance"]
    search_fields = ["title", "summary"]
    autocomplete_fields = ["venue", "space", "team", "alliance"]
    ordering = ["-starts_on", "-id"]
    actions = ["generate_occurrences", "generate_and_publish_occurrences"]
    inlines = [SkippedDateInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("venue", "space", "team", "alliance")
            .annotate(_occurrences=Count("activities"))
        )

    @admin.display(description=_("Activities"), ordering="_occurrences")
    def occurrences(self, obj):
        return obj._occurrences

    def _generate(self, request, queryset, *, publish: bool) -> None:
        created = 0
        for series in queryset:
            try:
                created += len(
                    services.series_generate(series_id=series.pk, publish=publish)
                )
            except ServiceError as error:
                self.message_user(request, f"{series}: {error.message}", messages.ERROR)
        self.message_user(
            request,
            ngettext(
                "%(count)d activity was created.",
                "%(count)d activities were created.",
                created,
            )
            % {"count": created},
            messages.SUCCESS if created else messages.INFO,
        )

    @admin.action(
        description=_("Generate the occurrences (as drafts)"), permissions=["staff"]
    )
    def generate_occurrences(self, request, queryset):
        self._generate(request, queryset, publish=False)

    @admin.action(
        description=_("Generate the occurrences and publish them"),
        permissions=["staff"],
    )
    def generate_and_publish_occurrences(self, request, queryset):
        self._generate(request, queryset, publish=True)
