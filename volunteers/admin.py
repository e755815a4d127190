"""Admin of the X project teams and the volunteer alliance (悦公益).

Rows that only services may write (applications, memberships, shifts, hours, the
points ledger, redemptions, service requests) are read-only here: staff act on them
through actions that call ``volunteers.services``. Staff configure the rest
(roles, the points rate, rewards, clerks, categories, seasons) directly.
"""

from django import forms
from django.contrib import admin, messages
from django.db.models import IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from community_portal.admin import (
    PortalAdminMixin,
    ReadOnlyMixin,
    StaffActionMixin,
    image_preview,
)
from community_portal.csv_export import csv_download, local_minute
from community_portal.errors import ServiceError

from . import services
from .admin_records import export_national, issue_certificates, masked_id_number
from .models import (
    HoursEntry,
    MerchantClerk,
    PointsEntry,
    PointsRate,
    Redemption,
    Reward,
    SeasonalService,
    ServiceCategory,
    ServiceRequest,
    ServiceRequestPhoto,
    Team,
    TeamMembership,
    Volunteer,
    VolunteerRole,
    VolunteerShift,
)


@admin.register(Team)
class TeamAdmin(PortalAdminMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "strand",
        "leader",
        "alliance",
        "is_active",
        "position",
        "preview",
    ]
    list_editable = ["position"]
    list_filter = ["strand", "is_active", "alliance"]
    list_select_related = ["leader", "alliance"]
    search_fields = ["name", "summary", "leader__name", "alliance__name"]
    ordering = ["position", "id"]
    autocomplete_fields = ["leader", "alliance"]
    save_on_top = True

    def get_queryset(self, request):
        return super().get_queryset(request).with_related()

    @admin.display(description=_("Cover image"))
    def preview(self, obj):
        return image_preview(obj.cover)


# --- the volunteer alliance -------------------------------------------------------------


class ReadOnlyAdminMixin(ReadOnlyMixin, PortalAdminMixin):
    """Looked at, never edited: writes go through ``volunteers.services``; status
    changes are staff actions calling the service once per selected row."""

    def run_service(self, request, ids, call) -> int:
        """``call(pk)`` for each id; refusals are shown, not raised. Returns how
        many went through."""
        done = 0
        for pk in ids:
            try:
                call(pk)
            except ServiceError as error:
                self.message_user(request, error.message, messages.WARNING)
            else:
                done += 1
        return done


class PointsEntryInline(ReadOnlyAdminMixin, admin.TabularInline):
    """The volunteer's whole ledger, oldest first."""

    model = PointsEntry
    fields = [
        "created_at",
        "kind",
        "amount",
        "balance_after",
        "hours_entry",
        "redemption",
        "note",
        "created_by",
    ]
    readonly_fields = fields
    ordering = ["created_at", "id"]
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related(
                "hours_entry__activity",
                "hours_entry__volunteer__user",
                "redemption__reward",
                "redemption__volunteer__user",
                "created_by",
            )
        )


@admin.register(Volunteer)
class VolunteerAdmin(StaffActionMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "user",
        "number",
        "status",
        "phone",
        masked_id_number,
        "balance",
        "created_at",
    ]
    list_filter = ["status"]
    list_select_related = ["user"]
    search_fields = ["user__name", "user__username", "user__phone", "number"]
    inlines = [PointsEntryInline]
    actions = ["approve", "export_csv", issue_certificates]

    def get_queryset(self, request):
        ledger = (
            PointsEntry.objects.filter(volunteer=OuterRef("pk"))
            .order_by()
            .values("volunteer")
            .annotate(total=Sum("amount"))
            .values("total")[:1]
        )
        return (
            super()
            .get_queryset(request)
            .select_related("user", "decided_by")
            .annotate(points=Coalesce(Subquery(ledger, output_field=IntegerField()), 0))
        )

    @admin.display(description=_("Phone number"))
    def phone(self, obj):
        return obj.user.phone

    @admin.display(description=_("Points"), ordering="points")
    def balance(self, obj):
        return obj.points

    @admin.action(
        description=_("Approve the selected applications"), permissions=["staff"]
    )
    def approve(self, request, queryset):
        approved = 0
        for volunteer_id in queryset.filter(
            status=Volunteer.Status.PENDING
        ).values_list("pk", flat=True):
            try:
                services.volunteer_approve(
                    volunteer_id=volunteer_id, by_user=request.user
                )
            except ServiceError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                approved += 1
        self.message_user(request, gettext("%(count)s approved.") % {"count": approved})

    @admin.action(
        description=_("Export the selected volunteers to CSV"), permissions=["staff"]
    )
    def export_csv(self, request, queryset):
        hours = dict(
            HoursEntry.objects.verified()
            .filter(volunteer__in=queryset)
            .values("volunteer")
            .annotate(total=Sum("hours"))
            .values_list("volunteer", "total")
        )
        rows = (
            [
                volunteer.number or "",
                volunteer.user.name,
                volunteer.user.phone,
                volunteer.get_status_display(),
                hours.get(volunteer.pk, 0),
                volunteer.points,
                volunteer.skills,
                local_minute(volunteer.created_at),
            ]
            for volunteer in queryset.order_by("number", "pk")
        )
        header = [
            gettext("Volunteer number"),
            gettext("Full name"),
            gettext("Phone number"),
            gettext("Status"),
            gettext("Verified hours"),
            gettext("Points"),
            gettext("Skills"),
            gettext("Applied at"),
        ]
        return csv_download(
            f"volunteers-{timezone.localdate():%Y%m%d}.csv", header, rows
        )


