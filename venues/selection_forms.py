"""Forms of the selections: a nomination, an objection during 公示. They parse and
render; the rules (periods, a required photo) are the services'."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from community_portal.images import MultiplePhotoField
from grids.models import Building

from .forms import BuildingField
from .models import Nomination


class NominationForm(forms.Form):
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    is_self = forms.TypedChoiceField(
        label=_("Whom do you nominate?"),
        choices=[("1", _("My own family or courtyard")), ("0", _("A neighbour"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        initial="1",
    )
    nominee_name = forms.CharField(
        label=_("Who is nominated"),
        max_length=60,
        help_text=_("A family, a courtyard or a cook, e.g. “3幢 王家”."),
    )
    building = BuildingField(
        label=_("Building"),
        queryset=Building.objects.order_by("number"),
        required=False,
        empty_label=_("Choose the building"),
        help_text=_("The winners are shown on their grid's page."),
    )
    story = forms.CharField(
        label=_("Their story"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("In a few lines: why they deserve it."),
    )
    photos = MultiplePhotoField(label=_("Photos"))

    def __init__(self, *args, photo_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photos"].help_text = (
            _("At least 1 photo, up to 6.") if photo_required else _("Up to 6 photos.")
        )
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())

    def clean_submission_key(self):
        return self.cleaned_data.get("submission_key") or uuid.uuid4()


class CandidateField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.nominee_name


class ObjectionForm(forms.Form):
    nomination = CandidateField(
        label=_("About which candidate?"),
        queryset=Nomination.objects.none(),
        required=False,
        empty_label=_("The results as a whole"),
    )
    text = forms.CharField(
        label=_("Your objection"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only community staff read it; they will look into it."),
    )

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if candidates is not None:
            self.fields["nomination"].queryset = candidates
