"""Volunteer records the national system accepts: the volunteer's real-name
identity, certificates with a serial number and their public check, and the staff
export of verified hours in the national system's columns.

Identity numbers are kept out of Django's error reports
(``sensitive_post_parameters``) and out of every message."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from community_portal.errors import ServiceError, raise_refusal
from community_portal.permissions import staff_required
from community_portal.qr import qr_svg
from volunteers import selectors, services
from volunteers.forms import IdentityForm, NationalExportForm, PeriodForm, SerialForm
from volunteers.national import national_csv, national_xlsx

from .common import refused_redirect


def form_refusal(form, error: ServiceError) -> None:
    """A refusal shown on the form it came from, at its field when it names one."""
    raise_refusal(error)
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


@sensitive_post_parameters("id_number")
@login_required
@require_http_methods(["GET", "POST"])
def identity(request):
    volunteer = selectors.volunteer_get(user=request.user)
    if volunteer is None:
        return redirect("volunteers:apply")
    initial = {
        "legal_name": volunteer.legal_name,
        "id_type": volunteer.id_type,
        "id_number": volunteer.id_number,
    }
    form = IdentityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.volunteer_identity_set(user=request.user, **form.identity())
        except ServiceError as error:
            form_refusal(form, error)
        else:
            messages.success(request, _("Your real-name details are saved."))
            return redirect("volunteers:me")
    return render(
        request, "volunteers/identity.html", {"form": form, "volunteer": volunteer}
    )


@login_required
@require_POST
def certificate_issue(request):
    fallback = reverse("volunteers:certificate")
    volunteer = selectors.volunteer_get(user=request.user)
    if volunteer is None:
        raise Http404
    form = PeriodForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please enter the dates as YYYY-MM-DD."))
        return redirect(fallback)
    try:
        certificate = services.certificate_issue(
            volunteer_id=volunteer.pk,
            by_user=request.user,
            period_start=form.cleaned_data["start"],
            period_end=form.cleaned_data["end"],
        )
    except ServiceError as error:
        return refused_redirect(request, error, fallback)
    messages.success(
        request,
        _("Certificate %(serial)s issued.") % {"serial": certificate.serial},
    )
    return redirect(certificate.get_absolute_url())


@login_required
@require_GET
def certificate_detail(request, serial: str):
    """The printable certificate, for its holder and staff (404 for anyone else)."""
    certificate = selectors.certificate_for_viewer(serial=serial, user=request.user)
    if certificate is None:
        raise Http404
    verify_url = request.build_absolute_uri(certificate.verify_path)
    return render(
        request,
        "volunteers/certificate_detail.html",
        {
            "certificate": certificate,
            "volunteer": certificate.volunteer,
            "verify_url": verify_url,
            "qr": qr_svg(
                verify_url,
                css_class="certificate-qr",
                title=_("Check this certificate"),
            ),
        },
    )


@require_GET
def certificate_verify(request):
    """Type a serial number; a known one goes to its page."""
    form = SerialForm(request.GET or None)
    if form.is_bound and form.is_valid():
        serial = selectors.normalise_serial(form.cleaned_data["serial"])
        return redirect("volunteers:certificate_verify_serial", serial=serial)
    return render(request, "volunteers/certificate_verify.html", {"form": form})


@require_GET
def certificate_verify_serial(request, serial: str):
    """The public check of a certificate: no personal data beyond a masked name. An
    unknown serial is a 404 with a clear message and the form to try again."""
    found = selectors.certificate_verify(serial=serial)
    return render(
        request,
        "volunteers/certificate_verify.html",
        {
            "form": SerialForm(initial={"serial": selectors.normalise_serial(serial)}),
            "found": found,
            "searched": selectors.normalise_serial(serial),
        },
        status=200 if found else 404,
    )


@staff_required
@require_GET
def staff_national_export(request):
    """Verified hours of a period in the national system's batch-import columns."""
    form = NationalExportForm(request.GET or None)
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        entries = selectors.national_hours(start=start, end=end)
        export = (
            national_xlsx if form.cleaned_data["format"] == "xlsx" else national_csv
        )
        return export(entries, start=start, end=end)
    return render(request, "volunteers/national_export.html", {"form": form})
