"""Records (纪实) and ratings in the admin."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from community_portal.admin import (
    PortalAdminMixin,
    ReadOnlyMixin,
    StaffActionMixin,
    image_preview,
)
from community_portal.csv_export import local_minute
from community_portal.errors import ServiceError

from .. import services
from ..models import ActivityRecord, Rating, RecordPhoto


class RecordPhotoInline(PortalAdminMixin, admin.TabularInline):
    """Captions, order and removal. New photos come through the record page
    (``record_save``: the image pipeline and the limit of six per record)."""

    model = RecordPhoto
    fields = ["image", "preview", "caption", "position"]
    readonly_fields = ["image", "preview"]
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Preview"))
    def preview(self, obj):
        return image_preview(obj.image)


class ActivityRecordAdminForm(forms.ModelForm):
    # Set by ``ActivityRecordAdmin.get_form``: who is writing.
    editor = None

    class Meta:
        model = ActivityRecord
        fields = ["activity", "summary"]

    def clean(self):
        cleaned = super().clean()
        activity = cleaned.get("activity")
        if self.instance.pk is None and activity is not None:
            try:
                services.record_check_writable(
                    activity_id=activity.pk, user=self.editor
                )
            except ServiceError as error:
                self.add_error("activity", error.message)
        return cleaned


@admin.register(ActivityRecord)
class ActivityRecordAdmin(StaffActionMixin, PortalAdminMixin, admin.ModelAdmin):
    """A new record is written through ``record_save`` (the same rules as the
    record page); publishing goes through the action (the record page's checkbox
    does the same): the first publication time is kept."""

    form = ActivityRecordAdminForm

    list_display = [
        "activity",
        "activity_starts_at",
        "is_published",
        "published_at",
        "author",
        "attendance",
        "photo_count",
    ]
    list_filter = ["is_published", "activity__strand"]
    search_fields = ["activity__title", "summary"]
    autocomplete_fields = ["activity"]
    readonly_fields = ["is_published", "published_at", "author", "record_page"]
    fields = [
        "activity",
        "record_page",
        "summary",
        "is_published",
        "published_at",
        "author",
    ]
    inlines = [RecordPhotoInline]
    ordering = ["-activity__starts_at", "-id"]
    actions = ["publish_records"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("activity", "author")
            .with_attendance()
            .annotate(_photo_count=Count("photos"))
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        # A record belongs to its activity for good.
        return readonly + ["activity"] if obj is not None else readonly

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.editor = request.user
        return form

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        record = services.record_save(
            activity_id=obj.activity_id,
            author=request.user,
            summary=obj.summary,
            photos=[],
            publish=False,
        )
        obj.pk = record.pk
        obj.refresh_from_db()

    @admin.display(description=_("Starts at"), ordering="activity__starts_at")
    def activity_starts_at(self, obj):
        return local_minute(obj.activity.starts_at)

    @admin.display(description=_("Attendance"), ordering="attendance")
    def attendance(self, obj):
        return obj.attendance

    @admin.display(description=_("Photos"), ordering="_photo_count")
    def photo_count(self, obj):
        return obj._photo_count

    @admin.display(description=_("Record page"))
    def record_page(self, obj):
        if obj is None or obj.activity_id is None:
            return ""
        return format_html(
            '<a href="{}">{}</a>',
            reverse("activities:record", kwargs={"pk": obj.activity_id}),
            gettext("Write the record"),
        )

    @admin.action(description=_("Publish the selected records"), permissions=["staff"])
    def publish_records(self, request, queryset):
        published = 0
        for record in queryset:
            try:
                services.record_publish(record_id=record.pk, by_user=request.user)
            except ServiceError as error:
                self.message_user(request, f"{record}: {error.message}", messages.ERROR)
            else:
                published += 1
        if published:
            self.message_user(
                request,
                ngettext(
                    "%(count)d record is published.",
                    "%(count)d records are published.",
                    published,
                )
                % {"count": published},
                messages.SUCCESS,
            )


@admin.register(Rating)
class RatingAdmin(ReadOnlyMixin, PortalAdminMixin, admin.ModelAdmin):
    # With a link to the satisfaction figures (the staff page) above the list.
    change_list_template = "activities/staff/admin_rating_changelist.html"
    list_display = ["activity", "person", "score", "comment", "created_at"]
    list_filter = ["score", "activity__strand"]
    list_select_related = ["activity", "user"]
    search_fields = ["activity__title", "comment", "user__name"]
    ordering = ["-created_at", "-id"]
    date_hierarchy = "created_at"

    @admin.display(description=_("Resident"), ordering="user__name")
    def person(self, obj):
        return obj.user.masked_name
