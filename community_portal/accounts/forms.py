"""Residents' account forms: sign-up, profile and household. They validate;
services write."""

import re
from itertools import groupby

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import HouseholdMember, User, mobile_validator

# Spaces, dashes and dots people type inside a phone number: 138 0000 1234.
PHONE_SEPARATORS = re.compile(r"[\s\-.()]")
# The country code of mainland China, typed before the number: +86 138…, 0086 138….
CHINA_PREFIX = re.compile(r"^(\+86|0086)(?=1\d{10}$)")


class PhoneInput(forms.TextInput):
    input_type = "tel"


class PhoneField(forms.CharField):
    """A mainland mobile number typed any way (138 0000-1234, +86 138…), kept as its
    11 digits (13800001234). Anything else (a landline, a foreign number) is refused
    with a message that says what is wanted: SMS reaches mobiles only."""

    default_validators = [mobile_validator]

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Mobile number"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault(
            "widget",
            PhoneInput(
                attrs={
                    "inputmode": "numeric",
                    "autocomplete": "tel",
                    "placeholder": "13800001234",
                }
            ),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        return CHINA_PREFIX.sub("", PHONE_SEPARATORS.sub("", super().to_python(value)))


class BuildingChoiceIterator(forms.models.ModelChoiceIterator):
    """The buildings in one ``<optgroup>`` per grid: 第1网格 → 1幢, 2幢, 3幢."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for grid, buildings in groupby(self.queryset, key=lambda b: b.grid):
            yield (str(grid), [self.choice(building) for building in buildings])


def _building_model():
    """The model behind ``User.building``, reached through the field, so that accounts
    (below grids in the layers) never imports grids."""
    return User._meta.get_field("building").remote_field.model


class BuildingChoiceField(forms.ModelChoiceField):
    iterator = BuildingChoiceIterator

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "queryset",
            _building_model()
            .objects.select_related("grid")
            .order_by("grid__number", "number"),
        )
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Building"))
        kwargs.setdefault("empty_label", _("— Choose your building —"))
        kwargs.setdefault(
            "help_text", _("Optional. The building you live in tells us your grid.")
        )
        super().__init__(**kwargs)


def birth_month_field() -> forms.TypedChoiceField:
    """An optional birth month, 1 to 12 (the 悦寿宴 marks each quarter's
    birthdays); left empty it stays unknown."""
    return forms.TypedChoiceField(
        label=_("Birth month"),
        choices=[("", "—")] + [(month, str(month)) for month in range(1, 13)],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Optional. The 悦寿宴 celebrates each quarter's birthdays."),
    )


class ResidentFieldsMixin:
    """Cleaning shared by sign-up and profile: a name that is not blank, a real birth
    year."""

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise ValidationError(_("Please enter your name."), code="required")
        return name

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        if year is not None and year > timezone.localdate().year:
            raise ValidationError(
                _("The birth year cannot be in the future."), code="future"
            )
        return year


class SignupForm(ResidentFieldsMixin, UserCreationForm):
    """Name and mobile number, an optional username, birth year and building, the
    password twice.

    ``UserCreationForm`` brings the password pair and the password validators. The
    form never says that a username or a number is taken (that would tell anyone who
    has an account): a taken username is given a free variant by the service, and a
    number already in use is accepted (families share one phone; such a number logs
    nobody in by itself, the usernames do). The view hands ``cleaned_data`` to
    ``services.user_signup``; ``save()`` is not used.
    """

    phone = PhoneField(
        required=True,
        help_text=_(
            "11 digits, starting with 1. You log in with it, and get notices and "
            "password codes by SMS."
        ),
    )
    building = BuildingChoiceField()

    class Meta:
        model = User
        fields = ["name", "phone", "username", "birth_year", "building"]
        help_texts = {
            "name": _("Your real name, as your neighbours and the staff know you."),
            "username": _(
                "Optional. Another way to log in: letters, digits and @/./+/-/_. "
                "Left empty, we choose one for you."
            ),
            "birth_year": _("Optional. Some activities are for older residents."),
        }
        widgets = {
            "birth_year": forms.NumberInput(
                attrs={"inputmode": "numeric", "placeholder": "1955"}
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The first field takes the focus (UserCreationForm gives it to username).
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["name"].widget.attrs.update(
            {"autocomplete": "name", "autofocus": True}
        )
        self.fields["username"].required = False
        self.fields["username"].widget.attrs.update(
            {"autocapitalize": "none", "autocomplete": "username"}
        )

    def clean_username(self):
        # No "already taken": the service picks a free variant (see the docstring).
        return self.cleaned_data.get("username", "").strip()


class ProfileForm(ResidentFieldsMixin, forms.ModelForm):
    phone = PhoneField()
    birth_month = birth_month_field()
    building = BuildingChoiceField()

    class Meta:
        model = User
        fields = [
            "name",
            "phone",
            "email",
            "birth_year",
            "birth_month",
            "building",
            # Which channels carry my notices beside the portal's own list.
            "notify_email",
            "notify_sms",
            "notify_push",
        ]
        help_texts = {
            "email": _("Optional. Needed to reset a forgotten password by e-mail."),
        }
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "birth_year": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }


class HouseholdForm(forms.Form):
    """Register one's household: the address (building and room)."""

    building = BuildingChoiceField(
        required=True,
        help_text=_("The building your household lives in."),
        error_messages={"required": _("Choose your building.")},
    )
    room = forms.CharField(
        label=_("Unit / room"),
        max_length=20,
        help_text=_("For example 2-301."),
        error_messages={"required": _("Enter the unit and room, for example 2-301.")},
    )


class HouseholdMemberForm(forms.Form):
    """A family member without an account: a child, an elder."""

    name = forms.CharField(
        label=_("Full name"),
        max_length=50,
        error_messages={"required": _("Enter the member's name.")},
    )
    birth_year = forms.IntegerField(
        label=_("Birth year"),
        min_value=1900,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"required": _("Enter the member's birth year.")},
    )
    birth_month = birth_month_field()
    relation = forms.ChoiceField(
        label=_("Relation"),
        choices=HouseholdMember.Relation.choices[1:],
        initial=HouseholdMember.Relation.CHILD,
    )

    def clean_birth_year(self) -> int:
        year = self.cleaned_data["birth_year"]
        this_year = timezone.localdate().year
        if year > this_year:
            raise ValidationError(
                _("Enter a birth year between 1900 and %(year)s."),
                params={"year": this_year},
            )
        return year


class SmsResetRequestForm(forms.Form):
    """The mobile number to send a password reset code to."""

    phone = PhoneField(required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].widget.attrs["autofocus"] = True


class SmsResetConfirmForm(forms.Form):
    """The code from the SMS and the new password, twice. The service checks the
    code and the password's strength (it needs the account)."""

    code = forms.RegexField(
        label=_("Code from the SMS"),
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        error_messages={"invalid": _("The code is the 6 digits in the SMS.")},
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "autofocus": True,
                "maxlength": 6,
            }
        ),
    )
    new_password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters; a short sentence is easy to remember."),
    )
    new_password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        one, two = cleaned.get("new_password1"), cleaned.get("new_password2")
        if one and two and one != two:
            self.add_error("new_password2", _("The two passwords are not the same."))
        return cleaned
