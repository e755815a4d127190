"""The portal's user model, its manager and the role groups made by migrate."""

import pytest
from django.contrib.auth.models import Group, Permission

from community_portal.accounts.models import User
from community_portal.accounts.roles import STAFF_EDITABLE_APPS
from community_portal.permissions import Role, is_community_staff, user_has_role

from .factories import StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_create_user_keeps_name_and_hashes_password():
    user = User.objects.create_user(
        username="zhangxm",
        password="pass-word-123",
        name="张小明",
        email="ZXM@Example.ORG",
    )
    user.refresh_from_db()
    assert user.name == "张小明"
    assert user.email == "ZXM@example.org"
    assert user.check_password("pass-word-123")
    assert user.password != "pass-word-123"
    assert not user.is_staff
    assert not user.is_superuser
    assert user.is_active


def test_create_superuser_sets_the_flags():
    user = User.objects.create_superuser(
        username="root", password="pass-word-123", name="管理员"
    )
    assert user.is_staff
    assert user.is_superuser
    assert user.name == "管理员"


def test_create_superuser_refuses_is_staff_false():
    with pytest.raises(ValueError, match="is_staff"):
        User.objects.create_superuser(
            username="root", password="pass-word-123", name="管理员", is_staff=False
        )


def test_str_is_the_name_or_the_username():
    assert str(UserFactory(username="a", name="李四")) == "李四"
    assert str(UserFactory(username="nameless", name="")) == "nameless"


def test_masked_name_and_phone():
    user = UserFactory(name="欧阳小明", phone="13812341234")
    assert user.masked_name == "欧**明"
    assert user.masked_phone == "138****1234"
    assert user.get_full_name() == user.get_short_name() == "欧阳小明"


def test_the_three_role_groups_exist_after_migrate():
    names = set(Group.objects.values_list("name", flat=True))
    assert {Role.STAFF, Role.TEAM_LEADER, Role.GRID_WORKER} <= names


def test_staff_group_holds_every_content_permission_and_only_view_on_users():
    staff = Group.objects.get(name=Role.STAFF)
    content = Permission.objects.filter(content_type__app_label__in=STAFF_EDITABLE_APPS)
    assert content.count() > 0
    granted = set(staff.permissions.all())
    assert set(content) <= granted
    for app_label in STAFF_EDITABLE_APPS:
        for action in ("add", "change", "delete", "view"):
            assert any(
                p.content_type.app_label == app_label and p.codename.startswith(action)
                for p in granted
            ), f"{action} on {app_label}"
    account_codenames = {
        p.codename for p in granted if p.content_type.app_label == "accounts"
    }
    # Households are staff's to keep in order; accounts themselves only to read.
    assert {c for c in account_codenames if c.endswith("_user")} == {"view_user"}
    assert account_codenames - {"view_user"} == {
        f"{action}_{model}"
        for action in ("add", "change", "delete", "view")
        for model in ("household", "householdmember")
    }
    assert not any(p.content_type.app_label == "auth" for p in granted)


def test_other_role_groups_hold_no_admin_permission():
    for role in (Role.TEAM_LEADER, Role.GRID_WORKER):
        assert not Group.objects.get(name=role).permissions.exists()


def test_staff_user_gets_content_permissions_through_the_group():
    user = StaffUserFactory()
    user = User.objects.get(pk=user.pk)  # a fresh permission cache
    assert not user.is_superuser
    assert user.has_perm("activities.change_activity")
    assert user.has_perm("venues.add_space")
    assert user.has_perm("grids.delete_building")
    assert user.has_perm("volunteers.change_team")
    assert user.has_perm("accounts.view_user")
    assert not user.has_perm("accounts.change_user")
    assert not user.has_perm("auth.change_group")


def test_role_helpers(resident, staff_user, team_leader, grid_worker):
    assert is_community_staff(staff_user)
    assert not is_community_staff(resident)
    assert user_has_role(team_leader, Role.TEAM_LEADER)
    assert not user_has_role(team_leader, Role.STAFF)
    assert user_has_role(grid_worker, Role.GRID_WORKER)
    superuser = User.objects.create_superuser(
        username="root", password="pass-word-123", name="管理员"
    )
    assert is_community_staff(superuser)
