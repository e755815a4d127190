"""Registrations in the admin: looked at, and changed only through the services
(the actions here, the sign-up inline on the activity)."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from community_portal.admin import (
    PortalAdminMixin,
    ReadOnlyMixin,
    SearchRelatedFilter,
    StaffActionMixin,
)
from community_portal.errors import ServiceError

from .. import services
from ..models import Registration


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
        ("activity", SearchRelatedFilter),
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
            except ServiceError as error:
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
