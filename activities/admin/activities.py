"""Activities and central-work campaigns in the admin.

Status changes are actions calling the services (publish, cancel with notices):
the change form shows the status read-only. A capacity change saved in the form
goes through ``activity_capacity_update``, which moves the waitlist up.
"""

from functools import partial

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.db import transaction
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from community_portal.admin import (
    PortalAdminMixin,
    StaffActionMixin,
    image_preview,
    name_list,
)
from community_portal.csv_export import csv_download, local_minute
from community_portal.errors import ServiceError
from community_portal.permissions import is_community_staff
from venues.services import bookings_release_for_activity

from .. import services, tasks
from ..forms import ActivityCancelForm
from ..models import Activity, Campaign, Registration
from .registrations import RegistrationAddInline, RegistrationInline

# Edits that registrants are told about (tasks.notify_activity_changed).
MOVED_FIELDS = {"starts_at", "ends_at", "venue", "space", "location"}


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


class ActivityAdminForm(forms.ModelForm):
    class Meta:
        model = Activity
        # The admin passes the fields of its fieldsets (status is read-only on
        # the change form: it moves only through the actions). All fields here,
        # so that a field added later shows under "More" instead of vanishing.
        fields = "__all__"  # noqa: DJ007

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        status = self.fields.get("status")
        if status is not None:
            # A new activity starts as a draft or published, never cancelled.
            status.choices = [
                choice
                for choice in status.choices
                if choice[0] != Activity.Status.CANCELLED
            ]


