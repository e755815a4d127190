"""Account writes: signing up and editing one's own profile."""

import pytest
from django.core.exceptions import ValidationError

from community_portal.accounts.models import User
from community_portal.accounts.services import user_profile_update, user_signup
from tests.factories import BuildingFactory, GridFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_signup_creates_a_plain_resident_with_a_hashed_password():
    building = BuildingFactory(number=7, grid=GridFactory(number=3))

    user = user_signup(
        username="wangfang",
        name=" 王芳 ",
        password="Yue-cube-2024!",
        phone="13900001111",
        birth_year=1956,
        building_id=building.pk,
    )

    user.refresh_from_db()
    assert user.name == "王芳"
    assert user.phone == "13900001111"
    assert user.birth_year == 1956
    assert user.building_id == building.pk
    assert user.check_password("Yue-cube-2024!")
    assert not user.is_staff
    assert not user.groups.exists()


def test_signup_gives_a_taken_username_a_free_variant_and_says_nothing():
    UserFactory(username="wangfang")

    user = user_signup(
        username="WangFang", name="王芳", password="Yue-cube-2024!", phone="13900001111"
    )

    assert user.username == "WangFang-2"


def test_signup_without_a_username_makes_one():
    user = user_signup(
        username="", name="王芳", password="Yue-cube-2024!", phone="13900001111"
    )

    assert user.username == "jm1111"


def test_an_all_digit_password_is_no_longer_refused_for_being_digits():
    user = user_signup(
        username="", name="王芳", password="80651739204", phone="13900001111"
    )

    assert user.check_password("80651739204")


@pytest.mark.parametrize("password", ["1234567", "x" * 129])
def test_passwords_are_8_to_128_characters(password):
    with pytest.raises(ValidationError):
        user_signup(username="", name="王芳", password=password, phone="13900001111")


def test_signup_refuses_a_weak_password_and_creates_nothing():
    with pytest.raises(ValidationError):
        user_signup(username="wangfang", name="王芳", password="12345678")

    assert not User.objects.filter(username="wangfang").exists()


def test_signup_refuses_a_bad_phone_and_creates_nothing():
    with pytest.raises(ValidationError) as excinfo:
        user_signup(
            username="wangfang", name="王芳", password="Yue-cube-2024!", phone="12ab"
        )

    assert "phone" in excinfo.value.message_dict
    assert not User.objects.filter(username="wangfang").exists()


def test_profile_update_saves_the_given_fields():
    user = UserFactory(name="张小明", phone="13800000000")
    building = BuildingFactory(number=12, grid=GridFactory(number=5))

    user_profile_update(
        user=user,
        name="张晓明",
        phone="13911112222",
        email="zxm@example.org",
        birth_year=1950,
        building=building,
    )

    user.refresh_from_db()
    assert (user.name, user.phone, user.email, user.birth_year) == (
        "张晓明",
        "13911112222",
        "zxm@example.org",
        1950,
    )
    assert user.building_id == building.pk


def test_profile_update_refuses_other_fields():
    user = UserFactory()

    with pytest.raises(TypeError):
        user_profile_update(user=user, is_staff=True)

    user.refresh_from_db()
    assert not user.is_staff


def test_profile_update_with_an_invalid_value_saves_nothing_and_restores_the_object():
    user = UserFactory(name="张小明", phone="13800000000")

    with pytest.raises(ValidationError):
        user_profile_update(user=user, name="张晓明", phone="not-a-phone")

    assert (user.name, user.phone) == ("张小明", "13800000000")
    user.refresh_from_db()
    assert (user.name, user.phone) == ("张小明", "13800000000")


def test_a_walk_in_account_has_no_usable_password_and_a_free_username():
    from community_portal.accounts.services import user_create_walk_in

    first = user_create_walk_in(name="王阿姨", phone="13800001111")
    second = user_create_walk_in(name="王阿姨", phone="13800001111")

    assert first.username == "walkin13800001111"
    assert second.username == "walkin13800001111-2"
    assert not first.has_usable_password()


def test_a_walk_in_with_a_bad_phone_creates_nothing():
    from django.core.exceptions import ValidationError

    from community_portal.accounts.models import User
    from community_portal.accounts.services import user_create_walk_in

    with pytest.raises(ValidationError):
        user_create_walk_in(name="王阿姨", phone="12ab")
    assert not User.objects.filter(name="王阿姨").exists()
