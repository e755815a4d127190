"""Sign-up and profile forms: what residents may type, and the building select."""

import pytest
from django.utils import translation

from community_portal.accounts.forms import ProfileForm, SignupForm
from tests.factories import BuildingFactory, GridFactory, UserFactory

pytestmark = pytest.mark.django_db

VALID = {
    "name": "王芳",
    "username": "wangfang",
    "phone": "13900001111",
    "birth_year": "",
    "building": "",
    "password1": "Yue-cube-2024!",
    "password2": "Yue-cube-2024!",
}


def test_signup_form_needs_only_name_phone_and_password():
    form = SignupForm(data={**VALID, "username": ""})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["building"] is None
    assert form.cleaned_data["birth_year"] is None


def test_phone_is_kept_as_digits_however_it_is_typed():
    form = SignupForm(data={**VALID, "phone": "139 0000-1111"})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == "13900001111"


@pytest.mark.parametrize(
    "phone", ["12ab", "123", "1390000111122223333", "23900001111", "1390000111"]
)
def test_phone_in_a_wrong_format_is_refused(phone):
    form = SignupForm(data={**VALID, "phone": phone})

    assert not form.is_valid()
    assert "phone" in form.errors


def test_a_taken_username_or_number_is_not_revealed():
    UserFactory(username="wangfang", phone="13900001111")

    form = SignupForm(data={**VALID, "username": "WangFang"})

    assert form.is_valid(), form.errors


def test_the_mobile_number_is_required_and_must_be_mainland():
    missing = SignupForm(data={**VALID, "phone": ""})
    foreign = SignupForm(data={**VALID, "phone": "+44 7700 900123"})

    assert "phone" in missing.errors
    with translation.override("en"):
        assert "mainland China mobile number" in str(foreign.errors["phone"])


def test_the_phone_input_is_a_numeric_tel_field():
    html = str(SignupForm()["phone"])

    assert 'type="tel"' in html
    assert 'inputmode="numeric"' in html
    assert 'autocomplete="tel"' in html


def test_passwords_must_match_and_be_strong():
    mismatch = SignupForm(data={**VALID, "password2": "something-else-2024"})
    weak = SignupForm(data={**VALID, "password1": "12345678", "password2": "12345678"})

    assert "password2" in mismatch.errors
    assert "password2" in weak.errors


def test_birth_year_cannot_be_in_the_future():
    form = SignupForm(data={**VALID, "birth_year": "2099"})

    assert not form.is_valid()
    assert "birth_year" in form.errors


def test_blank_name_is_refused():
    form = SignupForm(data={**VALID, "name": "   "})

    assert not form.is_valid()
    assert "name" in form.errors


def test_building_select_groups_buildings_by_grid():
    grid_1, grid_2 = GridFactory(number=1), GridFactory(number=2)
    building_2 = BuildingFactory(number=2, grid=grid_1)
    building_1 = BuildingFactory(number=1, grid=grid_1)
    building_3 = BuildingFactory(number=3, grid=grid_2)

    choices = list(SignupForm().fields["building"].choices)

    assert choices[0][0] == ""
    groups = [
        (label, [value.instance for value, _label in options])
        for label, options in choices[1:]
    ]
    assert groups == [
        (str(grid_1), [building_1, building_2]),
        (str(grid_2), [building_3]),
    ]


def test_profile_form_accepts_a_building():
    building = BuildingFactory(number=4, grid=GridFactory(number=1))
    user = UserFactory()

    form = ProfileForm(
        data={
            "name": "张小明",
            "phone": "13800000000",
            "email": "",
            "birth_year": "1950",
            "building": str(building.pk),
        },
        instance=user,
    )

    assert form.is_valid(), form.errors
    assert form.cleaned_data["building"] == building