@admin.register(TeamMembership)
class TeamMembershipAdmin(StaffActionMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["volunteer", "team", "status", "created_at", "decided_at"]
    list_filter = ["status", "team"]
    list_select_related = ["volunteer__user", "team"]
    search_fields = ["volunteer__user__name", "volunteer__number", "team__name"]
    actions = ["approve", "decline"]

    def _decide(self, request, queryset, *, approve: bool) -> int:
        return self.run_service(
            request,
            queryset.values_list("pk", flat=True),
            lambda pk: services.membership_decide(
                membership_id=pk, by_user=request.user, approve=approve
            ),
        )

    @admin.action(
        description=_("Approve the selected requests to join"), permissions=["staff"]
    )
    def approve(self, request, queryset):
        done = self._decide(request, queryset, approve=True)
        self.message_user(request, gettext("%(count)s approved.") % {"count": done})

    @admin.action(
        description=_("Decline the selected requests to join"), permissions=["staff"]
    )
    def decline(self, request, queryset):
        done = self._decide(request, queryset, approve=False)
        self.message_user(request, gettext("%(count)s declined.") % {"count": done})


@admin.register(VolunteerRole)
class VolunteerRoleAdmin(PortalAdminMixin, admin.ModelAdmin):
    list_display = ["name", "activity", "needed", "taken"]
    list_select_related = ["activity"]
    search_fields = ["name", "activity__title"]
    autocomplete_fields = ["activity"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_taken()

    @admin.display(description=_("Signed up"), ordering="taken")
    def taken(self, obj):
        return obj.taken


@admin.register(VolunteerShift)
class VolunteerShiftAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["volunteer", "role", "status", "checked_in_at", "checked_out_at"]
    list_filter = ["status"]
    list_select_related = ["volunteer__user", "role__activity"]
    search_fields = ["volunteer__user__name", "role__name", "role__activity__title"]


class HoursRejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejecting"),
        max_length=200,
        help_text=_("The volunteer sees it on their page."),
    )


@admin.register(HoursEntry)
class HoursEntryAdmin(StaffActionMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "volunteer",
        "activity",
        "served_on",
        "hours",
        "status",
        "source",
        "entered_by",
    ]
    list_filter = ["status", "source", "served_on", "team"]
    list_select_related = [
        "volunteer__user",
        "activity",
        "service_request__category",
        "entered_by",
    ]
    search_fields = ["volunteer__user__name", "volunteer__number", "activity__title"]
    date_hierarchy = "served_on"
    actions = ["verify", "reject", "export_csv", export_national]

    @admin.action(description=_("Verify the selected hours"), permissions=["staff"])
    def verify(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        verified = services.hours_verify(entry_ids=ids, by_user=request.user)
        skipped = len(ids) - len(verified)
        message = gettext("%(count)s entries verified.") % {"count": len(verified)}
        if skipped:
            message += " " + gettext(
                "%(count)s were not waiting and were left as they are."
            ) % {"count": skipped}
        self.message_user(request, message)

    @admin.action(
        description=_("Reject the selected hours (with a reason)"),
        permissions=["staff"],
    )
    def reject(self, request, queryset):
        """Ask for the reason on a page of its own, then reject through the service
        (the volunteer sees the reason on their page)."""
        form = HoursRejectForm(request.POST if "confirm" in request.POST else None)
        if "confirm" in request.POST and form.is_valid():
            ids = list(queryset.values_list("pk", flat=True))
            try:
                rejected = services.hours_reject(
                    entry_ids=ids,
                    by_user=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except ServiceError as error:
                self.message_user(request, error.message, messages.ERROR)
                return None
            message = gettext("%(count)s entries rejected.") % {"count": len(rejected)}
            skipped = len(ids) - len(rejected)
            if skipped:
                message += " " + gettext(
                    "%(count)s were not waiting and were left as they are."
                ) % {"count": skipped}
            self.message_user(request, message)
            return None
        return TemplateResponse(
            request,
            "volunteers/admin_hours_reject.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext("Reject hours"),
                "opts": self.model._meta,
                "objects": list(queryset.with_related()),
                "form": form,
                "action": "reject",
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(
        description=_("Export the selected hours to CSV"), permissions=["staff"]
    )
    def export_csv(self, request, queryset):
        rows = (
            [
                entry.volunteer.number or "",
                entry.volunteer.user.name,
                entry.served_for(),
                entry.served_on.isoformat(),
                entry.hours,
                entry.get_status_display(),
                entry.get_source_display(),
                entry.entered_by.name if entry.entered_by else "",
                local_minute(entry.verified_at),
            ]
            for entry in queryset.with_related().order_by("served_on", "pk")
        )
        header = [
            gettext("Volunteer number"),
            gettext("Full name"),
            gettext("Activity"),
            gettext("Date served"),
            gettext("Hours"),
            gettext("Status"),
            gettext("Source"),
            gettext("Entered by"),
            gettext("Verified at"),
        ]
        return csv_download(
            f"volunteer-hours-{timezone.localdate():%Y%m%d}.csv", header, rows
        )


@admin.register(PointsRate)
class PointsRateAdmin(PortalAdminMixin, admin.ModelAdmin):
    list_display = ["valid_from", "points_per_hour"]


@admin.register(PointsEntry)
class PointsEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "created_at",
        "volunteer",
        "kind",
        "amount",
        "balance_after",
        "note",
    ]
    list_filter = ["kind"]
    list_select_related = ["volunteer__user"]
    search_fields = ["volunteer__user__name", "volunteer__number"]


@admin.register(Reward)
class RewardAdmin(PortalAdminMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "merchant",
        "points",
        "stock",
        "is_active",
        "position",
        "preview",
    ]
    list_editable = ["position"]
    list_filter = ["is_active", "merchant"]
    list_select_related = ["merchant"]
    search_fields = ["name", "merchant__name"]
    autocomplete_fields = ["merchant"]

    @admin.display(description=_("Picture"))
    def preview(self, obj):
        return image_preview(obj.image)


@admin.register(MerchantClerk)
class MerchantClerkAdmin(PortalAdminMixin, admin.ModelAdmin):
    list_display = ["user", "merchant"]
    list_select_related = ["user", "merchant"]
    search_fields = ["user__name", "merchant__name"]
    autocomplete_fields = ["merchant", "user"]


@admin.register(Redemption)
class RedemptionAdmin(StaffActionMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "code",
        "reward",
        "volunteer",
        "points",
        "status",
        "created_at",
        "confirmed_at",
    ]
    list_filter = ["status"]
    list_select_related = ["reward", "volunteer__user"]
    search_fields = ["code", "reward__name", "volunteer__user__name"]
    actions = ["void"]

    @admin.action(
        description=_("Void the selected redemptions (points go back)"),
        permissions=["staff"],
    )
    def void(self, request, queryset):
        voided = self.run_service(
            request,
            queryset.values_list("pk", flat=True),
            lambda pk: services.redemption_void(
                redemption_id=pk,
                by_user=request.user,
                reason=gettext("Voided by staff"),
            ),
        )
        self.message_user(request, gettext("%(count)s voided.") % {"count": voided})


@admin.register(ServiceCategory)
class ServiceCategoryAdmin(PortalAdminMixin, admin.ModelAdmin):
    list_display = ["name", "is_active", "position"]
    list_editable = ["position"]
    search_fields = ["name"]


class ServiceRequestPhotoInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ServiceRequestPhoto
    fields = ["preview"]
    readonly_fields = ["preview"]
    extra = 0

    @admin.display(description=_("Photo"))
    def preview(self, obj):
        return image_preview(obj.image)


@admin.register(ServiceRequest)
class ServiceRequestAdmin(StaffActionMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "category",
        "requester",
        "place",
        "wanted_at",
        "status",
        "team",
        "created_at",
    ]
    list_filter = ["status", "category", "team"]
    list_select_related = ["category", "requester", "team"]
    search_fields = ["place", "description", "requester__name", "requester__phone"]
    inlines = [ServiceRequestPhotoInline]
    actions = ["cancel"]

    @admin.action(
        description=_("Cancel the selected requests (not yet taken)"),
        permissions=["staff"],
    )
    def cancel(self, request, queryset):
        done = self.run_service(
            request,
            queryset.values_list("pk", flat=True),
            lambda pk: services.service_request_cancel(
                request_id=pk, by_user=request.user
            ),
        )
        self.message_user(request, gettext("%(count)s cancelled.") % {"count": done})


@admin.register(SeasonalService)
class SeasonalServiceAdmin(PortalAdminMixin, admin.ModelAdmin):
    list_display = ["name", "season", "month", "activity_keyword", "position"]
    list_filter = ["season"]
    search_fields = ["name"]
