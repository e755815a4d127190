"""Issue 11, point 5: after a resolution the author is asked "solved?" and can
reopen the matter once with a reason; residents follow a grid or a building and
hear of its new matters and of their results."""

import uuid

import pytest
from django.urls import reverse

from community_portal.errors import ServiceError
from community_portal.notices.models import Notice
from grids import services as grid_services
from grids.models import Follow
from tests.factories import BuildingFactory, UserFactory
from tests.venues.factories import MatterFactory
from venues import services
from venues.errors import Code
from venues.models import Matter, MatterEvent

pytestmark = pytest.mark.django_db


def _resolved(staff, **kwargs):
    matter = MatterFactory(**kwargs)
    services.matter_resolve(matter_id=matter.pk, by_user=staff, text="灯已换好")
    matter.refresh_from_db()
    return matter


def test_the_author_is_asked_and_a_box_shows_on_the_matter_page(client, staff_user):
    matter = _resolved(staff_user)
    asked = matter.author.notices.get(key__startswith="matter_follow_up:")
    assert asked.url == matter.get_absolute_url()
    assert matter.awaits_follow_up
    client.force_login(matter.author)
    page = client.get(matter.get_absolute_url()).content.decode()
    assert reverse("venues:matter_follow_up", args=[matter.pk]) in page
    client.force_login(UserFactory())
    page = client.get(matter.get_absolute_url()).content.decode()
    assert reverse("venues:matter_follow_up", args=[matter.pk]) not in page


def test_solved_closes_the_question(client, staff_user):
    matter = _resolved(staff_user)
    client.force_login(matter.author)
    url = reverse("venues:matter_follow_up", args=[matter.pk])
    assert client.post(url, {"answer": "solved"}).status_code == 302
    matter.refresh_from_db()
    assert matter.status == Matter.Status.RESOLVED
    assert not matter.awaits_follow_up
    assert matter.events.filter(kind=MatterEvent.Kind.CONFIRMED).count() == 1
    # Answering again is refused with a message, not a 500.
    response = client.post(url, {"answer": "solved"}, follow=True)
    assert response.status_code == 200
    assert matter.events.filter(kind=MatterEvent.Kind.CONFIRMED).count() == 1


def test_not_solved_reopens_once_with_a_reason_and_tells_the_seconders(
    client, staff_user
):
    matter = MatterFactory()
    seconder = UserFactory()
    services.matter_second(matter_id=matter.pk, user=seconder)
    services.matter_resolve(matter_id=matter.pk, by_user=staff_user, text="修好了")
    client.force_login(matter.author)
    url = reverse("venues:matter_follow_up", args=[matter.pk])

    # Without a reason: refused, nothing changes.
    client.post(url, {"answer": "unsolved", "reason": "  "})
    matter.refresh_from_db()
    assert matter.status == Matter.Status.RESOLVED

    client.post(url, {"answer": "unsolved", "reason": "晚上还是不亮"})
    matter.refresh_from_db()
    assert matter.status == Matter.Status.REOPENED
    assert matter.reopened_at is not None
    assert matter.events.get(kind=MatterEvent.Kind.REOPENED).text == "晚上还是不亮"
    assert seconder.notices.filter(body="晚上还是不亮").count() == 1
    assert not matter.author.notices.filter(body="晚上还是不亮").exists()

    # Staff handle it again and resolve it; the author is asked again but can no
    # longer reopen it.
    services.matter_accept(matter_id=matter.pk, by_user=staff_user)
    services.matter_resolve(matter_id=matter.pk, by_user=staff_user, text="换了线路")
    assert (
        matter.author.notices.filter(key__startswith="matter_follow_up:").count() == 2
    )
    with pytest.raises(ServiceError) as refused:
        services.matter_follow_up(
            matter_id=matter.pk, by_user=matter.author, solved=False, reason="还是坏"
        )
    assert refused.value.code == Code.ALREADY_REOPENED
    response = client.post(url, {"answer": "unsolved", "reason": "还是坏"}, follow=True)
    assert response.status_code == 200
    matter.refresh_from_db()
    assert matter.status == Matter.Status.RESOLVED


def test_only_the_author_answers(client, staff_user):
    matter = _resolved(staff_user)
    client.force_login(UserFactory())
    url = reverse("venues:matter_follow_up", args=[matter.pk])
    assert client.post(url, {"answer": "unsolved", "reason": "x"}).status_code == 403
    matter.refresh_from_db()
    assert matter.status == Matter.Status.RESOLVED


def test_followers_hear_of_new_matters_and_results(client, staff_user):
    building = BuildingFactory()
    by_building, by_grid, elsewhere = UserFactory(), UserFactory(), UserFactory()
    grid_services.follow_set(user=by_building, following=True, building=building)
    grid_services.follow_set(user=by_grid, following=True, grid=building.grid)
    grid_services.follow_set(
        user=elsewhere, following=True, building=BuildingFactory(grid=building.grid)
    )
    matter, created = services.matter_create(
        author=UserFactory(),
        title="垃圾桶满了",
        description="5幢门口的垃圾桶三天没清",
        category="environment",
        building=building,
        submission_key=uuid.uuid4(),
    )
    assert created
    services.matter_resolve(matter_id=matter.pk, by_user=staff_user, text="已清运")
    for person in (by_building, by_grid):
        told = person.notices.filter(
            kind=Notice.Kind.MATTER, url=matter.get_absolute_url()
        )
        assert told.count() == 2
    assert not elsewhere.notices.exists()


def test_follow_and_unfollow_buttons_twice_each(client):
    building = BuildingFactory()
    user = UserFactory()
    client.force_login(user)
    url = reverse("grids:follow", args=[building.grid.number])
    for _ in range(2):
        assert client.post(url, {"following": "1"}).status_code == 302
        assert (
            client.post(
                url, {"following": "1", "building": building.number}
            ).status_code
            == 302
        )
    assert Follow.objects.filter(user=user).count() == 2
    page = client.get(reverse("grids:detail", args=[building.grid.number]))
    assert page.status_code == 200
    assert page.context["follows"] == (True, {building.number})
    for _ in range(2):
        client.post(url, {"following": "0"})
        client.post(url, {"following": "0", "building": building.number})
    assert not Follow.objects.filter(user=user).exists()
    assert client.post(url, {"following": "1", "building": "x9"}).status_code == 404
    assert client.post(url, {"following": "1", "building": "999"}).status_code == 404


def test_visitors_are_sent_to_log_in(client):
    building = BuildingFactory()
    response = client.post(reverse("grids:follow", args=[building.grid.number]))
    assert response.status_code == 302
    assert not Follow.objects.exists()


def test_the_grid_page_of_a_follower_makes_the_same_queries(
    client, assert_same_queries
):
    grid_building = BuildingFactory()
    user = UserFactory()
    client.force_login(user)
    grid_services.follow_set(user=user, following=True, building=grid_building)

    def grow():
        grid_services.follow_set(user=user, following=True, grid=grid_building.grid)
        for _ in range(3):
            building = BuildingFactory(grid=grid_building.grid)
            grid_services.follow_set(user=user, following=True, building=building)

    assert_same_queries(
        client, reverse("grids:detail", args=[grid_building.grid.number]), grow
    )
