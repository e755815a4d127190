"""Staff pages of activities: the door (check-in by code, from the list, walk-ins),
the record (纪实) and the satisfaction figures. Who may open them, what each bad
input says, that nothing changes on a refusal, and fixed query counts."""

import datetime
import re
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from PIL import Image

from activities.forms.staff import default_satisfaction_range
from activities.models import ActivityRecord, Rating, RecordPhoto, Registration
from activities.services import checkin_code
from community_portal.accounts.models import User
from tests.activities.factories import RegistrationFactory
from tests.factories import ActivityFactory, TeamFactory, UserFactory
from volunteers.models import Team

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def leader_team(team_leader) -> Team:
    return Team.objects.get(leader=team_leader)


def page(response) -> str:
    return response.content.decode()


def checkin_url(activity) -> str:
    return reverse("activities:checkin", kwargs={"pk": activity.pk})


def record_url(activity) -> str:
    return reverse("activities:record", kwargs={"pk": activity.pk})


SATISFACTION_URL = reverse("activities:staff_satisfaction")


def assert_same_queries(few, many):
    queries = "\n".join(query["sql"] for query in many.captured_queries)
    assert len(many) == len(few), f"{len(few)} → {len(many)} queries:\n{queries}"


def today_activity(**kwargs):
    """An activity going on now: the door is open."""
    starts_at = timezone.now() - datetime.timedelta(minutes=30)
    return ActivityFactory(
        starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2), **kwargs
    )


def held_activity(**kwargs):
    starts_at = timezone.now() - datetime.timedelta(days=1)
    return ActivityFactory(
        starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2), **kwargs
    )


