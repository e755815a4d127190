"""Forms of the resident pages: the list's filters, signing up and rating.

The forms check types and lengths; the rules
(seats, windows, who may rate) are ``activities.services``'s.
"""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from activities.forms.widgets import (
    LeanDateInput,
    LeanNumberInput,
    LeanSelect,
    LeanTextInput,
)
from activities.models import Audience
from activities.selectors import ActivityFilters, FilterChoices
from activities.services import RATING_COMMENT_MAX_LENGTH
from community_portal.forms import MAX_DATABASE_ID
from volunteers.models import Strand

SEARCH_MAX_LENGTH = 100
# Enough for any family; the activity's own limit is the service's to check.
COMPANIONS_FIELD_MAX = 20
# Dates a visitor can ask for: years outside this are typing mistakes.
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


def _date_field(label) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=LeanDateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Please enter a date such as 2026-12-05.")},
    )


class ActivityFilterForm(forms.Form):
    """The list page's filters, read from the query string.

    Every field is optional and a bad value of one never stops the others: the
    view shows the field's error and filters by the rest (``filters()``).
    Slugs are taken as typed (an unknown one matches nothing), so a link from
    another page or a calendar subscription keeps working without the choices.
    """

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        widget=LeanTextInput(
            attrs={"type": "search", "placeholder": _("For example: health, 中秋")}
        ),
    )
    date_from = _date_field(_("From"))
    date_to = _date_field(_("To"))
    audience = forms.ChoiceField(
        label=_("Who it is for"),
        required=False,
        choices=[("", _("Everyone and anyone"))] + Audience.choices,
        widget=LeanSelect,
    )
    strand = forms.ChoiceField(
        label=_("Kind of activity"),
        required=False,
        choices=[("", _("All kinds"))] + Strand.choices,
        widget=LeanSelect,
    )
    campaign = forms.SlugField(
        label=_("Central-work campaign"), required=False, widget=LeanTextInput
    )
    venue = forms.SlugField(label=_("Venue"), required=False, widget=LeanTextInput)
    space = forms.IntegerField(
        label=_("Room or space"),
        required=False,
        min_value=1,
        max_value=MAX_DATABASE_ID,
        widget=LeanNumberInput,
    )
    team = forms.SlugField(
        label=_("Project team"), required=False, widget=LeanTextInput
    )
    alliance = forms.SlugField(
        label=_("Partner unit"), required=False, widget=LeanTextInput
    )

    # The filters tucked away under "More filters" on small screens.
    MORE = ("strand", "campaign", "venue", "space", "team", "alliance")

    def __init__(self, *args, choices: FilterChoices | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("date_from", "date_to"):
            self.fields[name].widget.attrs.update(
                {"min": f"{EARLIEST_YEAR}-01-01", "max": f"{LATEST_YEAR}-12-31"}
            )
        if choices is not None:
            self._set_choices(choices)
        for field in self.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = "form-select" if is_select else "form-control"

    def _set_choices(self, choices: FilterChoices) -> None:
        def select(name, options, empty):
            self.fields[name].widget = LeanSelect(choices=[("", empty), *options])

        select(
            "campaign",
            [(campaign.slug, campaign.name) for campaign in choices.campaigns],
            _("All campaigns"),
        )
        select(
            "venue",
            [(venue.slug, venue.name) for venue in choices.venues],
            _("All venues"),
        )
        grouped: dict[str, list] = {}
        for space in choices.spaces:
            grouped.setdefault(space.venue.name, []).append((space.pk, space.name))
        select("space", list(grouped.items()), _("All rooms and spaces"))
        select(
            "team",
            [(team.slug, team.name) for team in choices.teams],
            _("All teams"),
        )
        select(
            "alliance",
            [(alliance.slug, alliance.name) for alliance in choices.alliances],
            _("All partner units"),
        )

    def clean_q(self) -> str:
        return " ".join(self.cleaned_data["q"].split())

    def _clean_date(self, name: str) -> datetime.date | None:
        value = self.cleaned_data[name]
        if value and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
            raise forms.ValidationError(
                _("Please choose a date between %(first)s and %(last)s.")
                % {"first": EARLIEST_YEAR, "last": LATEST_YEAR},
                code="out_of_range",
            )
        return value

    def clean_date_from(self):
        return self._clean_date("date_from")

    def clean_date_to(self):
        return self._clean_date("date_to")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error(
                "date_to", _("The end date must not be before the start date.")
            )
        return cleaned

    def filters(self) -> ActivityFilters:
        """The valid filters; a field with an error filters nothing."""
        self.is_valid()
        data = self.cleaned_data
        return ActivityFilters(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            strand=data.get("strand") or "",
            campaign=data.get("campaign") or "",
            venue=data.get("venue") or "",
            space=data.get("space"),
            team=data.get("team") or "",
            alliance=data.get("alliance") or "",
            audience=data.get("audience") or "",
            q=data.get("q") or "",
        )

    @property
    def more_is_used(self) -> bool:
        """Whether a "More filters" field has a value (so the section is open)."""
        return any(self.data.get(name) for name in self.MORE)


class RegistrationForm(forms.Form):
    companions = forms.IntegerField(
        label=_("Companions"),
        min_value=0,
        max_value=COMPANIONS_FIELD_MAX,
        required=False,
        initial=0,
    )

    # For an adult of a household: who of it is coming (each a seat of their own).
    include_self = forms.BooleanField(label=_("Me"), required=False, initial=True)
    members = forms.TypedMultipleChoiceField(
        label=_("Who is coming"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Choose members of your own household."),
        },
    )

    def __init__(self, *args, max_companions: int = 0, household_members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.household_members = list(household_members)
        self.fields["members"].choices = [
            (member.pk, f"{member.name} ({member.birth_year})")
            for member in self.household_members
        ]
        if self.household_members and not self.is_bound:
            self.initial.setdefault("include_self", True)
        field = self.fields["companions"]
        field.widget = forms.Select(
            attrs={"class": "form-select form-select-lg"},
            choices=[
                (number, _("Just me") if number == 0 else f"+{number}")
                for number in range(max_companions + 1)
            ],
        )
        field.help_text = _("People coming with you (for example your child).")

    def clean_companions(self) -> int:
        return self.cleaned_data["companions"] or 0

    def clean_include_self(self) -> bool:
        # Without a household, the form is the plain "sign me up".
        return self.cleaned_data["include_self"] or not self.household_members

    def clean(self):
        cleaned = super().clean()
        if (
            self.household_members
            and not cleaned.get("include_self")
            and not cleaned.get("members")
            and "members" not in self.errors
        ):
            self.add_error("members", _("Choose who is coming."))
        return cleaned

    @property
    def picked_members(self) -> list[int]:
        """The member ids ticked (as typed, for the form shown again)."""
        if not self.is_bound:
            return []
        return [int(value) for value in self.data.getlist("members") if value.isdigit()]

    @property
    def is_party(self) -> bool:
        """Whether household members were picked (a party sign-up)."""
        return bool(self.cleaned_data.get("members"))


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How did you like it?"),
        coerce=int,
        choices=[(number, str(number)) for number in range(5, 0, -1)],
        widget=forms.RadioSelect(attrs={"class": "star-input"}),
        error_messages={"required": _("Please choose from 1 to 5 stars.")},
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=RATING_COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )
