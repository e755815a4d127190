"""The staff forms of the activities app.

The staff forms (the door, walk-ins, the record, the satisfaction range, the
admin's cancel confirmation) only check what a form can: types and lengths.
The rules (who may check in, seats, windows) are ``activities.services``'s, and
the views put their refusals back on the page.
"""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community_portal.accounts.models import User, phone_validator
from community_portal.images import MAX_PHOTOS_PER_ENTRY, MultiplePhotoField

# The record service keeps at most this many photos per record (the shared limit).
RECORD_MAX_PHOTOS = MAX_PHOTOS_PER_ENTRY
RECORD_SUMMARY_MAX_LENGTH = 5000
MAX_WALK_IN_COMPANIONS = 20
# Years a satisfaction report may span: enough for any comparison, bounded work.
SATISFACTION_MAX_YEARS = 5
# Dates the report can cover at all (9999-12-31 + one day is no date).
SATISFACTION_FIRST_YEAR = 2000
SATISFACTION_LAST_YEAR = 2100


class StaffCheckinCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Check-in code"),
        max_length=64,
        help_text=_(
            "Type the code under the resident's QR code, for example 1024-37-K7QXM2PA."
        ),
        error_messages={"required": _("Please type or scan a check-in code.")},
        widget=forms.TextInput(
            attrs={
                "class": "form-control-lg checkin-code-input",
                "autocomplete": "off",
                "autocapitalize": "characters",
                "autocorrect": "off",
                "spellcheck": "false",
                "inputmode": "text",
                "enterkeyhint": "go",
                "autofocus": True,
                "data-checkin-code": "",
            }
        ),
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split()).upper()


def _companions_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Companions"),
        min_value=0,
        max_value=MAX_WALK_IN_COMPANIONS,
        initial=0,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class StaffWalkInSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Find a resident"),
        max_length=50,
        required=False,
        help_text=_(
            "Part of the name, username or phone number (at least 2 characters)."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "type": "search"}),
    )


class StaffWalkInUserForm(forms.Form):
    """Someone with an account, found by the search."""

    user = forms.ModelChoiceField(
        queryset=User.objects.filter(is_active=True),
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": _("This person could not be found. Please search again.")
        },
    )
    companions = _companions_field()

    def clean_companions(self) -> int:
        return self.cleaned_data["companions"] or 0


class StaffWalkInNewForm(forms.Form):
    """Someone without an account: a minimal resident's account is made for them."""

    name = forms.CharField(label=_("Full name"), max_length=50)
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=24,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    companions = _companions_field()

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Please enter the name."), code="required")
        return name

    def clean_phone(self) -> str:
        # Typed as it is read out ("139 1234 5678"), checked without the spaces.
        phone = "".join(self.cleaned_data["phone"].split())
        phone_validator(phone)
        return phone

    def clean_companions(self) -> int:
        return self.cleaned_data["companions"] or 0


class RecordForm(forms.Form):
    summary = forms.CharField(
        label=_("Write-up"),
        max_length=RECORD_SUMMARY_MAX_LENGTH,
        help_text=_("What happened, who took part, what residents said."),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Please write a summary.")},
    )
    photos = MultiplePhotoField(
        label=_("Photos"),
        max_files=RECORD_MAX_PHOTOS,
        help_text=_(
            "Several at once if you like. Photos are made smaller and their "
            "location data removed."
        ),
    )
    publish = forms.BooleanField(
        label=_("Publish on the highlights page and the activity page"),
        required=False,
    )

    def clean_summary(self) -> str:
        summary = self.cleaned_data["summary"].strip()
        if not summary:
            raise forms.ValidationError(_("Please write a summary."), code="required")
        return summary


def default_satisfaction_range(
    today: datetime.date | None = None,
) -> tuple[datetime.date, datetime.date]:
    """The last 12 months: from the first day of the month 11 months back to
    today."""
    today = today or timezone.localdate()
    index = today.year * 12 + today.month - 1 - 11
    return datetime.date(index // 12, index % 12 + 1, 1), today


class StaffSatisfactionRangeForm(forms.Form):
    start = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def _clean_date(self, name: str) -> datetime.date | None:
        value = self.cleaned_data.get(name)
        if value is not None and not (
            SATISFACTION_FIRST_YEAR <= value.year <= SATISFACTION_LAST_YEAR
        ):
            raise forms.ValidationError(
                _("Please choose a date between %(first)s and %(last)s.")
                % {"first": SATISFACTION_FIRST_YEAR, "last": SATISFACTION_LAST_YEAR}
            )
        return value

    def clean_start(self):
        return self._clean_date("start")

    def clean_end(self):
        return self._clean_date("end")

    def clean(self):
        cleaned = super().clean()
        default_start, default_end = default_satisfaction_range()
        start = cleaned.get("start") or default_start
        end = cleaned.get("end") or default_end
        if "start" in self.errors or "end" in self.errors:
            return cleaned
        if end < start:
            self.add_error("end", _("The end date must not be before the start date."))
        elif (end - start).days > 366 * SATISFACTION_MAX_YEARS:
            self.add_error(
                "start",
                _("Please choose at most %(years)s years.")
                % {"years": SATISFACTION_MAX_YEARS},
            )
        cleaned["start"], cleaned["end"] = start, end
        return cleaned

    def date_range(self) -> tuple[datetime.date, datetime.date]:
        """The chosen range, or the default one when the form is not valid."""
        if self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"]
        return default_satisfaction_range()


class ActivityCancelForm(forms.Form):
    """The admin's confirmation before calling activities off."""

    reason = forms.CharField(
        label=_("Reason for cancelling"),
        max_length=200,
        required=False,
        help_text=_("Sent to everyone registered, with the cancellation notice."),
    )
