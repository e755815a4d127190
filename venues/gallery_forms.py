"""Forms of the 悦珍阁 gallery: a resident submitting a work, and the gallery's
filters."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from community_portal.images import MultiplePhotoField
from grids.models import Grid

from .models import Work


class GridField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class WorkForm(forms.Form):
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(
        label=_("Title"),
        max_length=80,
        error_messages={"required": _("Give your work a title.")},
    )
    kind = forms.ChoiceField(
        label=_("Kind of work"),
        choices=[("", "---------"), *Work.Kind.choices],
        error_messages={"required": _("Choose what kind of work it is.")},
    )
    story = forms.CharField(
        label=_("The story of the work"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What it shows, how you made it, what it means to you."),
    )
    studio = forms.ModelChoiceField(
        label=_("Studio"),
        queryset=Work._meta.get_field("studio")
        .related_model._default_manager.filter(strand="talent_studio", is_active=True)
        .order_by("name"),
        required=False,
        empty_label=_("Not from a studio"),
    )
    grid = GridField(
        label=_("Grid"),
        queryset=Grid.objects.order_by("number"),
        required=False,
        empty_label=_("Not given"),
    )
    photos = MultiplePhotoField(
        label=_("Photos"),
        required=True,
        help_text=_("1 to 6 photos of the work."),
        error_messages={"required": _("Add at least one photo of your work.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())

    def clean_submission_key(self):
        return self.cleaned_data.get("submission_key") or uuid.uuid4()
