"""Admin pieces every app's admin shares: uploads checked by the image pipeline's
rules, autocomplete widgets that survive forged values, small list thumbnails, and
the read-only and staff-action mixins."""

from django.contrib.admin.widgets import (
    AutocompleteSelect,
    AutocompleteSelectMultiple,
)
from django.core.exceptions import ValidationError
from django.db.models import DateTimeField
from django.forms import SplitDateTimeWidget
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext

from community_portal.permissions import is_community_staff
from community_portal.private_media import image_url

PREVIEW_SIZE = 60


def image_preview(image, *, size: int = PREVIEW_SIZE) -> str:
    """A small ``<img>`` of the pipeline's thumbnail beside ``image`` ('' when none)."""
    if not image:
        return ""
    url = image_url(image, thumb=True)
    # A height attribute, not a style: the CSP forbids inline styles; the width
    # follows the picture's own proportions.
    return format_html('<img src="{}" alt="" height="{}" loading="lazy">', url, size)


def name_list(objects) -> str:
    """The objects' names as one short list column (no query: pass prefetched ones)."""
    return gettext(", ").join(str(obj) for obj in objects)


class ValidValuesOnlyMixin:
    """Django's autocomplete widgets look the submitted ids up as they are when a form
    comes back with errors: a forged id such as ``abc`` raised ``ValueError`` (a 500)
    instead of the field's "select a valid choice". Ids that cannot be valid are
    dropped before the look-up; the form field still reports them."""

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        target = remote.model._meta.get_field(
            getattr(remote, "field_name", None) or remote.model._meta.pk.name
        )
        valid = []
        for item in value:
            try:
                target.get_prep_value(target.to_python(item))
            except (ValidationError, ValueError, TypeError):
                continue
            valid.append(item)
        return super().optgroups(name, valid, attr)


class SafeAutocompleteSelect(ValidValuesOnlyMixin, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(ValidValuesOnlyMixin, AutocompleteSelectMultiple):
    pass


class PortalAdminMixin:
    """For every model admin and inline of the portal: processed image fields use the
    checked upload field (with the admin's usual file widget), and autocomplete
    fields the widgets above."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        widget = getattr(formfield, "widget", None)
        # The admin's date-and-time field is two boxes under one label: name each box.
        if isinstance(db_field, DateTimeField) and isinstance(
            getattr(widget, "widget", widget), SplitDateTimeWidget
        ):
            split = getattr(widget, "widget", widget)
            date_box, time_box = split.widgets
            label = capfirst(db_field.verbose_name)
            date_box.attrs["aria-label"] = gettext("%(field)s: date") % {"field": label}
            time_box.attrs["aria-label"] = gettext("%(field)s: time") % {"field": label}
        return formfield

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(
            request
        ):
            kwargs["widget"] = SafeAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(
            request
        ):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class StaffActionMixin:
    """Admin actions with ``allowed_permissions = ["staff"]``: community staff only.
    Each action calls the app's service, which checks the rules (and the status
    pipeline) again."""

    def has_staff_permission(self, request) -> bool:
        return is_community_staff(request.user)


class ReadOnlyMixin:
    """Looked at, never edited in the admin: the writes go through the services."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
