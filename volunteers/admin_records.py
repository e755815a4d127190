"""Admin of volunteer records: issued certificates (read-only: issued through the
service), the national-system hours export and certificate issuing as actions.
Identity numbers appear masked in the lists."""

from django.contrib import admin, messages
from django.db.models import Max, Min
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from community_portal.admin import PortalAdminMixin, ReadOnlyMixin
from community_portal.errors import ServiceError

from . import services
from .models import ServiceCertificate
from .national import national_csv
from .selectors import national_hours


@admin.register(ServiceCertificate)
class ServiceCertificateAdmin(ReadOnlyMixin, PortalAdminMixin, admin.ModelAdmin):
    list_display = ["serial", "masked_holder", "hours", "issued_on", "issuer"]
    list_filter = ["issued_on"]
    list_select_related = ["volunteer__user", "issued_by"]
    search_fields = ["serial", "volunteer__number"]
    date_hierarchy = "issued_on"

    @admin.display(description=_("Name on the certificate"))
    def masked_holder(self, obj):
        return obj.volunteer.masked_name


@admin.display(description=_("Identity document number"))
def masked_id_number(obj):
    return obj.masked_id_number


@admin.action(
    description=_("Export the selected verified hours for the national system"),
    permissions=["staff"],
)
def export_national(modeladmin, request, queryset):
    verified = queryset.verified()
    bounds = verified.aggregate(start=Min("served_on"), end=Max("served_on"))
    if bounds["start"] is None:
        modeladmin.message_user(
            request, gettext("None of the selected hours is verified."), messages.ERROR
        )
        return None
    entries = national_hours(start=bounds["start"], end=bounds["end"], entries=verified)
    return national_csv(entries, start=bounds["start"], end=bounds["end"])


@admin.action(
    description=_("Issue certificates of all verified hours"), permissions=["staff"]
)
def issue_certificates(modeladmin, request, queryset):
    issued, refused = 0, 0
    for volunteer_id in queryset.values_list("pk", flat=True):
        try:
            services.certificate_issue(volunteer_id=volunteer_id, by_user=request.user)
        except ServiceError:
            refused += 1
        else:
            issued += 1
    message = gettext("%(count)s certificates issued.") % {"count": issued}
    if refused:
        message += " " + gettext(
            "%(count)s volunteers have no verified hours or are not approved."
        ) % {"count": refused}
    modeladmin.message_user(request, message)
