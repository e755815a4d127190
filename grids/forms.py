"""Forms of the grids app: the admin forms give the grid rules their own plain words;
the grid workers' phone forms (visit log, issue report, sorting check) and the staff
forms come after them.

The phone forms only check what a form can (types, lengths, photos through the image
pipeline); the rules (own grids only, no future dates, counts that add up) are the
services' to enforce, and the views put their refusals back on the fields.
"""

import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community_portal.images import MultiplePhotoField

from .models import Building, Grid, IssueCategory, IssueReport, VisitTopic

GRID_NUMBER_MESSAGE = _("The grid number must be between 1 and 9.")


class GridAdminForm(forms.ModelForm):
    class Meta:
        model = Grid
        fields = [
            "number",
            "theme",
            "theme_meaning",
            "slogan",
            "stairwell",
            "description",
            "cover",
            "workers",
        ]
        # Codes of the model's Min/MaxValueValidator; the form replaces their generic
        # "Ensure this value is …" with the rule itself.
        error_messages = {
            "number": {
                "min_value": GRID_NUMBER_MESSAGE,
                "max_value": GRID_NUMBER_MESSAGE,
            }
        }


class BuildingAdminForm(forms.ModelForm):
    class Meta:
        model = Building
        fields = ["number", "grid", "households"]
        error_messages = {
            "grid": {"required": _("Every building must belong to a grid.")},
        }


# --- The grid worker's phone forms ------------------------------------------------------


class BuildingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} · {obj.grid.theme}"


class GridWorkForm(forms.Form):
    """What the three entry forms share: the building among the worker's own grids,
    and the hidden key that makes a double-tapped submit save once."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    # Set by the phone's outbox (static/js/outbox.js): when the entry was written.
    written_at = forms.DateTimeField(widget=forms.HiddenInput, required=False)
    building = BuildingChoiceField(
        label=_("Building"),
        queryset=Building.objects.none(),
        empty_label=_("Choose a building"),
        error_messages={
            "invalid_choice": _("Choose a building in your own grids."),
            "required": _("Choose the building."),
        },
    )

    def __init__(self, *args, buildings=None, **kwargs):
        super().__init__(*args, **kwargs)
        if buildings is not None:
            self.fields["building"].queryset = buildings
        if not self.is_bound and "submission_key" in self.fields:
            self.initial.setdefault("submission_key", uuid.uuid4())

    def clean_written_at(self):
        # Never later than now; a bad value is today's entry, not an error.
        written_at = self.cleaned_data.get("written_at")
        now = timezone.now()
        return min(written_at, now) if written_at else now

    def clean_submission_key(self):
        # A form from an old page (or a forged one) gets a fresh key, not an error.
        return self.cleaned_data.get("submission_key") or uuid.uuid4()


class VisitLogForm(GridWorkForm):
    visited_on = forms.DateField(
        label=_("Date of the visit"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    unit = forms.CharField(
        label=_("Unit / room"),
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("For example 2-301")}),
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=VisitTopic.objects.active(),
        empty_label=_("Choose a topic"),
    )
    notes = forms.CharField(
        label=_("Notes"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    photos = MultiplePhotoField(
        label=_("Photos"), help_text=_("Up to 6 photos. Optional.")
    )


class IssueReportForm(GridWorkForm):
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=IssueCategory.objects.active(),
        empty_label=_("Choose a category"),
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"),
        choices=IssueReport.Urgency.choices,
        initial=IssueReport.Urgency.NORMAL,
        widget=forms.RadioSelect,
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    photos = MultiplePhotoField(
        label=_("Photos"), help_text=_("Up to 6 photos. Optional.")
    )


class SortingCheckForm(GridWorkForm):
    checked_on = forms.DateField(
        label=_("Date of the check"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    households_checked = forms.IntegerField(
        label=_("Households checked"),
        min_value=1,
        max_value=10000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    households_correct = forms.IntegerField(
        label=_("Households sorting correctly"),
        min_value=0,
        max_value=10000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    households_aware = forms.IntegerField(
        label=_("Households aware of the rules"),
        help_text=_("From the short door-step survey."),
        min_value=0,
        max_value=10000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    notes = forms.CharField(label=_("Notes"), max_length=500, required=False)


# --- Staff ------------------------------------------------------------------------------


class IssueAssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Handled by"), queryset=None, empty_label=_("Choose a person")
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = people


class IssueResolveForm(forms.Form):
    resolution = forms.CharField(
        label=_("How it was resolved"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ExportForm(forms.Form):
    start = forms.DateField(
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=_("To"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            raise forms.ValidationError(
                _("The start date must not be after the end date.")
            )
        return cleaned
