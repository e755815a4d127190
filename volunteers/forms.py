"""Forms of the volunteer alliance pages: they validate and render; the writes are
in ``volunteers.services``."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community_portal.forms import BoundedModelMultipleChoiceField
from community_portal.images import MultiplePhotoField

from .identity import IdType
from .models import ServiceCategory, Team, availability_choices


class ApplyForm(forms.Form):
    skills = forms.CharField(
        label=_("Your skills"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example: haircuts, small repairs, first aid, reading to children."
        ),
    )
    availability = forms.MultipleChoiceField(
        label=_("When you are usually free"),
        required=False,
        choices=availability_choices,
        widget=forms.CheckboxSelectMultiple,
    )
    teams = BoundedModelMultipleChoiceField(
        label=_("Teams you would like to join"),
        required=False,
        queryset=Team.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teams"].queryset = Team.objects.active()


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class HoursForm(forms.Form):
    shift = forms.TypedChoiceField(label=_("Volunteer and activity"), coerce=int)
    hours = forms.CharField(
        label=_("Hours"),
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_("For example 2 or 2.5; at most 24 in a day."),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, shifts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shift"].choices = [
            (
                shift.pk,
                f"{shift.volunteer.user.name} · {shift.role.activity.title} · "
                f"{timezone.localtime(shift.role.activity.starts_at):%Y-%m-%d}",
            )
            for shift in shifts
        ]


class ServiceRequestForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Service"), queryset=ServiceCategory.objects.none(), empty_label=None
    )
    description = forms.CharField(
        label=_("What is needed"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    wanted_at = forms.DateTimeField(
        label=_("When"),
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        ),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    place = forms.CharField(
        label=_("Where"),
        max_length=200,
        help_text=_("Building, unit and room, or another place."),
    )
    contact_phone = forms.RegexField(
        label=_("Contact phone"),
        regex=r"^\+?\d{7,15}$",
        required=False,
        max_length=16,
        error_messages={"invalid": _("Enter a valid phone number (7–15 digits).")},
        widget=forms.TextInput(
            attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}
        ),
    )
    requester_phone = forms.CharField(
        label=_("Resident's phone number"),
        required=False,
        max_length=16,
        widget=forms.TextInput(
            attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"}
        ),
        help_text=_(
            "Staff ordering for a resident: the phone number in their account."
        ),
    )

    def __init__(self, *args, for_staff=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = ServiceCategory.objects.filter(
            is_active=True
        )
        if not for_staff:
            del self.fields["requester_phone"]


class DispatchForm(forms.Form):
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.active()


class CompleteForm(forms.Form):
    note = forms.CharField(
        label=_("What was done"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    hours = forms.CharField(
        label=_("Hours it took"),
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_("For example 1 or 1.5; staff verify them."),
    )
    photos = MultiplePhotoField(label=_("Photos (optional)"))


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How was it?"),
        coerce=int,
        choices=[(n, "★" * n) for n in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters"}
        ),
    )


class IdentityForm(forms.Form):
    """The real-name fields; the checks (the ID checksum) are in the service, so
    the apply page and the profile page refuse the same numbers."""

    legal_name = forms.CharField(
        label=_("Legal name"),
        max_length=50,
        required=False,
        help_text=_("As on your identity document."),
    )
    id_type = forms.ChoiceField(
        label=_("Identity document type"),
        required=False,
        choices=[("", "---------"), *IdType.choices],
    )
    id_number = forms.CharField(
        label=_("Identity document number"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=_(
            "Needed to record your hours in the national volunteer system. Only you "
            "and community staff see it in full."
        ),
    )

    IDENTITY_FIELDS = ("legal_name", "id_type", "id_number")

    def identity(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.IDENTITY_FIELDS}


class ApplyIdentityForm(ApplyForm, IdentityForm):
    """Applying, with the optional real name."""


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class NationalExportForm(forms.Form):
    start = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("csv", "CSV"), ("xlsx", "Excel (.xlsx)")],
        initial="csv",
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The start of the period is after its end."))
        return data


class SerialForm(forms.Form):
    serial = forms.RegexField(
        label=_("Certificate serial number"),
        max_length=20,
        # Letters, the year and the number: nothing else can be a serial (and
        # nothing else is put into the page's address).
        regex=r"^\s*[A-Za-z]{2,5}-\d{4}-\d{1,9}\s*$",
        error_messages={
            "invalid": _("A serial number looks like YGY-2026-000123."),
        },
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "placeholder": "YGY-2026-000123",
            }
        ),
    )
