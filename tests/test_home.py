"""The home page and the parts of the layout every page shares."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity
from community_portal.context_processors import LARGE_TEXT_COOKIE
from community_portal.permissions import Role
from tests.factories import (
    ActivityFactory,
    AllianceFactory,
    ProgrammeFactory,
    SpaceFactory,
    TeamFactory,
    UserFactory,
    VenueFactory,
)
from volunteers.models import Strand

pytestmark = pytest.mark.django_db

HOME = reverse("home")


def build(count):
    strands = Strand.values
    for index in range(count):
        venue = VenueFactory()
        SpaceFactory(venue=venue)
        alliance = AllianceFactory()
        ProgrammeFactory(alliance=alliance)
        TeamFactory(strand=strands[index % len(strands)], alliance=alliance)
        ActivityFactory(
            venue=venue, starts_at=timezone.now() + datetime.timedelta(hours=index + 1)
        )


def test_home_query_count_does_not_grow(client, assert_same_queries):
    build(3)

    assert_same_queries(client, HOME, grow=lambda: build(27))


def test_home_shows_the_plan_at_a_glance(client):
    venue = VenueFactory(name="说事长廊")
    alliance = AllianceFactory(name="攸品邻里中心")
    ProgrammeFactory(alliance=alliance, name="攸品松年学堂")
    team = TeamFactory(name="我们的节日", strand=Strand.TRADITIONAL_CULTURE)
    ActivityFactory(title="中秋赏月会")
    ActivityFactory(title="还在草稿", status=Activity.Status.DRAFT)
    ActivityFactory(
        title="一个月后的活动", starts_at=timezone.now() + datetime.timedelta(days=30)
    )
    ActivityFactory(
        title="已结束的活动", starts_at=timezone.now() - datetime.timedelta(days=2)
    )

    content = client.get(HOME).content.decode()

    for text in (
        "说事长廊",
        "攸品邻里中心",
        "攸品松年学堂",
        "我们的节日",
        "中秋赏月会",
    ):
        assert text in content, text
    for text in ("还在草稿", "一个月后的活动", "已结束的活动"):
        assert text not in content, text
    for url in (
        venue.get_absolute_url(),
        alliance.get_absolute_url(),
        team.get_absolute_url(),
        reverse("activities:list"),
        reverse("venues:list"),
        reverse("venues:alliance_list"),
        reverse("grids:list"),
        reverse("volunteers:team_list"),
    ):
        assert f'href="{url}"' in content, url


def test_home_shows_at_most_eight_coming_activities(client):
    ActivityFactory.create_batch(10)

    content = client.get(HOME).content.decode()

    assert content.count('class="activity-item') == 8


def test_layout_has_language_links_and_lang_attributes(client):
    content = client.get(HOME).content.decode()

    assert '<html lang="zh-hans"' in content
    switch = re.search(r'<nav class="m-0 language-switch"(.*?)</nav>', content, re.S)
    assert switch, "the language switch is missing"
    assert re.search(r'href="/en/"\s+lang="en"', switch.group(1))
    assert "English" in switch.group(1) and "简体中文" in switch.group(1)


def test_language_links_keep_the_page_and_its_query(client):
    content = client.get("/en/activities/?page=1").content.decode()

    assert 'href="/activities/?page=1"' in content
    assert 'href="/en/activities/?page=1"' in content


def test_public_pages_set_no_cookie_for_a_first_visit(client):
    """No CSRF token on public pages: what makes them cacheable for everyone."""
    for url in (HOME, reverse("activities:list"), "/en/grids/"):
        response = client.get(url)
        assert response.status_code == 200
        assert not response.cookies, (url, list(response.cookies))


def test_large_text_toggle_sets_the_cookie_and_the_class(client):
    content = client.get(HOME).content.decode()
    assert 'action="/display/"' in content
    assert 'class="large-text"' not in content

    response = client.post(
        reverse("toggle_large_text"), {"large_text": "1", "next": "/activities/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/activities/"
    assert response.cookies[LARGE_TEXT_COOKIE].value == "1"
    content = client.get(reverse("activities:list")).content.decode()
    assert '<html lang="zh-hans" class="large-text">' in content
    assert 'aria-pressed="true"' in content

    client.post(reverse("toggle_large_text"), {"large_text": "0", "next": "/"})

    assert 'class="large-text"' not in client.get(HOME).content.decode()


def test_pages_carry_no_inline_script_or_style(client):
    ActivityFactory()

    for url in (HOME, reverse("activities:list"), reverse("login")):
        content = client.get(url).content.decode()
        assert "<script>" not in content and "<script " not in content.replace(
            "<script src=", ""
        ), url
        assert " style=" not in content, url
        assert "<style" not in content, url


def test_login_page_keeps_next(client):
    content = client.get(reverse("login"), {"next": "/activities/"}).content.decode()

    assert 'name="next" value="/activities/"' in content
    assert 'name="username"' in content and 'name="password"' in content


def test_logged_in_user_gets_a_logout_form(client, resident):
    client.force_login(resident)

    content = client.get(HOME).content.decode()

    assert 'action="/accounts/logout/"' in content
    assert "张小明" in content


def test_500_page_renders_without_a_request():
    from django.template.loader import get_template

    html = get_template("500.html").render()

    assert "500" in html
    assert "/static/css/portal.css" in html


def test_unknown_page_uses_our_404(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert 'href="/"' in response.content.decode()


# --- the signed-in menu: its role links follow community_portal.permissions ----------

STAFF_LINK = 'href="/grids/staff/"'
GRID_WORK_LINK = 'href="{}"'


def menu_of(client, user) -> str:
    client.force_login(user)
    return client.get(HOME).content.decode()


def test_community_staff_get_the_staff_link(client, staff_user):
    assert STAFF_LINK in menu_of(client, staff_user)


def test_admin_access_alone_does_not_give_the_staff_link(client):
    # is_staff without the staff group: the staff pages would refuse (403).
    user = UserFactory(is_staff=True)

    content = menu_of(client, user)

    assert STAFF_LINK not in content
    assert 'href="/admin/"' in content


def test_a_resident_gets_no_role_links(client, resident):
    content = menu_of(client, resident)

    assert STAFF_LINK not in content
    assert GRID_WORK_LINK.format(reverse("grids:work_home")) not in content
    assert 'href="/admin/"' not in content


def test_a_grid_worker_with_a_grid_gets_the_grid_work_link(client, grid_worker):
    content = menu_of(client, grid_worker)

    assert GRID_WORK_LINK.format(reverse("grids:work_home")) in content
    assert STAFF_LINK not in content


def test_the_grid_worker_role_without_a_grid_gets_no_grid_work_link(client):
    user = UserFactory(roles=[Role.GRID_WORKER])

    assert GRID_WORK_LINK.format(reverse("grids:work_home")) not in menu_of(
        client, user
    )


def test_the_menu_reads_the_roles_once(client, staff_user):
    client.force_login(staff_user)

    with CaptureQueriesContext(connection) as queries:
        assert client.get(HOME).status_code == 200

    groups = [q for q in queries if "auth_group" in q["sql"]]
    assert len(groups) == 1, [q["sql"] for q in groups]


def test_home_links_to_the_gallery_and_the_bookable_spaces(client):
    from tests.venues.booking_helpers import bookable_space

    space = bookable_space(name="悦健室", slug="yuejian")
    page = client.get(HOME).content.decode()
    assert reverse("venues:gallery") in page
    assert space.get_booking_url() in page
