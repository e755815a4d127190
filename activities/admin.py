"""Admin of the central-work campaigns, the activities and everything around them:
registrations, series, records (纪实) and ratings.

Writes that have rules (seats, the waitlist, check-in, publishing, cancelling with
notices, generating a series) go through ``activities.services``: the actions and
``save_model``/``save_formset`` call them, never change the rows themselves.
Registrations and ratings are looked at here, not edited.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from community_portal.admin import PortalAdminMixin, image_preview, name_list
from community_portal.csv_export import csv_download, local_minute
from community_portal.permissions import is_community_staff

from . import services
from .forms import ActivityCancelForm
from .models import (
    Activity,
    ActivityRecord,
    ActivitySeries,
    Campaign,
    Rating,
    RecordPhoto,
    Registration,
)
from .services import RegistrationError


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


# --- CSV -----------------------------------------------------------------------------


# --- activities ------------------------------------------------------------------------


class RegistrationInline(PortalAdminMixin, ReadOnlyMixin, admin.TabularInline):
    """Who signed up, as it stands. Changes go through the actions and the door."""

    model = Registration
    verbose_name = _("Registration")
    verbose_name_plural = _("Registrations")
    fields = [
        "user",
        "status",
        "companions",
        "created_at",
        "checked_in_at",
        "is_walk_in",
    ]
    readonly_fields = fields
    ordering = ["created_at", "id"]
    extra = 0
    can_delete = False
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).with_related()


class RegistrationAddForm(forms.ModelForm):
    class Meta:
        model = Registration
        fields = ["user", "companions"]

    def validate_unique(self):
        # The sign-up service decides (one active registration per person,
        # under the activity's lock) and says so in plain words.
        pass

    def _post_clean(self):
        # Nothing is saved from this form: only the fields are checked.
        pass


class RegistrationAddInline(PortalAdminMixin, admin.TabularInline):
    """Sign someone up on their behalf (a phone call, a visit): through the same
    service as the site, so seats, the waitlist and the window hold; the age rule
    is waived by the staff member, and recorded."""

    model = Registration
    form = RegistrationAddForm
    fields = ["user", "companions"]
    autocomplete_fields = ["user"]
    verbose_name = _("New registration")
    verbose_name_plural = _("Register someone")
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).none()

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.registers_through_service = True
        return formset


class ActivityAdminForm(forms.ModelForm):
    class Meta:
        model = Activity
        # The admin passes the fields of its fieldsets; this is the one checked here.
        fields = ["status"]

    def clean_status(self):
        status = self.cleaned_data.get("status")
        old = self.initial.get("status")
        if (
            self.instance.pk
            and status == Activity.Status.CANCELLED
            and old != Activity.Status.CANCELLED
        ):
            raise forms.ValidationError(
                _(
                    "To cancel an activity, use the action “Cancel the selected "
                    "activities” in the list: it tells everyone registered."
                ),
                code="cancel_through_action",
            )
        return status


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
    autocomplete_fields = ["venue", "space", "team", "alliance", "grid"]
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
        (_("Where"), {"fields": ["venue", "space", "grid", "location"]}),
        (
            _("Organised by"),
            {"fields": ["strand", "team", "alliance", "campaigns"]},
        ),
    ]
    staff_fields = ["staff_pages", "registration_counts"]

    def get_fieldsets(self, request, obj=None):
        # A field added to the model later is never hidden: it lands under "More".
        fieldsets = list(super().get_fieldsets(request, obj))
        listed = set(flatten_fieldsets(fieldsets))
        if obj is not None:
            fieldsets.insert(0, (_("Staff pages"), {"fields": self.staff_fields}))
            listed |= set(self.staff_fields)
        rest = [name for name in self.get_fields(request, obj) if name not in listed]
        if rest:
            fieldsets.append((_("More"), {"fields": rest}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly + self.staff_fields if obj is not None else readonly

    def get_inline_instances(self, request, obj=None):
        # A new activity has nobody registered yet (and takes nobody as a draft).
        if obj is None:
            return []
        return super().get_inline_instances(request, obj)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .with_related()
            .with_registration_counts()
            .with_attendance()
        )

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
        super().save_model(request, obj, form, change)
        if change and "capacity" in form.changed_data:
            # More seats: the waitlist moves up at once, in order, with notices.
            promoted = services.waitlist_promote(activity_id=obj.pk)
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
            except RegistrationError as error:
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
            except RegistrationError as error:
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
                except RegistrationError as error:
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
                "activities": activities,
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


class CheckedInFilter(admin.SimpleListFilter):
    title = _("checked in")
    parameter_name = "checked_in"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(checked_in_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(checked_in_at__isnull=True)
        return queryset


@admin.register(Registration)
class RegistrationAdmin(
    StaffActionMixin, ReadOnlyMixin, PortalAdminMixin, admin.ModelAdmin
):
    list_display = [
        "activity",
        "person",
        "phone",
        "status",
        "companions",
        "created_at",
        "checked_in_at",
        "is_walk_in",
    ]
    list_filter = [
        "status",
        CheckedInFilter,
        "is_walk_in",
        "activity__strand",
        ("activity", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["activity", "user"]
    search_fields = [
        "user__name",
        "user__username",
        "user__phone",
        "activity__title",
    ]
    ordering = ["-created_at", "-id"]
    actions = ["cancel_registrations", "check_in_registrations"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_related()

    @admin.display(description=_("Resident"), ordering="user__name")
    def person(self, obj):
        return obj.user.name or obj.user.username

    @admin.display(description=_("Phone number"))
    def phone(self, obj):
        return obj.user.masked_phone

    def _run(self, request, queryset, call, done_message: str) -> None:
        done, refused = 0, []
        for registration in queryset:
            try:
                call(registration)
            except RegistrationError as error:
                refused.append(f"{registration}: {error.message}")
            else:
                done += 1
        if done:
            self.message_user(request, done_message % {"count": done}, messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.ERROR)

    @admin.action(
        description=_("Cancel the selected registrations"), permissions=["staff"]
    )
    def cancel_registrations(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda registration: services.registration_cancel(
                registration_id=registration.pk, user=request.user, by_staff=True
            ),
            gettext("Registrations cancelled: %(count)d."),
        )

    @admin.action(
        description=_("Check in the selected registrations"), permissions=["staff"]
    )
    def check_in_registrations(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda registration: services.registration_check_in(
                registration_id=registration.pk, by_user=request.user
            ),
            gettext("Checked in: %(count)d."),
        )


# --- series, records, ratings -------------------------------------------------------


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
            except RegistrationError as error:
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


class RecordPhotoInline(PortalAdminMixin, admin.TabularInline):
    model = RecordPhoto
    fields = ["image", "preview", "caption", "position"]
    readonly_fields = ["preview"]
    extra = 0

    @admin.display(description=_("Preview"))
    def preview(self, obj):
        return image_preview(obj.image)


@admin.register(ActivityRecord)
class ActivityRecordAdmin(StaffActionMixin, PortalAdminMixin, admin.ModelAdmin):
    """Publishing goes through the action (the record page's checkbox does the
    same): the first publication time is kept."""

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

    def save_model(self, request, obj, form, change):
        if obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)

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
            except RegistrationError as error:
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