@admin.register(Activity)
class ActivityAdmin(StaffActionMixin, PortalAdminMixin, admin.ModelAdmin):
    form = ActivityAdminForm
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
        "seats",
        "attendance",
        "preview",
    ]
    list_filter = ["status", "strand", "audience", "venue", "team", "campaigns"]
    list_select_related = ["venue", "space", "team", "alliance"]
    search_fields = ["title", "summary", "location", "team__name"]
    date_hierarchy = "starts_at"
    ordering = ["-starts_at", "-id"]
    autocomplete_fields = ["venue", "space", "team", "alliance", "grid", "series"]
    filter_horizontal = ["campaigns"]
    save_on_top = True
    inlines = [RegistrationInline, RegistrationAddInline]
    actions = [
        "publish_activities",
        "cancel_activities",
        "promote_waitlists",
        "export_attendance",
    ]
    fieldsets = [
        (None, {"fields": ["title", "status", "summary", "description", "cover"]}),
        (
            _("When and for whom"),
            {"fields": ["starts_at", "ends_at", "audience", "capacity"]},
        ),
        (
            _("Registration"),
            {
                "fields": [
                    "registration_opens_at",
                    "registration_closes_at",
                    "cancellation_cutoff_hours",
                    "max_companions",
                    "min_age",
                    "max_age",
                    "checkin_opens_minutes",
                ]
            },
        ),
        (_("Where"), {"fields": ["venue", "space", "grid", "location"]}),
        (
            _("Organised by"),
            {"fields": ["strand", "team", "alliance", "campaigns", "series"]},
        ),
    ]
    staff_fields = ["staff_pages", "registration_counts"]
    # Written by the services only (publish, cancel): read-only on the change form.
    service_fields = ["status", "cancellation_reason"]

    def get_fieldsets(self, request, obj=None):
        # A field added to the model later is never hidden: it lands under "More".
        fieldsets = list(super().get_fieldsets(request, obj))
        listed = set(flatten_fieldsets(fieldsets))
        if obj is not None:
            fieldsets.insert(0, (_("Staff pages"), {"fields": self.staff_fields}))
            listed |= set(self.staff_fields)
            # Beside the status, as the cancel action wrote it.
            title, options = fieldsets[1]
            fields = list(options["fields"])
            fields.insert(fields.index("status") + 1, "cancellation_reason")
            fieldsets[1] = (title, {**options, "fields": fields})
        listed.add("cancellation_reason")
        rest = [name for name in self.get_fields(request, obj) if name not in listed]
        if rest:
            fieldsets.append((_("More"), {"fields": rest}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is None:
            return readonly
        return readonly + self.staff_fields + self.service_fields

    def get_inline_instances(self, request, obj=None):
        # A new activity has nobody registered yet (and takes nobody as a draft).
        if obj is None:
            return []
        return super().get_inline_instances(request, obj)

    def get_queryset(self, request):
        return super().get_queryset(request).with_related().with_attendance()

    @admin.display(description=_("Central-work campaigns"))
    def campaign_list(self, obj):
        return name_list(obj.campaigns.all())

    @admin.display(description=_("Cover image"))
    def preview(self, obj):
        return image_preview(obj.cover)

    @admin.display(description=_("Seats taken"), ordering="seats_taken")
    def seats(self, obj):
        if obj.waitlist_count:
            return gettext("%(taken)s (+%(waiting)s waiting)") % {
                "taken": obj.seats_taken,
                "waiting": obj.waitlist_count,
            }
        return obj.seats_taken

    @admin.display(description=_("Attendance"), ordering="attendance")
    def attendance(self, obj):
        return obj.attendance

    @admin.display(description=_("Go to"))
    def staff_pages(self, obj):
        return format_html(
            '<a class="button" href="{}">{}</a> '
            '<a class="button" href="{}">{}</a> '
            '<a href="{}">{}</a>',
            reverse("activities:checkin", kwargs={"pk": obj.pk}),
            gettext("Check-in page"),
            reverse("activities:record", kwargs={"pk": obj.pk}),
            gettext("Write the record"),
            obj.get_absolute_url(),
            gettext("View on site"),
        )

    @admin.display(description=_("Registrations"))
    def registration_counts(self, obj):
        url = reverse("admin:activities_registration_changelist")
        return format_html(
            '{} <a href="{}?activity__id__exact={}">{}</a>',
            gettext(
                "%(taken)s seats taken, %(waiting)s waiting, %(attended)s attended."
            )
            % {
                "taken": obj.seats_taken,
                "waiting": obj.waitlist_count,
                "attended": obj.attendance,
            },
            url,
            obj.pk,
            gettext("All registrations"),
        )

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
            self._release_bookings(request, obj)
            return
        # The form never writes what the services own: the status (publish and
        # cancel are actions) and the seats (the capacity service moves the
        # waitlist up, under the activity's lock).
        capacity = obj.capacity
        owned = {*self.service_fields, "capacity"}
        obj.save(
            update_fields=[
                field.name
                for field in obj._meta.concrete_fields
                if not field.primary_key and field.name not in owned
            ]
        )
        if MOVED_FIELDS & set(form.changed_data):
            transaction.on_commit(
                partial(tasks.notify_activity_changed.enqueue, obj.pk)
            )
            self._release_bookings(request, obj)
        if "capacity" in form.changed_data:
            try:
                promoted = services.activity_capacity_update(
                    activity_id=obj.pk, capacity=capacity
                )
            except ServiceError as error:
                self.message_user(request, error.message, messages.ERROR)
                return
            if promoted:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d person was moved up from the waitlist.",
                        "%(count)d people were moved up from the waitlist.",
                        len(promoted),
                    )
                    % {"count": len(promoted)},
                    messages.SUCCESS,
                )

    def _release_bookings(self, request, obj):
        """The activity holds its space's time: bookings in the way are cancelled
        and their bookers told (the venues app's service)."""
        if obj.space_id is None or obj.status == Activity.Status.CANCELLED:
            return
        released = bookings_release_for_activity(
            space_id=obj.space_id,
            starts_at=obj.starts_at,
            ends_at=obj.ends_at,
            title=obj.title,
        )
        if released:
            self.message_user(
                request,
                gettext(
                    "%(count)d bookings of the space were cancelled; the residents "
                    "are told."
                )
                % {"count": len(released)},
                messages.WARNING,
            )

    def save_formset(self, request, form, formset, change):
        if not getattr(formset, "registers_through_service", False):
            return super().save_formset(request, form, formset, change)
        for inline_form in formset.forms:
            data = getattr(inline_form, "cleaned_data", None) or {}
            user = data.get("user")
            if user is None:
                continue
            try:
                registration = services.registration_create(
                    activity_id=form.instance.pk,
                    user=user,
                    companions=data.get("companions") or 0,
                    override_eligibility_by=(
                        request.user if is_community_staff(request.user) else None
                    ),
                )
            except ServiceError as error:
                self.message_user(
                    request,
                    gettext("%(name)s was not registered: %(reason)s")
                    % {"name": user, "reason": error.message},
                    messages.ERROR,
                )
                continue
            self.message_user(
                request,
                gettext("%(name)s: %(status)s.")
                % {"name": user, "status": registration.get_status_display()},
                messages.SUCCESS,
            )
        formset.new_objects, formset.changed_objects, formset.deleted_objects = (
            [],
            [],
            [],
        )

    # --- actions ---

    @admin.action(
        description=_("Publish the selected activities"), permissions=["staff"]
    )
    def publish_activities(self, request, queryset):
        published, refused = 0, []
        for activity in queryset:
            try:
                services.activity_publish(activity_id=activity.pk)
            except ServiceError as error:
                refused.append(f"{activity}: {error.message}")
            else:
                published += 1
        if published:
            self.message_user(
                request,
                ngettext(
                    "%(count)d activity is published.",
                    "%(count)d activities are published.",
                    published,
                )
                % {"count": published},
                messages.SUCCESS,
            )
        for line in refused:
            self.message_user(request, line, messages.ERROR)

    @admin.action(
        description=_("Cancel the selected activities (tells everyone registered)"),
        permissions=["staff"],
    )
    def cancel_activities(self, request, queryset):
        """Ask first, on a page of its own: cancelling e-mails everyone
        registered and cannot be undone."""
        form = ActivityCancelForm(request.POST if "confirm" in request.POST else None)
        if "confirm" in request.POST and form.is_valid():
            cancelled, refused = 0, []
            for activity in queryset:
                try:
                    services.activity_cancel(
                        activity_id=activity.pk,
                        by_user=request.user,
                        reason=form.cleaned_data["reason"],
                    )
                except ServiceError as error:
                    refused.append(f"{activity}: {error.message}")
                else:
                    cancelled += 1
            if cancelled:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d activity is cancelled; everyone registered is "
                        "being told.",
                        "%(count)d activities are cancelled; everyone registered "
                        "is being told.",
                        cancelled,
                    )
                    % {"count": cancelled},
                    messages.SUCCESS,
                )
            for line in refused:
                self.message_user(request, line, messages.ERROR)
            return None
        activities = list(queryset)
        return TemplateResponse(
            request,
            "activities/staff/admin_cancel_confirm.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext("Cancel activities"),
                "opts": self.model._meta,
                "objects": activities,
                "people": sum(a.seats_taken for a in activities),
                "waiting": sum(a.waitlist_count for a in activities),
                "form": form,
                "action": "cancel_activities",
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(
        description=_("Fill free seats from the waitlist"), permissions=["staff"]
    )
    def promote_waitlists(self, request, queryset):
        promoted = 0
        for activity in queryset:
            promoted += len(services.waitlist_promote(activity_id=activity.pk))
        self.message_user(
            request,
            ngettext(
                "%(count)d person was moved up from the waitlist.",
                "%(count)d people were moved up from the waitlist.",
                promoted,
            )
            % {"count": promoted},
            messages.SUCCESS if promoted else messages.INFO,
        )

    @admin.action(description=_("Export the attendance (CSV)"), permissions=["staff"])
    def export_attendance(self, request, queryset):
        registrations = (
            Registration.objects.filter(activity__in=queryset.values("pk"))
            .select_related("activity", "user", "checked_in_by")
            .order_by("activity__starts_at", "activity_id", "created_at", "id")
        )
        header = [
            gettext("Activity"),
            gettext("Starts at"),
            gettext("Full name"),
            gettext("Phone number"),
            gettext("Status"),
            gettext("Companions"),
            gettext("Checked in at"),
            gettext("Checked in by"),
            gettext("Walk-in"),
        ]
        yes, no = gettext("Yes"), gettext("No")

        def rows():
            for registration in registrations.iterator(chunk_size=500):
                yield [
                    registration.activity.title,
                    local_minute(registration.activity.starts_at),
                    registration.user.name or registration.user.username,
                    registration.user.phone,
                    registration.get_status_display(),
                    registration.companions,
                    local_minute(registration.checked_in_at),
                    registration.checked_in_by or "",
                    yes if registration.is_walk_in else no,
                ]

        return csv_download(
            f"attendance-{timezone.localdate():%Y%m%d}.csv", header, rows()
        )
