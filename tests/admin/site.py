"""The admin's registry as the tests see it, and helpers to post its forms."""

from io import BytesIO

from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import MultiWidget
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from PIL import Image

from activities.models import (
    Rating,
    Registration,
)
from community_portal.accounts.models import Household, User
from community_portal.accounts.roles import STAFF_EDITABLE_APPS
from venues.models import Nomination, Objection, SpaceBooking, Vote, Work
from volunteers.models import (
    HoursEntry,
    PointsEntry,
    Redemption,
    ServiceCertificate,
    ServiceRequest,
    TeamMembership,
    Volunteer,
    VolunteerShift,
)

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)
# Community staff may only look at users; everything outside the content apps (auth
# groups, the login-attempt log) is for superusers. The volunteer alliance's ledgers
# (applications, hours, points, redemptions, requests) are written only through
# ``volunteers.services``: staff look at them and act through admin actions.
VIEW_ONLY = {
    User,
    # Registrations change through ``activities.services`` (actions, the door);
    # ratings are the residents' own words.
    Registration,
    Rating,
    Volunteer,
    TeamMembership,
    VolunteerShift,
    HoursEntry,
    PointsEntry,
    Redemption,
    ServiceRequest,
    # Certificates are issued through ``volunteers.services`` (the page, the action).
    ServiceCertificate,
    # Bookings change through ``venues.services`` (the pages, the actions).
    SpaceBooking,
    # The residents' works: curated through the gallery's services (the actions).
    Work,
    # Nominations, votes and objections change through ``venues.services``.
    Nomination,
    Vote,
    Objection,
}


# Households (户) are accounts' rows that staff keep the register of.
STAFF_EDITABLE_MODELS = {Household}


def staff_access(model) -> str:
    if model in VIEW_ONLY:
        return "view"
    if model._meta.app_label in STAFF_EDITABLE_APPS or model in STAFF_EDITABLE_MODELS:
        return "full"
    return "none"


STAFF_VISIBLE = [model for model in REGISTERED if staff_access(model) != "none"]


def admin_url(model, view: str, *args) -> str:
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


def jpeg(size=(64, 48), colour=(200, 30, 30)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="JPEG")
    return buffer.getvalue()


def upload(name="photo.jpg", data=None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg() if data is None else data, "image/jpeg")


def in_chinese(message) -> str:
    """A message as the (Chinese by default) admin shows it, HTML-escaped."""
    with translation.override("zh-hans"):
        return escape(translation.gettext(str(message)))


def model_id(model) -> str:
    return model._meta.label_lower


def post_add(client, model, data):
    """POST the add form of ``model`` with ``data``, on top of the form's simple
    defaults and empty management forms for every inline (so that fields with defaults
    and inlines added later do not break these tests)."""
    url = admin_url(model, "add")
    page = client.get(url)
    assert page.status_code == 200
    full = {}
    for bound in page.context["adminform"].form:
        initial = bound.initial
        if isinstance(bound.field.widget, MultiWidget) or initial is None:
            continue
        if initial is False or initial == "":
            continue
        if initial is True:
            full[bound.html_name] = "on"
        elif isinstance(initial, int | str):
            full[bound.html_name] = str(initial)
    for inline in page.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        full.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    full.update(data)
    return client.post(url, full)


def post_change(client, obj, data):
    """POST ``obj``'s change form as its page shows it (the form's values and every
    inline's management form and existing rows), with ``data`` on top."""
    url = admin_url(type(obj), "change", obj.pk)
    page = client.get(url)
    assert page.status_code == 200
    full = {}
    for bound in page.context["adminform"].form:
        value = bound.value()
        if isinstance(bound.field.widget, MultiWidget) or value in (None, False, ""):
            continue
        full[bound.html_name] = "on" if value is True else str(value)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            full[f"{formset.prefix}-{name}"] = management[name].value()
        for form in formset.initial_forms:
            for bound in form:
                value = bound.value()
                if value not in (None, False, "") and not hasattr(value, "url"):
                    full[bound.html_name] = str(value)
    full.update(data)
    return client.post(url, full)


def field_errors(response, field) -> list[str]:
    assert response.status_code == 200, "the form should come back with its errors"
    with translation.override("zh-hans"):
        return [
            str(e) for e in response.context["adminform"].form.errors.get(field, [])
        ]


def truncated_jpeg() -> bytes:
    buffer = BytesIO()
    Image.effect_noise((400, 400), 64).convert("RGB").save(buffer, format="JPEG")
    whole = buffer.getvalue()
    return whole[: len(whole) // 2]


def oversize_jpeg() -> bytes:
    data = jpeg()
    return data + b"\0" * (20 * 1024 * 1024 + 1 - len(data))


def junk_for(client, model) -> dict:
    """A forged value for every choice and number field of the add form."""
    form = client.get(admin_url(model, "add")).context["adminform"].form
    junk = {}
    for name, field in form.fields.items():
        if isinstance(field, forms.ModelMultipleChoiceField):
            junk[name] = ["abc", "1.5"]
        elif isinstance(field, forms.ModelChoiceField | forms.ChoiceField):
            junk[name] = "abc"
        elif isinstance(field, forms.IntegerField | forms.DecimalField):
            junk[name] = "x"
    return junk
