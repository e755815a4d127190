"""Forms of the talk corridor (说事长廊): raising a matter, and staff handling it."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from community_portal.images import MultiplePhotoField
from grids.models import Building

from .models import Matter


class BuildingField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class MatterForm(forms.Form):
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(
        label=_("Title"),
        max_length=80,
        help_text=_("In a few words: what is the matter?"),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    category = forms.ChoiceField(label=_("Category"), choices=Matter.Category.choices)
    building = BuildingField(
        label=_("Building"),
        queryset=Building.objects.order_by("number"),
        required=False,
        empty_label=_("Not about one building"),
    )
    is_anonymous = forms.BooleanField(
        label=_("Show it anonymously to the public"),
        required=False,
        help_text=_(
            "Otherwise your name is shown masked (张*明). Community staff always see who raised a matter."
        ),
    )
    photos = MultiplePhotoField(
        label=_("Photos"), help_text=_("Up to 6 photos. Optional.")
    )

    def __init__(self, *args, with_photos: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_photos:
            del self.fields["photos"]
            del self.fields["submission_key"]
        elif not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())

    def clean_submission_key(self):
        return self.cleaned_data.get("submission_key") or uuid.uuid4()


class MatterHandleForm(forms.Form):
    ACTIONS = [
        ("accept", _("Accept")),
        ("reply", _("Reply in public")),
        ("progress", _("Set in progress")),
        ("resolve", _("Resolve")),
        ("hide", _("Hide")),
        ("show", _("Show again")),
    ]
    action = forms.ChoiceField(label=_("Action"), choices=ACTIONS)
    text = forms.CharField(
        label=_("Reply, note or reason"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Replies and notes appear in the public timeline; a reason for hiding "
            "is shown only to the resident and the staff. Needed to reply, resolve "
            "and hide."
        ),
    )