# --- the door: who gets in ------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client):
    activity = today_activity()
    for url in (checkin_url(activity), record_url(activity), SATISFACTION_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("who", ["resident", "grid_worker", "team_leader"])
def test_others_get_403_on_the_door_and_the_record(client, request, who):
    """A leader of another team is as much an outsider as a resident."""
    activity = today_activity()
    client.force_login(request.getfixturevalue(who))
    assert client.get(checkin_url(activity)).status_code == 403
    assert client.get(record_url(activity)).status_code == 403
    registration = RegistrationFactory(activity=activity)
    response = client.post(checkin_url(activity), {"code": checkin_code(registration)})
    assert response.status_code == 403
    registration.refresh_from_db()
    assert not registration.is_checked_in


def test_a_missing_activity_is_404(staff_client):
    assert staff_client.get("/activities/999999/checkin/").status_code == 404
    assert staff_client.get("/activities/999999/record/").status_code == 404


def test_staff_see_the_door_with_full_names(staff_client):
    activity = today_activity(capacity=10)
    RegistrationFactory(
        activity=activity, user=UserFactory(name="张小明"), companions=1
    )
    RegistrationFactory(activity=activity, waitlisted=True)
    response = staff_client.get(checkin_url(activity))
    assert response.status_code == 200
    html = page(response)
    assert "张小明" in html
    assert 'autocapitalize="characters"' in html
    assert 'inputmode="text"' in html
    assert "js/checkin.js" in html
    assert response.context["activity"].seats_taken == 2
    assert response.context["activity"].waitlist_count == 1
    assert response.context["activity"].attendance == 0
    # Phones are masked even for staff on the page.
    assert "138****" in html


def test_the_leader_of_the_team_runs_the_door_with_masked_names(
    client, team_leader, leader_team
):
    activity = today_activity(team=leader_team)
    RegistrationFactory(activity=activity, user=UserFactory(name="张小明"))
    client.force_login(team_leader)
    response = client.get(checkin_url(activity))
    assert response.status_code == 200
    html = page(response)
    assert "张*明" in html
    assert "张小明" not in html
    # Walk-ins are for community staff.
    assert reverse("activities:walk_in", kwargs={"pk": activity.pk}) not in html


# --- the door: codes ------------------------------------------------------------------


def test_a_valid_code_checks_in_once_and_shows_who_came(staff_client, staff_user):
    activity = today_activity(max_companions=2)
    registration = RegistrationFactory(
        activity=activity, user=UserFactory(name="李阿姨"), companions=2
    )
    response = staff_client.post(
        checkin_url(activity), {"code": checkin_code(registration)}
    )
    assert response.status_code == 302
    assert response.url == f"{checkin_url(activity)}?done={registration.pk}"
    registration.refresh_from_db()
    assert registration.is_checked_in
    assert registration.checked_in_by == staff_user

    shown = staff_client.get(response.url)
    html = page(shown)
    assert 'class="door-result door-result-ok"' in html
    assert "李阿姨" in html
    with translation.override("zh-hans"):
        companions = translation.ngettext(
            "+ %(counter)s companion", "+ %(counter)s companions", 2
        ) % {"counter": 2}
    assert companions in html
    assert shown.context["activity"].attendance == 3


def test_a_code_typed_in_lower_case_with_spaces_is_accepted(staff_client):
    activity = today_activity()
    registration = RegistrationFactory(activity=activity)
    typed = " " + checkin_code(registration).lower().replace("-", " - ") + " "
    response = staff_client.post(checkin_url(activity), {"code": typed})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.is_checked_in


def refused(response, message: str) -> str:
    assert response.status_code == 200
    html = page(response)
    assert 'class="door-result door-result-bad"' in html
    assert escape(message) in html, html
    return html


def in_chinese(message: str) -> str:
    with translation.override("zh-hans"):
        return translation.gettext(message)


def test_a_tampered_code_is_refused_and_kept_in_the_field(staff_client):
    activity = today_activity()
    registration = RegistrationFactory(activity=activity)
    code = checkin_code(registration)
    tampered = code[:-1] + ("A" if code[-1] != "A" else "B")
    response = staff_client.post(checkin_url(activity), {"code": tampered})
    html = refused(
        response,
        in_chinese("This check-in code is not valid. Please check it and try again."),
    )
    assert f'value="{tampered}"' in html
    registration.refresh_from_db()
    assert not registration.is_checked_in


@pytest.mark.parametrize("code", ["hello", "1-2", "12-34-ABCDEFGH-9", "--", "🙂" * 20])
def test_garbage_codes_are_refused_never_a_500(staff_client, code):
    activity = today_activity()
    response = staff_client.post(checkin_url(activity), {"code": code})
    refused(
        response,
        in_chinese("This check-in code is not valid. Please check it and try again."),
    )


def test_an_empty_or_overlong_code_comes_back_with_its_field_error(staff_client):
    activity = today_activity()
    response = staff_client.post(checkin_url(activity), {"code": "   "})
    assert response.status_code == 200
    assert response.context["code_form"].errors["code"]
    response = staff_client.post(checkin_url(activity), {"code": "X" * 65})
    assert response.status_code == 200
    assert response.context["code_form"].errors["code"]


def test_a_code_for_another_activity_says_so(staff_client):
    activity, other = today_activity(), today_activity()
    registration = RegistrationFactory(activity=other)
    response = staff_client.post(
        checkin_url(activity), {"code": checkin_code(registration)}
    )
    refused(response, in_chinese("This check-in code is for another activity."))
    registration.refresh_from_db()
    assert not registration.is_checked_in


def test_a_code_already_used_says_when_and_by_whom(client, staff_user):
    activity = today_activity()
    registration = RegistrationFactory(
        activity=activity, user=UserFactory(name="王大爷")
    )
    client.force_login(staff_user)
    client.post(checkin_url(activity), {"code": checkin_code(registration)})
    registration.refresh_from_db()
    first = registration.checked_in_at

    response = client.post(checkin_url(activity), {"code": checkin_code(registration)})
    html = page(response)
    assert "王大爷" in html
    assert timezone.localtime(first).strftime("%H:%M") in html
    assert "王主任" in html  # who checked them in
    assert response.context["failure"]["code"] == "already_checked_in"
    registration.refresh_from_db()
    assert registration.checked_in_at == first


def test_waitlisted_and_cancelled_registrations_are_refused(staff_client):
    activity = today_activity()
    waiting = RegistrationFactory(activity=activity, waitlisted=True)
    cancelled = RegistrationFactory(activity=activity, cancelled=True)
    refused(
        staff_client.post(checkin_url(activity), {"code": checkin_code(waiting)}),
        in_chinese("This registration is on the waitlist and has no seat yet."),
    )
    refused(
        staff_client.post(checkin_url(activity), {"code": checkin_code(cancelled)}),
        in_chinese("This registration has been cancelled."),
    )
    assert not Registration.objects.checked_in().exists()


def test_a_cancelled_activity_checks_nobody_in(staff_client):
    activity = today_activity(status="cancelled")
    registration = RegistrationFactory(activity=activity)
    html = page(staff_client.get(checkin_url(activity)))
    assert "checkin_registration" not in html
    refused(
        staff_client.post(checkin_url(activity), {"code": checkin_code(registration)}),
        in_chinese("This activity has been cancelled."),
    )
    registration.refresh_from_db()
    assert not registration.is_checked_in


def test_the_done_parameter_shows_nothing_unless_checked_in_here(staff_client):
    activity, other = today_activity(), today_activity()
    mine = RegistrationFactory(activity=activity)
    elsewhere = RegistrationFactory(activity=other, checked_in_at=timezone.now())
    for done in (mine.pk, elsewhere.pk, "abc", "-1"):
        response = staff_client.get(checkin_url(activity), {"done": done})
        assert response.status_code == 200
        assert response.context["done"] is None


# --- the door: from the list ----------------------------------------------------------


def row_url(activity, registration) -> str:
    return reverse(
        "activities:checkin_registration",
        kwargs={"pk": activity.pk, "registration_pk": registration.pk},
    )


def test_someone_without_a_phone_is_checked_in_from_the_list(
    client, team_leader, leader_team
):
    activity = today_activity(team=leader_team)
    registration = RegistrationFactory(activity=activity)
    client.force_login(team_leader)
    html = page(client.get(checkin_url(activity)))
    assert row_url(activity, registration) in html

    response = client.post(row_url(activity, registration))
    assert response.status_code == 302
    assert response.url.endswith(f"?done={registration.pk}")
    registration.refresh_from_db()
    assert registration.checked_in_by == team_leader


def test_the_list_check_in_refuses_twice_with_a_message(staff_client):
    activity = today_activity()
    registration = RegistrationFactory(activity=activity, checked_in_at=timezone.now())
    response = staff_client.post(row_url(activity, registration), follow=True)
    assert response.status_code == 200
    before_time = in_chinese("Already checked in at %(time)s.").split("%(time)s")[0]
    assert before_time
    assert escape(before_time) in page(response)


def test_the_list_check_in_is_post_only_and_of_this_activity(staff_client):
    activity, other = today_activity(), today_activity()
    registration = RegistrationFactory(activity=other)
    assert staff_client.get(row_url(activity, registration)).status_code == 405
    assert staff_client.post(row_url(activity, registration)).status_code == 404
    registration.refresh_from_db()
    assert not registration.is_checked_in


def test_the_door_runs_a_fixed_number_of_queries(staff_client):
    activity = today_activity(capacity=None, max_companions=1)

    def fill(n):
        for i in range(n):
            registration = RegistrationFactory(activity=activity, companions=i % 2)
            if i % 3 == 0:
                registration.checked_in_at = timezone.now()
                registration.checked_in_by = UserFactory()
                registration.save()
        RegistrationFactory.create_batch(n, activity=activity, waitlisted=True)

    url = checkin_url(activity)
    done = RegistrationFactory(activity=activity, checked_in_at=timezone.now())
    params = {"done": done.pk, "q": "居民"}
    staff_client.get(url, params)
    fill(3)
    with CaptureQueriesContext(connection) as few:
        response = staff_client.get(url, params)
    assert len(response.context["registrations"]) == 1 + 3
    fill(30)
    with CaptureQueriesContext(connection) as many:
        response = staff_client.get(url, params)
    assert len(response.context["registrations"]) == 1 + 33
    assert_same_queries(few, many)


# --- walk-ins ---------------------------------------------------------------------------


def walk_in_url(activity) -> str:
    return reverse("activities:walk_in", kwargs={"pk": activity.pk})


def test_staff_find_a_resident_and_add_them_as_a_walk_in(staff_client):
    activity = today_activity(capacity=1, max_companions=1)
    RegistrationFactory(activity=activity)  # full
    person = UserFactory(name="赵奶奶", phone="13900001111")
    found = staff_client.get(checkin_url(activity), {"q": "0000111"})
    assert list(found.context["found"]) == [person]
    assert "139****1111" in page(found)

    response = staff_client.post(
        walk_in_url(activity),
        {"kind": "existing", "walk-in-user": person.pk, "walk-in-companions": "1"},
    )
    assert response.status_code == 302
    registration = Registration.objects.get(activity=activity, user=person)
    assert registration.is_walk_in and registration.is_checked_in
    assert registration.companions == 1
    assert response.url.endswith(f"?done={registration.pk}")


def test_a_search_term_too_short_finds_nobody(staff_client):
    activity = today_activity()
    UserFactory(name="钱")
    response = staff_client.get(checkin_url(activity), {"q": "钱"})
    assert response.context["found"] == []


def test_a_new_resident_is_created_and_checked_in(staff_client):
    activity = today_activity()
    response = staff_client.post(
        walk_in_url(activity),
        {
            "kind": "new",
            "new-name": " 孙爷爷 ",
            "new-phone": "139 1234 5678",
            "new-companions": "",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(phone="13912345678")
    assert user.name == "孙爷爷"
    assert user.groups.count() == 0
    registration = Registration.objects.get(activity=activity, user=user)
    assert registration.is_walk_in and registration.is_checked_in


def test_a_known_phone_is_not_made_into_a_second_account(staff_client):
    activity = today_activity()
    UserFactory(phone="13912345678")
    users = User.objects.count()
    response = staff_client.post(
        walk_in_url(activity),
        {"kind": "new", "new-name": "孙爷爷", "new-phone": "13912345678"},
    )
    assert response.status_code == 200
    assert response.context["new_form"].errors["phone"]
    assert "孙爷爷" in page(response)  # what was typed is kept
    assert User.objects.count() == users
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"new-name": "孙爷爷", "new-phone": "12ab"}, "phone"),
        ({"new-name": "   ", "new-phone": "13912345678"}, "name"),
        (
            {"new-name": "孙爷爷", "new-phone": "13912345678", "new-companions": "-1"},
            "companions",
        ),
    ],
)
def test_bad_new_resident_input_saves_nothing(staff_client, data, field):
    activity = today_activity()
    users = User.objects.count()
    response = staff_client.post(walk_in_url(activity), {"kind": "new", **data})
    assert response.status_code == 200
    assert response.context["new_form"].errors[field]
    assert User.objects.count() == users
    assert not Registration.objects.exists()


