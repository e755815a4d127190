"""The 悦珍阁 gallery: submitting works (with bad input), curating them, the
gallery's filters and pages (fixed query counts), exhibitions, the venue page."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from community_portal.errors import ServiceError
from community_portal.notices.models import Notice
from tests.factories import (
    ActivityFactory,
    GridFactory,
    SpaceFactory,
    TeamFactory,
    UserFactory,
    jpeg_upload,
)
from venues import selectors, services
from venues.errors import Code
from venues.models import Exhibition, ExhibitionWork, Work, WorkPhoto
from volunteers.models import Strand

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def submit(author, *, photos=None, **values):
    import uuid

    fields = {"title": "墨竹图", "kind": Work.Kind.PAINTING, "story": "退休后学画"}
    fields.update(values)
    work, _created = services.work_submit(
        author=author,
        photos=[jpeg_upload()] if photos is None else photos,
        submission_key=uuid.uuid4(),
        **fields,
    )
    return work


def approved(author=None, **values):
    work = submit(author or UserFactory(), **values)
    Work.objects.filter(pk=work.pk).update(status=Work.Status.APPROVED)
    work.refresh_from_db()
    return work


@pytest.fixture
def studio(db):
    return TeamFactory(
        name="书画工作室", slug="calligraphy", strand=Strand.TALENT_STUDIO
    )


# --- the services ------------------------------------------------------------------


def test_a_submitted_work_waits_and_approval_puts_it_in_the_gallery(
    resident, staff_user, studio
):
    work = submit(resident, studio=studio, photos=[jpeg_upload(), jpeg_upload()])
    assert work.status == Work.Status.PENDING
    assert WorkPhoto.objects.filter(work=work).count() == 2
    assert selectors.gallery().page.paginator.count == 0
    services.work_approve(work_id=work.pk, staff=staff_user)
    assert list(selectors.gallery().page) == [work]
    notice = Notice.objects.get(recipient=resident)
    assert notice.kind == Notice.Kind.GALLERY
    assert "墨竹图" in notice.title


def test_refusing_needs_a_reason_and_tells_the_author(resident, staff_user):
    work = submit(resident)
    with pytest.raises(ServiceError) as caught:
        services.work_refuse(work_id=work.pk, staff=staff_user, reason=" ")
    assert caught.value.code == Code.REASON_MISSING
    services.work_refuse(work_id=work.pk, staff=staff_user, reason="照片太模糊")
    work.refresh_from_db()
    assert work.status == Work.Status.REFUSED
    assert Notice.objects.get(recipient=resident).body == "照片太模糊"


def test_only_staff_curate_and_only_approved_works_are_featured(resident, staff_user):
    work = submit(resident)
    with pytest.raises(ServiceError) as caught:
        services.work_approve(work_id=work.pk, staff=resident)
    assert caught.value.code == Code.CURATE_NOT_ALLOWED
    with pytest.raises(ServiceError) as caught:
        services.work_feature(work_id=work.pk, staff=staff_user)
    assert caught.value.code == Code.NOT_APPROVED
    services.work_approve(work_id=work.pk, staff=staff_user)
    assert services.work_feature(work_id=work.pk, staff=staff_user).is_featured


def test_a_work_needs_a_title_a_kind_a_photo_and_a_real_studio(resident):
    for values, code in [
        ({"title": "  "}, Code.TITLE_MISSING),
        ({"kind": "sculpture"}, Code.KIND_MISSING),
        ({"photos": []}, Code.PHOTO_MISSING),
        ({"studio": TeamFactory(strand=Strand.VOLUNTEERING)}, Code.BAD_STUDIO),
    ]:
        with pytest.raises(ServiceError) as caught:
            submit(resident, **values)
        assert caught.value.code == code
    assert not Work.objects.exists()


def test_a_bad_photo_among_good_ones_leaves_nothing_behind(resident):
    fake = SimpleUploadedFile("fake.jpg", b"not an image", content_type="image/jpeg")
    with pytest.raises(ServiceError) as caught:
        submit(resident, photos=[jpeg_upload(), fake])
    assert caught.value.field == "photos"
    assert not Work.objects.exists()
    assert not WorkPhoto.objects.exists()


def test_the_same_form_posted_twice_makes_one_work(resident):
    import uuid

    key = uuid.uuid4()
    values = {"title": "剪纸", "kind": Work.Kind.HANDICRAFT, "submission_key": key}
    first, created = services.work_submit(
        author=resident, photos=[jpeg_upload()], **values
    )
    again, created_again = services.work_submit(
        author=resident, photos=[jpeg_upload()], **values
    )
    assert created and not created_again and again == first


# --- the submit page ---------------------------------------------------------------


def test_submitting_through_the_page(client, resident, studio):
    client.force_login(resident)
    grid = GridFactory(number=3)
    response = client.post(
        reverse("venues:gallery_submit"),
        {
            "title": "春到万家",
            "kind": "calligraphy",
            "story": "写给邻居们的春联",
            "studio": studio.pk,
            "grid": grid.pk,
            "photos": [jpeg_upload(), jpeg_upload()],
        },
    )
    work = Work.objects.get()
    assert response.status_code == 302
    assert response["Location"] == work.get_absolute_url()
    assert (work.studio, work.grid, work.photos.count()) == (studio, grid, 2)
    # The author sees it waiting; others do not see it at all.
    assert client.get(work.get_absolute_url()).status_code == 200
    client.force_login(UserFactory())
    assert client.get(work.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("values", "field", "text"),
    [
        ({"title": ""}, "title", None),
        ({"photos": []}, "photos", None),
        (
            {
                "photos": [
                    SimpleUploadedFile(
                        "cat.jpg", b"GIF89a...", content_type="image/jpeg"
                    )
                ]
            },
            "photos",
            "无法识别",
        ),
    ],
)
def test_bad_input_keeps_what_was_typed_and_saves_nothing(
    client, resident, values, field, text
):
    client.force_login(resident)
    data = {"title": "荷塘月色", "kind": "photo", "story": "清晨拍的荷花"}
    data["photos"] = [jpeg_upload()]
    data.update(values)
    response = client.post(reverse("venues:gallery_submit"), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    page = response.content.decode()
    assert "清晨拍的荷花" in page
    if text:
        assert text in page
    assert not Work.objects.exists()


def test_an_oversized_photo_is_refused_with_a_message(client, resident, settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 1024
    client.force_login(resident)
    response = client.post(
        reverse("venues:gallery_submit"),
        {
            "title": "大图",
            "kind": "photo",
            "photos": [jpeg_upload(size=(800, 600), colour=(10, 200, 90))],
        },
    )
    assert response.status_code == 400
    assert "photos" in response.context["form"].errors
    assert not Work.objects.exists()


def test_the_submit_page_asks_to_log_in(client):
    response = client.get(reverse("venues:gallery_submit"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


# --- the gallery and its filters ---------------------------------------------------


def test_the_gallery_filters_by_studio_grid_and_kind(client, studio):
    grid = GridFactory(number=5)
    brush = approved(studio=studio, kind=Work.Kind.CALLIGRAPHY, title="兰亭序")
    photo = approved(grid=grid, kind=Work.Kind.PHOTO, title="雨后小区")
    submit(UserFactory(), title="待审作品")
    url = reverse("venues:gallery")
    page = client.get(url).content.decode()
    assert "兰亭序" in page and "雨后小区" in page and "待审作品" not in page
    assert list(client.get(url, {"studio": studio.pk}).context["gallery"].page) == [
        brush
    ]
    assert list(client.get(url, {"grid": 5}).context["gallery"].page) == [photo]
    assert list(client.get(url, {"kind": "photo"}).context["gallery"].page) == [photo]
    # Nonsense filters are ignored, never an error.
    response = client.get(url, {"studio": "x", "grid": "'", "kind": "<b>", "page": "z"})
    assert response.status_code == 200
    assert response.context["gallery"].page.paginator.count == 2


def test_featured_works_come_first(staff_user):
    older = approved(title="旧作")
    approved(title="新作")
    services.work_feature(work_id=older.pk, staff=staff_user)
    assert next(iter(selectors.gallery().page)) == older


def test_the_gallery_reads_a_fixed_number_of_queries(
    client, assert_same_queries, studio
):
    for _ in range(2):
        approved(studio=studio)

    def grow():
        for number in range(6):
            approved(studio=studio, grid=GridFactory(number=number + 1))

    assert_same_queries(client, reverse("venues:gallery"), grow)


def test_a_work_page_reads_a_fixed_number_of_queries(client, assert_same_queries):
    work = approved()

    def grow():
        for _ in range(4):
            WorkPhoto.objects.create(work=work, image=jpeg_upload())

    assert_same_queries(client, work.get_absolute_url(), grow)


def test_my_works_show_their_status_and_reason(client, resident, staff_user):
    work = submit(resident, title="我的山水")
    services.work_refuse(work_id=work.pk, staff=staff_user, reason="请上传原作照片")
    client.force_login(resident)
    page = client.get(reverse("venues:gallery_mine")).content.decode()
    assert "我的山水" in page and "请上传原作照片" in page


# --- exhibitions -------------------------------------------------------------------


def _exhibition(space, **values):
    today = timezone.localdate()
    fields = {
        "title": "邻里书画展",
        "space": space,
        "starts_on": today - datetime.timedelta(days=3),
        "ends_on": today + datetime.timedelta(days=10),
    }
    fields.update(values)
    return Exhibition.objects.create(**fields)


def test_an_exhibition_shows_its_approved_works_in_order(client):
    hall = SpaceFactory(name="悦丰馆")
    activity = ActivityFactory(title="书画展开幕式", space=hall, venue=hall.venue)
    exhibition = _exhibition(hall, opening_activity=activity)
    second, first = approved(title="第二幅"), approved(title="第一幅")
    hidden = submit(UserFactory(), title="未审核")
    for position, work in enumerate([first, second, hidden]):
        ExhibitionWork.objects.create(
            exhibition=exhibition, work=work, position=position
        )
    response = client.get(exhibition.get_absolute_url())
    assert response.context["works"] == [first, second]
    page = response.content.decode()
    assert "书画展开幕式" in page and "未审核" not in page


def test_an_unpublished_exhibition_is_for_staff_only(client, staff_user):
    exhibition = _exhibition(SpaceFactory(), is_published=False)
    assert client.get(exhibition.get_absolute_url()).status_code == 404
    client.force_login(staff_user)
    assert client.get(exhibition.get_absolute_url()).status_code == 200


def test_an_exhibition_page_reads_a_fixed_number_of_queries(
    client, assert_same_queries
):
    exhibition = _exhibition(SpaceFactory())
    ExhibitionWork.objects.create(exhibition=exhibition, work=approved(), position=0)

    def grow():
        for position in range(1, 6):
            ExhibitionWork.objects.create(
                exhibition=exhibition, work=approved(), position=position
            )

    assert_same_queries(client, exhibition.get_absolute_url(), grow)


def test_the_venue_page_shows_recent_works_and_the_current_exhibition(
    client, assert_same_queries
):
    gallery_space = SpaceFactory(name="悦珍阁", shows_gallery=True)
    hall = SpaceFactory(name="悦丰馆", venue=gallery_space.venue)
    _exhibition(hall, title="奋斗新时代主题展")
    _exhibition(
        hall,
        title="往期展览",
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2020, 2, 1),
    )
    approved(title="百鸟朝凤")
    url = gallery_space.venue.get_absolute_url()
    page = client.get(url).content.decode()
    assert "百鸟朝凤" in page and "奋斗新时代主题展" in page and "往期展览" not in page
    assert_same_queries(client, url, lambda: [approved() for _ in range(5)])


# --- the admin ---------------------------------------------------------------------


def test_staff_curate_in_the_admin_through_the_services(client, staff_user, resident):
    waiting, other = submit(resident, title="甲"), submit(resident, title="乙")
    client.force_login(staff_user)
    url = reverse("admin:venues_work_changelist")
    assert client.get(url, {"q": "甲"}).status_code == 200
    client.post(url, {"action": "approve", "_selected_action": [waiting.pk]})
    waiting.refresh_from_db()
    assert waiting.status == Work.Status.APPROVED
    # Refusing asks for the reason first, then refuses.
    asked = client.post(url, {"action": "refuse", "_selected_action": [other.pk]})
    assert asked.status_code == 200
    client.post(
        url,
        {
            "action": "refuse",
            "_selected_action": [other.pk],
            "confirm": "yes",
            "reason": "不是本人作品",
        },
    )
    other.refresh_from_db()
    assert (other.status, other.refusal_reason) == (Work.Status.REFUSED, "不是本人作品")
    assert Notice.objects.filter(recipient=resident).count() == 2
