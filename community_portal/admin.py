"""Admin pieces every app's admin shares: uploads checked by the image pipeline's
rules, autocomplete widgets that survive forged values, small list thumbnails, and
the read-only and staff-action mixins."""

from django.conf import settings
from django.contrib.admin.filters import RelatedFieldListFilter
from django.contrib.admin.widgets import (
    SELECT2_TRANSLATIONS,
    AutocompleteSelect,
    AutocompleteSelectMultiple,
)
from django.core.exceptions import ValidationError
from django.db.models import DateTimeField
from django.forms import Media, SplitDateTimeWidget
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext

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
    fields the widgets above. Filtered changelists do not count the whole table
    again (a second count of 200,000 rows for "N total"). A page holds 50 rows, not
    Django's 100: staff read the lists on phones too, where a hundred rows of many
    columns is a long scroll and twice the HTML to draw; the paginator is a tap away."""

    show_full_result_count = False
    list_per_page = 50

    @property
    def media(self):
        media = super().media
        if any(
            isinstance(spec, (list, tuple))
            and isinstance(spec[-1], type)
            and issubclass(spec[-1], SearchRelatedFilter)
            for spec in getattr(self, "list_filter", ())
        ):
            media += search_filter_media()
        return media

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


def search_filter_media() -> Media:
    """The admin's own autocomplete (select2, in the page's language) for the
    search-box filter, in the order Django's autocomplete widget loads it."""
    i18n = SELECT2_TRANSLATIONS.get(get_language())
    extra = "" if settings.DEBUG else ".min"  # the names the admin's media use
    return Media(
        js=[
            f"admin/js/vendor/jquery/jquery{extra}.js",
            f"admin/js/vendor/select2/select2.full{extra}.js",
            *([f"admin/js/vendor/select2/i18n/{i18n}.js"] if i18n else []),
            "admin/js/jquery.init.js",
            "admin/js/autocomplete.js",
            "js/admin_search_filter.js",
        ],
        css={
            "screen": [
                f"admin/css/vendor/select2/select2{extra}.css",
                "admin/css/autocomplete.css",
            ]
        },
    )


class SearchRelatedFilter(RelatedFieldListFilter):
    """A changelist filter for a relation with thousands of rows (a registration's
    activity): a search box of the admin's own autocomplete instead of a link for
    every row. Only the chosen value is looked up; the search asks the related
    model's admin (its ``search_fields``) page by page."""

    template = "admin/filters/search_related.html"

    def _chosen_ids(self) -> list[int]:
        chosen = []
        for value in self.lookup_val or []:
            try:
                chosen.append(int(value))
            except (TypeError, ValueError):
                continue
        return chosen

    def field_choices(self, field, request, model_admin):
        chosen = self._chosen_ids()
        if not chosen:
            return []
        return field.get_choices(
            include_blank=False, limit_choices_to={"pk__in": chosen}
        )

    def has_output(self):
        return True

    def get_facet_counts(self, pk_attname, filtered_qs):
        return {}

    def choices(self, changelist):
        source = self.field.model._meta
        self.search = {
            "param": self.lookup_kwarg,
            "app_label": source.app_label,
            "model_name": source.model_name,
            "field_name": self.field.name,
            "clear_url": changelist.get_query_string(
                remove=[self.lookup_kwarg, self.lookup_kwarg_isnull]
            ),
        }
        yield from super().choices(changelist)
