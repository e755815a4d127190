"""The talk corridor (说事长廊): raising, seconding, staff handling, hiding, the board."""

import datetime
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from community_portal.errors import ServiceError
from tests.factories import BuildingFactory, GridFactory, UserFactory
from tests.factories import jpeg_upload as jpeg
from venues import selectors, services
from venues.models import Matter, MatterEvent, MatterPhoto, MatterSecond

from .factories import MatterFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def raise_matter(author, **overrides):
    data = {
        "title": "楼道灯不亮",
        "description": "三单元楼道灯坏了一周。",
        "category": Matter.Category.FACILITIES,
        "submission_key": uuid.uuid4(),
    }
    data.update(overrides)
    return services.matter_create(author=author, **data)[0]


# --- Services ------------------------------------------------------------------------------


def test_a_matter_is_raised_with_photos_and_a_timeline(resident):
    matter = raise_matter(resident, photos=[jpeg(), jpeg()])
    assert matter.status == Matter.Status.OPEN
    assert matter.photos.count() == 2
    assert list(matter.events.values_list("kind", flat=True)) == ["raised"]


def test_raising_twice_with_one_key_saves_once(resident):
    key = uuid.uuid4()
    first = raise_matter(resident, submission_key=key)
    again = raise_matter(resident, submission_key=key)
    assert first == again
    assert Matter.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "  "}, "title"),
        ({"description": ""}, "description"),
        ({"category": "nonsense"}, "category"),
        ({"photos": "BAD"}, "photos"),
        ({"photos": "SEVEN"}, "photos"),
    ],
)
def test_bad_matters_are_refused_and_nothing_is_saved(resident, overrides, field):
    photos = {
        "BAD": [SimpleUploadedFile("x.jpg", b"text", "image/jpeg")],
        "SEVEN": [jpeg() for _ in range(7)],
    }
    overrides = {
        k: photos.get(v, v) if isinstance(v, str) else v for k, v in overrides.items()
    }
    with pytest.raises(ServiceError) as error:
        raise_matter(resident, **overrides)
    assert error.value.field == field
    assert not Matter.objects.exists()
    assert not MatterPhoto.objects.exists()


def test_seconding_once_each_not_ones_own(resident):
    matter = raise_matter(resident)
    neighbour = UserFactory(username="neighbour")
    services.matter_second(matter_id=matter.pk, user=neighbour)
    with pytest.raises(ServiceError):
        services.matter_second(matter_id=matter.pk, user=neighbour)
    with pytest.raises(ServiceError):
        services.matter_second(matter_id=matter.pk, user=resident)
    matter.refresh_from_db()
    assert matter.seconds_count == 1
    assert MatterSecond.objects.count() == 1


def test_staff_accept_reply_progress_and_resolve(resident, staff_user):
    matter = raise_matter(resident)
    with pytest.raises(ServiceError):
        services.matter_accept(matter_id=matter.pk, by_user=resident)
    services.matter_accept(matter_id=matter.pk, by_user=staff_user)
    matter.refresh_from_db()
    assert matter.first_reply_at is not None
    with pytest.raises(ServiceError) as error:
        services.matter_reply(matter_id=matter.pk, by_user=staff_user, text=" ")
    assert error.value.field == "text"
    services.matter_reply(matter_id=matter.pk, by_user=staff_user, text="已通知物业。")
    services.matter_set_in_progress(matter_id=matter.pk, by_user=staff_user)
    with pytest.raises(ServiceError):
        services.matter_resolve(matter_id=matter.pk, by_user=staff_user, text="")
    services.matter_resolve(matter_id=matter.pk, by_user=staff_user, text="灯已换好。")
    matter.refresh_from_db()
    assert matter.status == Matter.Status.RESOLVED
    assert list(matter.events.values_list("kind", flat=True)) == [
        "raised",
        "accepted",
        "reply",
        "in_progress",
        "resolved",
    ]
    with pytest.raises(ServiceError):
        services.matter_second(matter_id=matter.pk, user=UserFactory())


def test_hiding_needs_a_reason_and_takes_the_matter_off_the_board(
    client, resident, staff_user
):
    matter = raise_matter(resident, title="骂人的话")
    with pytest.raises(ServiceError):
        services.matter_hide(matter_id=matter.pk, by_user=staff_user, reason="")
    services.matter_hide(matter_id=matter.pk, by_user=staff_user, reason="含有人身攻击")
    board = client.get(reverse("venues:matter_board")).content.decode()
    assert "骂人的话" not in board
    assert client.get(matter.get_absolute_url()).status_code == 404
    neighbour = UserFactory(username="neighbour")
    client.force_login(neighbour)
    assert client.get(matter.get_absolute_url()).status_code == 404
    assert (
        client.post(reverse("venues:matter_second", args=[matter.pk])).status_code
        == 404
    )
    client.force_login(resident)
    content = client.get(matter.get_absolute_url()).content.decode()
    assert "含有人身攻击" in content
    services.matter_show(matter_id=matter.pk, by_user=staff_user)
    assert Matter.objects.visible().count() == 1


