"""Admin of the 悦珍阁 gallery and the 悦丰馆 exhibitions: works are curated
through the gallery's services (approve, refuse with a reason, feature);
exhibitions are assembled here, their works in order."""

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from community_portal.admin import (
    PortalAdminMixin,
    StaffActionMixin,
    image_preview,
)
from community_portal.errors import ServiceError

from . import services
from .models import Exhibition, ExhibitionWork, Work, WorkPhoto


class WorkPhotoInline(PortalAdminMixin, admin.TabularInline):
    model = WorkPhoto
    fields = ["preview", "position"]
    readonly_fields = ["preview"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Photo"))
    def preview(self, obj):
        return image_preview(obj.image, size=120)


class WorkRefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for refusal"),
        max_length=200,
        help_text=_("The resident sees this reason in the message centre."),
    )


@admin.register(Work)
class WorkAdmin(StaffActionMixin, PortalAdminMixin, admin.ModelAdmin):
    list_display = [
        "preview",
        "title",
        "kind",
        "author",
        "studio",
        "grid",
        "status",
        "is_featured",
        "created_at",
    ]
    list_display_links = ["preview", "title"]
    list_filter = ["status", "kind", "is_featured", "studio", "grid"]
    search_fields = ["title", "story", "author__name", "studio__name"]
    date_hierarchy = "created_at"
    # The residents' own works: looked at and curated here (the actions), never
    # edited or deleted by staff.
    readonly_fields = [
        "title",
        "kind",
        "story",
        "author",
        "studio",
        "grid",
        "status",
        "is_featured",
        "refusal_reason",
        "decided_by",
        "decided_at",
    ]
    fields = readonly_fields
    inlines = [WorkPhotoInline]
    actions = ["approve", "refuse", "feature", "unfeature"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_related().prefetch_related("photos")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Photo"))
    def preview(self, obj):
        photo = next(iter(obj.photos.all()), None)
        return image_preview(photo.image) if photo else ""

    def _run(self, request, queryset, call, label):
        done = 0
        for work in queryset:
            try:
                call(work)
            except ServiceError as error:
                self.message_user(request, f"{work}: {error.message}", messages.WARNING)
            else:
                done += 1
        self.message_user(request, label % {"count": done}, messages.SUCCESS)

    @admin.action(
        description=_("Put the selected works in the gallery"), permissions=["staff"]
    )
    def approve(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda work: services.work_approve(work_id=work.pk, staff=request.user),
            _("Works put in the gallery: %(count)d."),
        )

    @admin.action(description=_("Feature the selected works"), permissions=["staff"])
    def feature(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda work: services.work_feature(work_id=work.pk, staff=request.user),
            _("Works featured: %(count)d."),
        )

    @admin.action(
        description=_("Stop featuring the selected works"), permissions=["staff"]
    )
    def unfeature(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda work: services.work_feature(
                work_id=work.pk, staff=request.user, featured=False
            ),
            _("Works no longer featured: %(count)d."),
        )

    @admin.action(
        description=_("Refuse the selected works (with a reason)"),
        permissions=["staff"],
    )
    def refuse(self, request, queryset):
        form = WorkRefuseForm(request.POST if "confirm" in request.POST else None)
        if "confirm" in request.POST and form.is_valid():
            reason = form.cleaned_data["reason"]
            self._run(
                request,
                queryset,
                lambda work: services.work_refuse(
                    work_id=work.pk, staff=request.user, reason=reason
                ),
                _("Works refused: %(count)d."),
            )
            return None
        return TemplateResponse(
            request,
            "venues/gallery/admin_refuse.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext("Refuse works"),
                "opts": self.model._meta,
                "objects": list(queryset.with_related()),
                "form": form,
                "action": "refuse",
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


class ExhibitionWorkInline(PortalAdminMixin, admin.TabularInline):
    model = ExhibitionWork
    fields = ["work", "position"]
    autocomplete_fields = ["work"]
    extra = 1
    ordering = ["position", "id"]


@admin.register(Exhibition)
class ExhibitionAdmin(PortalAdminMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "space",
        "starts_on",
        "ends_on",
        "opening_activity",
        "is_published",
    ]
    list_filter = ["is_published", "space"]
    search_fields = ["title", "summary", "description"]
    date_hierarchy = "starts_on"
    fields = [
        "title",
        "summary",
        "description",
        "space",
        "starts_on",
        "ends_on",
        "opening_activity",
        "is_published",
    ]
    autocomplete_fields = ["space", "opening_activity"]
    inlines = [ExhibitionWorkInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("space", "opening_activity")