def test_a_walk_in_for_a_cancelled_activity_creates_no_account(staff_client):
    activity = today_activity(status="cancelled")
    users = User.objects.count()
    response = staff_client.post(
        walk_in_url(activity),
        {"kind": "new", "new-name": "孙爷爷", "new-phone": "13912345678"},
    )
    assert response.status_code == 200
    assert escape(in_chinese("This activity has been cancelled.")) in page(response)
    assert User.objects.count() == users
    assert not Registration.objects.exists()


def test_too_many_companions_for_a_walk_in_is_refused(staff_client):
    activity = today_activity(max_companions=0)
    person = UserFactory()
    response = staff_client.post(
        walk_in_url(activity),
        {"kind": "existing", "walk-in-user": person.pk, "walk-in-companions": "2"},
    )
    assert response.status_code == 200
    assert escape(in_chinese("This activity does not take companions.")) in page(
        response
    )
    assert not Registration.objects.exists()


@pytest.mark.parametrize("user_value", ["", "abc", "999999"])
def test_a_forged_walk_in_person_is_refused(staff_client, user_value):
    activity = today_activity()
    response = staff_client.post(
        walk_in_url(activity), {"kind": "existing", "walk-in-user": user_value}
    )
    assert response.status_code == 200
    assert response.context["user_form"].errors["user"]
    assert not Registration.objects.exists()