def test_only_the_author_edits_and_only_while_open(resident, staff_user):
    matter = raise_matter(resident)
    neighbour = UserFactory(username="neighbour")
    with pytest.raises(ServiceError):
        services.matter_update(
            matter_id=matter.pk,
            by_user=neighbour,
            title="改标题",
            description="x",
            category="other",
        )
    services.matter_update(
        matter_id=matter.pk,
        by_user=resident,
        title="楼道灯坏了",
        description="x",
        category="other",
    )
    services.matter_accept(matter_id=matter.pk, by_user=staff_user)
    with pytest.raises(ServiceError):
        services.matter_update(
            matter_id=matter.pk,
            by_user=resident,
            title="再改",
            description="x",
            category="other",
        )
    matter.refresh_from_db()
    assert matter.title == "楼道灯坏了"


def test_resolution_figures_within_7_and_30_days(resident, staff_user):
    now = timezone.now()
    for days_open in (2, 10, 40):
        matter = raise_matter(resident)
        services.matter_resolve(matter_id=matter.pk, by_user=staff_user, text="已解决")
        Matter.objects.filter(pk=matter.pk).update(
            created_at=now - datetime.timedelta(days=days_open), resolved_at=now
        )
    raise_matter(resident)  # still open
    stats = selectors.matter_stats()
    assert (stats.total, stats.resolved) == (4, 3)
    assert (stats.within_7_days, stats.within_30_days) == (1, 2)


# --- Pages -----------------------------------------------------------------------------------


def _board_stats(client):
    return client.get(reverse("venues:matter_board")).context["board"].stats


def test_the_board_figures_show_each_matter_write_on_the_next_request(
    client, resident, staff_user
):
    """The figures are cached; a matter raised, resolved, hidden and shown again
    shows on the next request."""
    matter = raise_matter(resident)
    assert (_board_stats(client).total, _board_stats(client).resolved) == (1, 0)
    other = raise_matter(resident, title="电梯异响")
    assert _board_stats(client).total == 2
    services.matter_resolve(matter_id=matter.pk, by_user=staff_user, text="已解决")
    stats = _board_stats(client)
    assert (stats.resolved, stats.within_7_days, stats.within_30_days) == (1, 1, 1)
    services.matter_hide(matter_id=matter.pk, by_user=staff_user, reason="含有人身攻击")
    assert (_board_stats(client).total, _board_stats(client).resolved) == (1, 0)
    services.matter_show(matter_id=matter.pk, by_user=staff_user)
    assert (_board_stats(client).total, _board_stats(client).resolved) == (2, 1)
    services.matter_second(matter_id=other.pk, user=UserFactory())
    assert _board_stats(client).total == 2
    # The pages count the matters from the same figures, for every filter.
    for status, expected in (("all", 2), ("open", 1), ("resolved", 1)):
        board = client.get(reverse("venues:matter_board"), {"status": status})
        page = board.context["board"].page
        assert page.paginator.count == len(page.object_list) == expected


def test_anyone_reads_the_board_and_a_matter(client, resident):
    matter = raise_matter(resident)
    assert client.get(reverse("venues:matter_board")).status_code == 200
    assert client.get(matter.get_absolute_url()).status_code == 200


def test_raising_needs_a_login(client):
    response = client.get(reverse("venues:matter_create"))
    assert response.status_code == 302
    assert reverse("login") in response.url


def test_a_resident_raises_a_matter_through_the_form(client, resident):
    client.force_login(resident)
    building = BuildingFactory(number=5, grid=GridFactory(number=2))
    response = client.post(
        reverse("venues:matter_create"),
        {
            "submission_key": str(uuid.uuid4()),
            "title": "小区门口占道停车",
            "description": "早高峰出不去。",
            "category": "parking",
            "building": building.pk,
            "photos": [jpeg()],
        },
    )
    matter = Matter.objects.get()
    assert response.status_code == 302
    assert response.url == matter.get_absolute_url()
    assert matter.photos.count() == 1
    assert matter.building == building


