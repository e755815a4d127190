"""Role checks: one groups query per user object, whatever the number of checks."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from community_portal.permissions import (
    Role,
    forget_roles,
    is_community_staff,
    is_team_leader,
    user_has_role,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_roles_are_read_once_per_user_object(django_assert_num_queries):
    user = UserFactory(roles=[Role.TEAM_LEADER])
    with django_assert_num_queries(1):
        for _ in range(45):
            assert is_team_leader(user)
            assert not is_community_staff(user)


def test_a_changed_group_shows_after_forgetting_the_cache():
    user = UserFactory()
    assert not is_community_staff(user)
    user.groups.add(Group.objects.get(name=Role.STAFF))
    assert not is_community_staff(user)  # still the cached answer
    forget_roles(user)
    assert is_community_staff(user)


def test_superusers_have_every_role_and_anonymous_none(django_assert_num_queries):
    admin = UserFactory(is_superuser=True)
    with django_assert_num_queries(0):
        assert all(user_has_role(admin, role) for role in Role)
        assert not any(user_has_role(AnonymousUser(), role) for role in Role)
