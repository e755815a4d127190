"""Forms of the bookings of spaces: a resident's booking, a staff decision, a
staff block. They parse and render; the rules are the services'."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Space
from .services.bookings import MAX_WEEKS


def _aware(date: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(date, time), timezone.get_default_timezone()
    )


class BookingForm(forms.Form):
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    start = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    slots = forms.TypedChoiceField(label=_("Length"), coerce=int)
    weeks = forms.IntegerField(
        label=_("Repeat weekly for"),
        min_value=1,
        max_value=MAX_WEEKS,
        initial=1,
        help_text=_("Weeks, for a team's or studio's regular slot; 1 for once."),
    )
    note = forms.CharField(label=_("Purpose"), max_length=200, required=False)

    def __init__(self, *args, space: Space, **kwargs):
        super().__init__(*args, **kwargs)
        self.space = space
        self.fields["slots"].choices = [
            (
                count,
                _("%(minutes)d minutes") % {"minutes": count * space.slot_minutes},
            )
            for count in range(1, space.max_slots + 1)
        ]

    def times(self) -> tuple[datetime.datetime, datetime.datetime]:
        data = self.cleaned_data
        starts_at = _aware(data["date"], data["start"])
        return starts_at, starts_at + datetime.timedelta(
            minutes=self.space.slot_minutes * data["slots"]
        )


class BookingDecisionForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Decision"),
        choices=[("confirm", _("Approve")), ("refuse", _("Refuse"))],
    )
    reason = forms.CharField(
        label=_("Reason for refusal"), max_length=200, required=False
    )


class BlockForm(forms.Form):
    space = forms.ModelChoiceField(
        label=_("Space"), queryset=Space.objects.exclude(booking_mode="off")
    )
    starts_at = forms.DateTimeField(
        label=_("From"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=_("Until"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    reason = forms.CharField(label=_("Reason"), max_length=200)