def test_a_bad_form_keeps_the_input_and_saves_nothing(client, resident):
    client.force_login(resident)
    response = client.post(
        reverse("venues:matter_create"),
        {
            "submission_key": str(uuid.uuid4()),
            "title": "<script>alert(1)</script>",
            "description": "",
            "category": "parking",
            "photos": [SimpleUploadedFile("fake.jpg", b"not an image", "image/jpeg")],
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "<script>alert(1)</script>" not in content
    assert "fake.jpg" in content
    assert not Matter.objects.exists()


def test_names_are_masked_or_anonymous_to_the_public_but_not_to_staff(
    client, staff_user
):
    author = UserFactory(username="zhang", name="张小明")
    named = raise_matter(author, title="署名的")
    hidden_name = raise_matter(author, title="匿名的", is_anonymous=True)
    board = client.get(reverse("venues:matter_board")).content.decode()
    assert "张*明" in board
    assert "张小明" not in board
    anonymous = client.get(hidden_name.get_absolute_url()).content.decode()
    assert "张*明" not in anonymous and "张小明" not in anonymous
    client.force_login(staff_user)
    assert "张小明" in client.get(hidden_name.get_absolute_url()).content.decode()
    assert "张小明" in client.get(named.get_absolute_url()).content.decode()


def test_seconding_through_the_page_once(client, resident):
    matter = raise_matter(resident)
    client.force_login(UserFactory(username="neighbour"))
    url = reverse("venues:matter_second", args=[matter.pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert response.status_code == 200
    matter.refresh_from_db()
    assert matter.seconds_count == 1
    messages = [str(m) for m in response.context["messages"]]
    assert messages


def test_editing_someone_elses_matter_is_refused(client, resident):
    matter = raise_matter(resident)
    client.force_login(UserFactory(username="neighbour"))
    url = reverse("venues:matter_edit", args=[matter.pk])
    response = client.post(
        url, {"title": "改掉", "description": "x", "category": "other"}, follow=True
    )
    assert response.status_code == 200
    matter.refresh_from_db()
    assert matter.title == "楼道灯不亮"


def test_staff_handle_a_matter_on_its_page(client, resident, staff_user):
    matter = raise_matter(resident)
    client.force_login(staff_user)
    url = reverse("venues:matter_handle", args=[matter.pk])
    response = client.post(url, {"action": "reply", "text": ""})
    assert response.status_code == 200
    assert response.context["handle_form"].errors
    client.post(url, {"action": "reply", "text": "<b>已转物业</b>"})
    client.post(url, {"action": "resolve", "text": "已修好。"})
    matter.refresh_from_db()
    assert matter.status == Matter.Status.RESOLVED
    client.logout()
    content = client.get(matter.get_absolute_url()).content.decode()
    assert "&lt;b&gt;已转物业&lt;/b&gt;" in content
    assert "已修好。" in content


def test_a_resident_cannot_handle_a_matter(client, resident):
    matter = raise_matter(resident)
    client.force_login(UserFactory(username="neighbour"))
    client.post(
        reverse("venues:matter_handle", args=[matter.pk]),
        {"action": "hide", "text": "x"},
    )
    matter.refresh_from_db()
    assert not matter.is_hidden
    assert MatterEvent.objects.count() == 1


@pytest.mark.parametrize(
    "params",
    [{}, {"order": "seconded"}, {"status": "resolved"}, {"status": "x", "page": "99"}],
)
def test_the_board_sorts_and_filters(client, resident, params):
    assert client.get(reverse("venues:matter_board"), params).status_code == 200


def test_most_seconded_first(client, resident):
    quiet = raise_matter(resident, title="没人附议")
    popular = raise_matter(resident, title="很多人附议")
    for index in range(3):
        services.matter_second(
            matter_id=popular.pk, user=UserFactory(username=f"n{index}")
        )
    response = client.get(reverse("venues:matter_board"), {"order": "seconded"})
    titles = [m.title for m in response.context["board"].page]
    assert titles == [popular.title, quiet.title]


@pytest.mark.parametrize("logged_in", [False, True])
def test_the_board_query_count_does_not_grow(
    client, resident, logged_in, assert_same_queries
):
    if logged_in:
        client.force_login(resident)
    building = BuildingFactory(grid=GridFactory(number=1))

    def build(count):
        for index in range(count):
            matter = MatterFactory(building=building if index % 2 else None)
            matter.photos.create(image=jpeg())
            MatterSecond.objects.create(matter=matter, user=resident)

    build(3)
    assert_same_queries(client, reverse("venues:matter_board"), lambda: build(30))


def test_staff_cannot_delete_a_matter_in_the_admin(client, staff_user):
    """Matters are hidden with a reason, never hard-deleted (issue 6: nothing lost)."""
    from django.contrib import admin as django_admin

    from venues.models import Matter

    model_admin = django_admin.site._registry[Matter]
    request = type("Request", (), {"user": staff_user})()
    assert not model_admin.has_delete_permission(request)
