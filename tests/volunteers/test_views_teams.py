"""The project-team pages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from activities.models import Activity
from tests.factories import ActivityFactory, TeamFactory, UserFactory
from tests.volunteers.factories import (
    TeamMembershipFactory,
    VolunteerFactory,
)
from volunteers.models import (
    Strand,
)

pytestmark = pytest.mark.django_db


def test_team_list_groups_teams_by_strand(client):
    TeamFactory(name="我们的节日", strand=Strand.TRADITIONAL_CULTURE)
    TeamFactory(name="悦公益", strand=Strand.VOLUNTEERING)
    TeamFactory(name="已停办的团队", is_active=False)

    response = client.get(reverse("volunteers:team_list"))

    # The page's own content: the menu names 悦公益 too.
    html = response.content.decode()
    content = html[html.index("<main") : html.index("</main>")]
    with override("zh-hans"):
        traditional = str(Strand.TRADITIONAL_CULTURE.label)
        volunteering = str(Strand.VOLUNTEERING.label)
        talent = str(Strand.TALENT_STUDIO.label)
    assert content.index(traditional) < content.index("我们的节日")
    assert content.index("我们的节日") < content.index(volunteering)
    assert content.index(volunteering) < content.index("悦公益")
    assert talent not in content  # no empty strand headings
    assert "已停办的团队" not in content


def test_team_detail_masks_the_leader_and_lists_activities(client):
    leader = UserFactory(name="李建国")
    team = TeamFactory(name="书画工作室", leader=leader, description="每周三练字。")
    ActivityFactory(team=team, title="书法体验课")
    ActivityFactory(
        team=team,
        title="上周的写春联",
        starts_at=timezone.now() - datetime.timedelta(days=7),
    )
    ActivityFactory(team=team, title="还在草稿", status=Activity.Status.DRAFT)

    response = client.get(team.get_absolute_url())

    content = response.content.decode()
    assert "李*国" in content
    assert "李建国" not in content
    assert "每周三练字。" in content
    assert "书法体验课" in content
    assert "上周的写春联" in content
    assert "还在草稿" not in content


def test_unknown_team_is_404(client):
    response = client.get(reverse("volunteers:team_detail", args=["nobody"]))

    assert response.status_code == 404


def test_team_page_lists_members_masked(client):
    team = TeamFactory()
    TeamMembershipFactory(
        team=team, volunteer=VolunteerFactory(user=UserFactory(name="王小红"))
    )
    content = client.get(team.get_absolute_url()).content.decode()
    assert "王*红" in content and "王小红" not in content


def test_all_activities_link_keeps_to_the_team(client):
    team = TeamFactory()
    page = client.get(team.get_absolute_url()).content.decode()
    assert f'href="{reverse("activities:list")}?team={team.slug}"' in page
