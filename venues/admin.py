"""Admin of the culture venues, their spaces and photos, and the partner alliances with
their programmes, pledges and merchants."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Count
from django.template.response import TemplateResponse
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

from . import services
from .models import (
    Alliance,
    Matter,
    MatterEvent,
    MatterPhoto,
    Merchant,
    Pledge,
    Programme,
    Space,
    SpaceBooking,
    SpacePhoto,
    Venue,
)

# Venues and spaces


class SpaceInline(PortalAdminMixin, admin.TabularInline):
    model = Space
    fields = ["name", "purpose", "opening_hours", "capacity", "location", "position"]
    extra = 0
    show_change_link = True
    ordering = ["position", "id"]


@admin.register(Venue)
class VenueAdmin(PortalAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "summary", "space_count", "position", "preview"]
    list_display_links = ["name"]
    list_editable = ["position"]
    list_filter = ["kind"]
    search_fields = ["name", "summary", "description"]
    ordering = ["position", "id"]
    inlines = [SpaceInline]
    save_on_top = True

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_space_count=Count("spaces"))

    @admin.display(description=_("Spaces"), ordering="_space_count")
    def space_count(self, obj):
        return obj._space_count

    @admin.display(description=_("Cover image"))
    def preview(self, obj):
        return image_preview(obj.cover)


class SpacePhotoInline(PortalAdminMixin, admin.TabularInline):
    model = SpacePhoto
    fields = ["preview", "image", "caption", "position"]
    readonly_fields = ["preview"]
    extra = 1
    ordering = ["position", "id"]

    @admin.display(description=_("Preview"))
    def preview(self, obj):
        return image_preview(obj.image, size=100)


@admin.register(Space)
class SpaceAdmin(PortalAdminMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "venue",
        "purpose",
        "capacity",
        "opening_hours",
        "booking_mode",
        "photo_count",
        "position",
        "preview",
    ]
    list_editable = ["position"]
    list_filter = ["venue", "booking_mode"]
    list_select_related = ["venue"]
    search_fields = ["name", "purpose", "location", "venue__name"]
    ordering = ["venue__position", "position", "id"]
    autocomplete_fields = ["venue"]
    inlines = [SpacePhotoInline]
    save_on_top = True

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("venue")
            .annotate(_photo_count=Count("photos"))
        )

    @admin.display(description=_("Photos"), ordering="_photo_count")
    def photo_count(self, obj):
        return obj._photo_count

    @admin.display(description=_("Cover image"))
    def preview(self, obj):
        return image_preview(obj.cover)


@admin.register(SpacePhoto)
class SpacePhotoAdmin(PortalAdminMixin, admin.ModelAdmin):
    list_display = ["preview", "caption", "space", "venue", "position"]
    list_display_links = ["preview", "caption"]
    list_filter = ["space__venue", "space"]
    list_select_related = ["space__venue"]
    search_fields = ["caption", "space__name"]
    ordering = ["space__venue__position", "space__position", "position", "id"]
    autocomplete_fields = ["space"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("space__venue")

    @admin.display(description=_("Photo"))
    def preview(self, obj):
        return image_preview(obj.image)

    @admin.display(description=_("Venue"), ordering="space__venue__position")
    def venue(self, obj):
        return obj.space.venue


# Partner alliances


class ProgrammeInline(PortalAdminMixin, admin.StackedInline):
    model = Programme
    fields = ["name", "summary", "location", "description", "cover", "position"]
    extra = 0
    show_change_link = True
    ordering = ["position", "id"]


class MerchantInline(PortalAdminMixin, admin.TabularInline):
    model = Merchant
    fields = ["name", "business", "location", "pledges", "is_active"]
    autocomplete_fields = ["pledges"]
    extra = 0
    show_change_link = True
    ordering = ["name"]


@admin.register(Alliance)
class AllianceAdmin(PortalAdminMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "summary",
        "programme_count",
        "merchant_count",
        "position",
        "preview",
    ]
    list_editable = ["position"]
    search_fields = ["name", "summary", "address"]
    ordering = ["position", "id"]
    inlines = [ProgrammeInline, MerchantInline]
    save_on_top = True

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _programme_count=Count("programmes", distinct=True),
                _merchant_count=Count("merchants", distinct=True),
            )
        )

    @admin.display(description=_("Programmes"), ordering="_programme_count")
    def programme_count(self, obj):
        return obj._programme_count

    @admin.display(description=_("Merchants"), ordering="_merchant_count")
    def merchant_count(self, obj):
        return obj._merchant_count

    @admin.display(description=_("Cover image"))
    def preview(self, obj):
        return image_preview(obj.cover)


@admin.register(Programme)
class ProgrammeAdmin(PortalAdminMixin, admin.ModelAdmin):
    list_display = ["name", "alliance", "summary", "location", "position", "preview"]
    list_filter = ["alliance"]
    list_select_related = ["alliance"]
    search_fields = ["name", "summary", "location", "alliance__name"]
    ordering = ["alliance__position", "position", "id"]
    autocomplete_fields = ["alliance"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("alliance")

    @admin.display(description=_("Cover image"))
    def preview(self, obj):
        return image_preview(obj.cover)


@admin.register(Pledge)
class PledgeAdmin(PortalAdminMixin, admin.ModelAdmin):
    list_display = ["name", "description", "merchant_count"]
    search_fields = ["name", "description"]
    ordering = ["id"]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).annotate(_merchant_count=Count("merchants"))
        )

    @admin.display(description=_("Merchants"), ordering="_merchant_count")
    def merchant_count(self, obj):
        return obj._merchant_count


@admin.register(Merchant)
class MerchantAdmin(PortalAdminMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "alliance",
        "business",
        "location",
        "pledge_list",
        "is_active",
    ]
    list_filter = ["is_active", "alliance", "pledges"]
    list_select_related = ["alliance"]
    search_fields = ["name", "business", "location"]
    ordering = ["alliance__position", "name"]
    autocomplete_fields = ["alliance"]
    filter_horizontal = ["pledges"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("alliance")
            .prefetch_related("pledges")
        )

    @admin.display(description=_("Pledges"))
    def pledge_list(self, obj):
        return name_list(obj.pledges.all())


# The talk corridor


class MatterPhotoInline(PortalAdminMixin, admin.TabularInline):
    model = MatterPhoto
    fields = ["preview", "image", "position"]
    readonly_fields = ["preview"]
    extra = 0
    max_num = 6

    @admin.display(description=_("Preview"))
    def preview(self, obj):
        return image_preview(obj.image, size=100)


class MatterEventInline(PortalAdminMixin, admin.TabularInline):
    """The timeline, read only and append-only: staff add to it on the matter's
    page; nobody deletes from it."""

    model = MatterEvent
    fields = ["created_at", "kind", "text", "by_user"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Matter)
class MatterAdmin(StaffActionMixin, PortalAdminMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "category",
        "status",
        "author",
        "is_anonymous",
        "seconds_count",
        "is_hidden",
        "created_at",
    ]
    list_filter = ["status", "category", "is_hidden", "is_anonymous"]
    list_select_related = ["author", "building"]
    search_fields = ["title", "description", "author__name"]
    autocomplete_fields = ["author", "building"]
    date_hierarchy = "created_at"
    fields = [
        "title",
        "description",
        "category",
        "building",
        "author",
        "is_anonymous",
        "status",
        "seconds_count",
        "first_reply_at",
        "resolved_at",
        "is_hidden",
        "hidden_reason",
    ]
    readonly_fields = [
        "status",
        "seconds_count",
        "first_reply_at",
        "resolved_at",
        "is_hidden",
        "hidden_reason",
    ]
    inlines = [MatterPhotoInline, MatterEventInline]
    actions = ["accept", "show_again", "export_csv"]
    save_on_top = True

    @admin.action(
        description=_("Export the selected matters to CSV"), permissions=["staff"]
    )
    def export_csv(self, request, queryset):
        rows = (
            [
                matter.pk,
                local_minute(matter.created_at),
                matter.title,
                matter.get_category_display(),
                matter.building.number if matter.building_id else "",
                matter.author.name,
                gettext("Yes") if matter.is_anonymous else gettext("No"),
                matter.get_status_display(),
                matter.seconds_count,
                local_minute(matter.first_reply_at),
                local_minute(matter.resolved_at),
                days_between(matter.created_at, matter.resolved_at),
                matter.description,
            ]
            for matter in queryset.select_related("author", "building").order_by(
                "created_at", "pk"
            )
        )
        header = [
            gettext("Matter number"),
            gettext("Raised at"),
            gettext("Title"),
            gettext("Category"),
            gettext("Building"),
            gettext("Raised by (full name)"),
            gettext("Anonymous on the site"),
            gettext("Status"),
            gettext("Seconded by"),
            gettext("First reply at"),
            gettext("Resolved at"),
            gettext("Days to resolve"),
            gettext("Description"),
        ]
        return csv_download(f"matters-{timezone.localdate():%Y%m%d}.csv", header, rows)

    def has_delete_permission(self, request, obj=None):
        # Matters are hidden with a reason, never deleted: the timeline stays whole.
        return False

    def _run(self, request, queryset, action, label):
        done = 0
        for matter in queryset:
            try:
                services.matter_handle(
                    matter_id=matter.pk, by_user=request.user, action=action
                )
            except ServiceError as error:
                self.message_user(
                    request, f"{matter}: {error.message}", messages.WARNING
                )
            else:
                done += 1
        self.message_user(request, label % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Accept the selected matters"))
    def accept(self, request, queryset):
        self._run(request, queryset, "accept", _("Matters accepted: %(count)d."))

    @admin.action(description=_("Show the selected hidden matters again"))
    def show_again(self, request, queryset):
        self._run(request, queryset, "show", _("Matters shown again: %(count)d."))


# Bookings of spaces: looked at and decided here, changed only through the services.


@admin.register(SpaceBooking)
class SpaceBookingAdmin(StaffActionMixin, PortalAdminMixin, admin.ModelAdmin):
    list_display = ["space", "starts_at", "ends_at", "user", "kind", "status", "note"]
    list_filter = ["status", "kind", "space"]
    list_select_related = ["space", "user"]
    search_fields = ["space__name", "user__name", "user__phone", "note"]
    date_hierarchy = "starts_at"
    readonly_fields = [
        "space",
        "user",
        "kind",
        "starts_at",
        "ends_at",
        "status",
        "exclusive",
        "note",
        "series",
        "refusal_reason",
        "decided_by",
        "decided_at",
        "cancelled_at",
    ]
    actions = ["confirm", "refuse", "cancel"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def _run(self, request, queryset, call, label):
        done = 0
        for booking in queryset:
            try:
                call(booking)
            except ServiceError as error:
                self.message_user(
                    request, f"{booking}: {error.message}", messages.WARNING
                )
            else:
                done += 1
        self.message_user(request, label % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Approve the selected bookings"), permissions=["staff"])
    def confirm(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda booking: services.booking_confirm(
                booking_id=booking.pk, staff=request.user
            ),
            _("Bookings approved: %(count)d."),
        )

    @admin.action(description=_("Cancel the selected bookings"), permissions=["staff"])
    def cancel(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda booking: services.booking_cancel(
                booking_id=booking.pk, user=request.user
            ),
            _("Bookings cancelled: %(count)d."),
        )

    @admin.action(description=_("Refuse the selected bookings"), permissions=["staff"])
    def refuse(self, request, queryset):
        reason = request.POST.get("reason", "").strip()
        if request.POST.get("apply") and reason:
            self._run(
                request,
                queryset,
                lambda booking: services.booking_refuse(
                    booking_id=booking.pk, staff=request.user, reason=reason
                ),
                _("Bookings refused: %(count)d."),
            )
            return None
        return TemplateResponse(
            request,
            "admin/venues/refuse_bookings.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Refuse bookings"),
                "bookings": queryset,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "opts": self.model._meta,
                "missing": bool(request.POST.get("apply")),
            },
        )


# The gallery and the selections have their own admin modules; they register
# themselves when imported.
from . import gallery_admin, selection_admin  # noqa: E402, F401
