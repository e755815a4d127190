"""Users in the admin: staff look, superusers manage."""

from django.contrib.auth.models import Group

from community_portal.accounts.models import User
from community_portal.permissions import Role
from tests.admin.site import (
    admin_url,
)

# --- Users: staff look, superusers manage --------------------------------------------


def test_staff_cannot_change_a_user_or_their_groups(client, staff_user, resident):
    client.force_login(staff_user)
    url = admin_url(User, "change", resident.pk)
    response = client.post(
        url, {"username": "resident", "name": "张小明", "groups": [1, 2, 3]}
    )
    assert response.status_code == 403
    assert not resident.groups.exists()


def test_a_superuser_creates_a_user_and_assigns_a_role(client, resident):
    root = User.objects.create_superuser(
        username="root", password="pass-word-123", name="管理员"
    )
    client.force_login(root)
    response = client.post(
        admin_url(User, "add"),
        {
            "username": "liduizhang",
            "name": "李队长",
            "phone": "13812341234",
            "password1": "Lantern-Festival-2025",
            "password2": "Lantern-Festival-2025",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(username="liduizhang")
    assert user.name == "李队长"
    assert user.check_password("Lantern-Festival-2025")

    leader_group = Group.objects.get(name=Role.TEAM_LEADER)
    change = client.get(admin_url(User, "change", user.pk))
    form = change.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and value is not None and name != "password"
    }
    data.update(
        {
            "groups": [leader_group.pk],
            "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
            "building": "",
        }
    )
    data.pop("date_joined", None)
    data.pop("last_login", None)
    response = client.post(admin_url(User, "change", user.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(user.groups.all()) == [leader_group]