def test_team_leaders_cannot_add_walk_ins(client, team_leader, leader_team):
    activity = today_activity(team=leader_team)
    client.force_login(team_leader)
    response = client.post(
        walk_in_url(activity),
        {"kind": "existing", "walk-in-user": UserFactory().pk},
    )
    assert response.status_code == 403
    assert client.get(walk_in_url(activity)).status_code == 405
    assert not Registration.objects.exists()


# --- the record (纪实) --------------------------------------------------------------------


def jpeg(size=(1600, 1200)) -> bytes:
    buffer = BytesIO()
    image = Image.new("RGB", size, (30, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def photo(name="photo.jpg", data=None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg() if data is None else data, "image/jpeg")


def test_the_leader_writes_the_record_with_photos_and_publishes_it(
    client, team_leader, leader_team
):
    activity = held_activity(team=leader_team)
    RegistrationFactory(activity=activity, checked_in_at=timezone.now(), companions=0)
    client.force_login(team_leader)
    response = client.get(record_url(activity))
    assert response.status_code == 200
    assert response.context["activity"].attendance == 1

    response = client.post(
        record_url(activity),
        {
            "summary": "共有40位老人参加。",
            "photos": [photo("a.jpg"), photo("b.jpg")],
            "publish": "on",
        },
    )
    assert response.status_code == 302
    record = ActivityRecord.objects.get(activity=activity)
    assert record.summary == "共有40位老人参加。"
    assert record.is_published and record.author == team_leader
    photos = list(record.photos.all())
    assert len(photos) == 2
    with Image.open(photos[0].image.path) as stored:
        assert not stored.getexif()  # the pipeline stripped it
        assert max(stored.size) <= 1600

    page_again = client.get(record_url(activity))
    assert page_again.context["form"]["summary"].value() == "共有40位老人参加。"
    assert len(page_again.context["photos"]) == 2
    assert ".thumb." in page(page_again)


def test_a_bad_photo_saves_nothing_and_keeps_the_summary(staff_client):
    activity = held_activity()
    response = staff_client.post(
        record_url(activity),
        {
            "summary": "居民自发清理楼道。",
            "photos": [photo("good.jpg"), photo("broken.jpg", b"not an image at all")],
        },
    )
    assert response.status_code == 200
    html = page(response)
    assert "broken.jpg" in html
    assert "居民自发清理楼道。" in html
    assert response.context["form"].errors["photos"]
    assert "good.jpg" in response.context["chosen_photos"]
    assert not ActivityRecord.objects.exists()
    assert not RecordPhoto.objects.exists()


def test_too_many_photos_and_an_empty_summary_are_refused(staff_client):
    activity = held_activity()
    response = staff_client.post(
        record_url(activity),
        {
            "summary": "  ",
            "photos": [photo(f"{i}.jpg", jpeg((40, 30))) for i in range(13)],
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["summary"] and errors["photos"]
    assert not ActivityRecord.objects.exists()


def test_a_record_before_the_start_is_refused_with_the_reason(staff_client):
    activity = ActivityFactory()  # in three days
    response = staff_client.get(record_url(activity))
    message = escape(
        in_chinese("A record can be written once the activity has started.")
    )
    assert message in page(response)
    response = staff_client.post(record_url(activity), {"summary": "提前写好"})
    assert response.status_code == 200
    assert message in page(response)
    assert "提前写好" in page(response)
    assert not ActivityRecord.objects.exists()


def test_a_record_upload_by_script_gets_the_next_address(staff_client):
    activity = held_activity()
    response = staff_client.post(
        record_url(activity),
        {"summary": "纪实"},
        headers={"X-Requested-With": "XMLHttpRequest"},
    )
    assert response.status_code == 204
    assert response.headers["X-Location"] == record_url(activity)


def test_saving_again_keeps_the_photos_and_adds_new_ones(staff_client):
    activity = held_activity()
    staff_client.post(record_url(activity), {"summary": "一", "photos": [photo()]})
    staff_client.post(record_url(activity), {"summary": "二", "photos": [photo()]})
    record = ActivityRecord.objects.get()
    assert record.summary == "二"
    assert record.photos.count() == 2
    assert not record.is_published


def test_the_record_page_runs_a_fixed_number_of_queries(staff_client):
    activity = held_activity()
    url = record_url(activity)
    staff_client.post(url, {"summary": "纪实", "photos": [photo(data=jpeg((40, 30)))]})
    record = ActivityRecord.objects.get()

    def fill(n):
        RegistrationFactory.create_batch(
            n, activity=activity, checked_in_at=timezone.now()
        )
        for _ in range(n):
            RecordPhoto.objects.create(record=record, image=photo(data=jpeg((40, 30))))

    staff_client.get(url)
    fill(2)
    with CaptureQueriesContext(connection) as few:
        staff_client.get(url)
    fill(10)
    with CaptureQueriesContext(connection) as many:
        response = staff_client.get(url)
    assert len(response.context["photos"]) == 13
    assert_same_queries(few, many)


# --- satisfaction and participation -------------------------------------------------------


@pytest.mark.parametrize("who", ["resident", "team_leader", "grid_worker"])
def test_only_staff_see_the_figures(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(SATISFACTION_URL).status_code == 403


def rated_activity(*, strand, starts_at, scores, registered=None):
    activity = ActivityFactory(
        strand=strand,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        capacity=None,
    )
    for score in scores:
        registration = RegistrationFactory(
            activity=activity, checked_in_at=timezone.now()
        )
        Rating.objects.create(activity=activity, user=registration.user, score=score)
    for _ in range(registered or 0):
        RegistrationFactory(activity=activity)
    return activity


def local(year, month, day, hour=10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def test_the_figures_per_strand_and_month(staff_client):
    rated_activity(
        strand="traditional_culture",
        starts_at=local(2025, 3, 8),
        scores=[5, 4],
        registered=2,
    )
    rated_activity(strand="volunteering", starts_at=local(2025, 3, 20), scores=[3])
    rated_activity(strand="volunteering", starts_at=local(2025, 5, 1), scores=[5, 5, 2])
    # Outside the range, and a cancelled activity: neither counts.
    rated_activity(strand="volunteering", starts_at=local(2024, 12, 31), scores=[1])
    cancelled = ActivityFactory(starts_at=local(2025, 4, 1), status="cancelled")
    RegistrationFactory(activity=cancelled)

    response = staff_client.get(
        SATISFACTION_URL, {"start": "2025-03-01", "end": "2025-05-31"}
    )
    assert response.status_code == 200
    strands = {row["strand"]: row for row in response.context["by_strand"]}
    assert strands["traditional_culture"]["count"] == 2
    assert strands["traditional_culture"]["average"] == 4.5
    assert strands["volunteering"]["count"] == 4
    assert strands["volunteering"]["average"] == 3.75

    months = response.context["months"]
    assert [row["participation"].month for row in months] == [
        datetime.date(2025, 3, 1),
        datetime.date(2025, 4, 1),
        datetime.date(2025, 5, 1),
    ]
    march, april, may = (row["participation"] for row in months)
    assert (march.activities, march.registered, march.attended) == (2, 5, 3)
    assert (april.activities, april.registered, april.attended) == (0, 0, 0)
    assert (may.activities, may.registered, may.attended) == (1, 3, 3)
    assert months[0]["rating"]["count"] == 3
    assert months[1]["rating"] is None

    totals = response.context["totals"]
    assert totals["ratings"] == 6
    assert totals["average"] == 4.0
    assert totals["attended"] == 6
    html = page(response)
    assert "<meter" in html
    assert "4.50" in html


def test_the_default_range_is_the_last_twelve_months(staff_client):
    response = staff_client.get(SATISFACTION_URL)
    assert response.status_code == 200
    start, end = default_satisfaction_range()
    assert (response.context["start"], response.context["end"]) == (start, end)
    assert len(response.context["months"]) == 12
    assert end == timezone.localdate()


def test_a_month_at_the_turn_of_the_year_is_counted_in_local_time(staff_client):
    # 00:30 on 1 January in Shanghai is still 31 December in UTC.
    rated_activity(strand="volunteering", starts_at=local(2025, 1, 1, 0), scores=[4])
    response = staff_client.get(
        SATISFACTION_URL, {"start": "2024-12-01", "end": "2025-01-31"}
    )
    december, january = (row["participation"] for row in response.context["months"])
    assert (december.activities, january.activities) == (0, 1)


@pytest.mark.parametrize(
    "params",
    [
        {"start": "yesterday", "end": "2025-01-01"},
        {"start": "2025-05-01", "end": "2025-01-01"},
        {"start": "1900-01-01", "end": "2025-01-01"},
        {"start": "2025-13-45"},
    ],
)
def test_bad_dates_fall_back_to_the_last_twelve_months(staff_client, params):
    response = staff_client.get(SATISFACTION_URL, params)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert (response.context["start"], response.context["end"]) == (
        default_satisfaction_range()
    )


def test_the_figures_in_english(staff_client):
    response = staff_client.get("/en" + SATISFACTION_URL)
    assert response.status_code == 200
    assert "Satisfaction and participation" in page(response)


def test_the_figures_run_a_fixed_number_of_queries(staff_client):
    params = {"start": "2025-01-01", "end": "2025-12-31"}

    def fill(n):
        for i in range(n):
            rated_activity(
                strand=["volunteering", "modern_ideas", "talent_studio"][i % 3],
                starts_at=local(2025, i % 12 + 1, 10),
                scores=[i % 5 + 1],
                registered=1,
            )

    staff_client.get(SATISFACTION_URL, params)
    fill(3)
    with CaptureQueriesContext(connection) as few:
        staff_client.get(SATISFACTION_URL, params)
    fill(30)
    with CaptureQueriesContext(connection) as many:
        response = staff_client.get(SATISFACTION_URL, params)
    assert response.context["totals"]["ratings"] == 33
    assert_same_queries(few, many)


def test_no_inline_script_or_style_on_the_staff_pages(staff_client):
    activity = held_activity()
    for url in (checkin_url(activity), record_url(activity), SATISFACTION_URL):
        html = page(staff_client.get(url))
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert " style=" not in html, url


def test_leaders_of_other_teams_cannot_post_a_record(client, team_leader):
    activity = held_activity(team=TeamFactory())
    client.force_login(team_leader)
    response = client.post(record_url(activity), {"summary": "不该写"})
    assert response.status_code == 403
    assert not ActivityRecord.objects.exists()
