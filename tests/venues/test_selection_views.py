"""The selection pages: the list, a selection's candidates and results, nominating
(bad photos: the form again, with what was typed), voting (twice, outside the
period, signed out), objecting during 公示, and a fixed number of queries however
many candidates and votes."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import UserFactory, jpeg_upload
from tests.venues.selection_helpers import bulk_votes, candidate, selection_in
from venues.models import Nomination, Objection, Vote

pytestmark = pytest.mark.django_db


def _detail(selection):
    return reverse("venues:selection_detail", args=[selection.slug])


def test_the_list_and_the_page_of_a_selection(client):
    selection = selection_in("voting", title="最美庭院")
    candidate(selection, name="7幢 赵家")
    candidate(selection, name="8幢 孙家", status="pending")
    assert "最美庭院" in client.get(reverse("venues:selection_list")).content.decode()
    text = client.get(_detail(selection)).content.decode()
    assert "7幢 赵家" in text
    assert "8幢 孙家" not in text


def test_an_unpublished_selection_is_not_found(client):
    selection = selection_in("voting", is_published=False)
    assert client.get(_detail(selection)).status_code == 404


def test_the_results_show_counts_and_winners_after_voting(client):
    selection = selection_in("notice", winner_count=1)
    candidate(selection, name="1幢 钱家", vote_count=12)
    candidate(selection, name="2幢 李家", vote_count=5)
    response = client.get(_detail(selection))
    page = response.context["page"]
    assert page.results_shown and page.total_votes == 17
    assert [(c.nominee_name, c.place, c.is_winner) for c in page.candidates] == [
        ("1幢 钱家", 1, True),
        ("2幢 李家", 2, False),
    ]
    assert response.context["objection_form"] is not None


def test_counts_are_hidden_while_voting(client):
    selection = selection_in("voting")
    candidate(selection, vote_count=12)
    page = client.get(_detail(selection)).context["page"]
    assert not page.results_shown and page.total_votes == 0


# --- nominating ----------------------------------------------------------------------


def _nomination_data(**overrides):
    data = {
        "is_self": "0",
        "nominee_name": "12幢 周家",
        "story": "周阿姨每天给楼道里的花浇水。",
    }
    data.update(overrides)
    return data


def test_a_resident_nominates_with_a_photo(client, resident, media_root):
    selection = selection_in("nominating", photo_required=True)
    client.force_login(resident)
    url = reverse("venues:nomination_create", args=[selection.slug])
    response = client.post(url, {**_nomination_data(), "photos": [jpeg_upload()]})
    assert response.status_code == 302
    nomination = Nomination.objects.get()
    assert nomination.nominated_by == resident and not nomination.is_self
    assert nomination.photos.count() == 1


@pytest.mark.parametrize(
    "photos",
    [
        [],
        [SimpleUploadedFile("cat.jpg", b"GIF89a not really", "image/jpeg")],
    ],
    ids=["no-photo", "disguised"],
)
def test_bad_photos_give_the_form_again_with_what_was_typed(
    client, resident, media_root, photos
):
    selection = selection_in("nominating", photo_required=True)
    client.force_login(resident)
    url = reverse("venues:nomination_create", args=[selection.slug])
    response = client.post(url, {**_nomination_data(), "photos": photos})
    assert response.status_code == 200
    assert "photos" in response.context["form"].errors
    text = response.content.decode()
    assert "周阿姨每天给楼道里的花浇水。" in text and "12幢 周家" in text
    assert not Nomination.objects.exists()


def test_an_oversized_photo_is_refused(client, resident, media_root, settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 200
    selection = selection_in("nominating", photo_required=True)
    client.force_login(resident)
    big = jpeg_upload(size=(60, 40))
    assert big.size > 200
    url = reverse("venues:nomination_create", args=[selection.slug])
    response = client.post(url, {**_nomination_data(), "photos": [big]})
    assert response.status_code == 200
    assert "photos" in response.context["form"].errors
    assert not Nomination.objects.exists()


def test_nominating_needs_sign_in(client):
    selection = selection_in("nominating")
    url = reverse("venues:nomination_create", args=[selection.slug])
    response = client.post(url, _nomination_data())
    assert response.status_code == 302 and "login" in response.url


def test_nominating_outside_the_period_says_so(client, resident):
    selection = selection_in("voting")
    client.force_login(resident)
    url = reverse("venues:nomination_create", args=[selection.slug])
    response = client.post(url, _nomination_data())
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "12幢 周家" in response.content.decode()


# --- voting --------------------------------------------------------------------------


def test_a_resident_votes_once_a_day(client, resident):
    selection = selection_in("voting")
    nominee = candidate(selection)
    client.force_login(resident)
    url = reverse("venues:vote_cast", args=[selection.slug, nominee.pk])
    assert client.post(url).status_code == 302
    response = client.post(url, follow=True)
    assert [m.level_tag for m in response.context["messages"]][-1] == "error"
    assert Vote.objects.count() == 1
    nominee.refresh_from_db()
    assert nominee.vote_count == 1
    page = client.get(_detail(selection)).context["page"]
    assert page.voted_ids == {nominee.pk}


def test_voting_needs_sign_in(client):
    selection = selection_in("voting")
    nominee = candidate(selection)
    url = reverse("venues:vote_cast", args=[selection.slug, nominee.pk])
    response = client.post(url)
    assert response.status_code == 302 and "login" in response.url
    assert not Vote.objects.exists()


def test_a_vote_after_the_voting_period_is_refused_with_a_message(client, resident):
    selection = selection_in("notice")
    nominee = candidate(selection)
    client.force_login(resident)
    url = reverse("venues:vote_cast", args=[selection.slug, nominee.pk])
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not Vote.objects.exists()


def test_votes_are_rate_limited(client, resident, settings):
    settings.RATE_LIMITS_ENABLED = True
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "selection_vote": "2/h"}
    from django.core.cache import cache

    cache.clear()
    selection = selection_in("voting")
    nominees = [candidate(selection) for _ in range(3)]
    client.force_login(resident)
    codes = [
        client.post(
            reverse("venues:vote_cast", args=[selection.slug, nominee.pk])
        ).status_code
        for nominee in nominees
    ]
    cache.clear()
    assert codes == [302, 302, 429]
    assert Vote.objects.count() == 2


# --- 公示 ------------------------------------------------------------------------------


def test_an_objection_during_the_public_notice(client, resident):
    selection = selection_in("notice")
    nominee = candidate(selection)
    client.force_login(resident)
    url = reverse("venues:objection_create", args=[selection.slug])
    response = client.post(url, {"nomination": "", "text": "   "})
    assert response.status_code == 400
    assert not Objection.objects.exists()
    response = client.post(url, {"nomination": nominee.pk, "text": "请核实票数"})
    assert response.status_code == 302
    assert Objection.objects.get().nomination == nominee


# --- a fixed number of queries -------------------------------------------------------


@pytest.mark.parametrize("phase", ["voting", "notice"])
def test_the_selection_page_runs_a_fixed_number_of_queries(
    client, assert_same_queries, phase
):
    selection = selection_in(phase)
    voter = UserFactory()
    candidate(selection, by=voter)
    client.force_login(voter)

    def grow():
        more = [candidate(selection) for _ in range(30)]
        bulk_votes(selection, more, total=600)

    assert_same_queries(client, _detail(selection), grow)


def test_hundreds_of_candidates_and_100000_votes(client, assert_same_queries):
    selection = selection_in("notice")
    first = [candidate(selection) for _ in range(3)]
    bulk_votes(selection, first, total=30)

    def grow():
        more = [candidate(selection) for _ in range(300)]
        bulk_votes(selection, more, total=100_000)

    assert_same_queries(client, _detail(selection) + "?page=3", grow)
    page = client.get(_detail(selection)).context["page"]
    assert page.total_votes == 100_030
    assert len(page.candidates.object_list) == 24


def test_stored_text_is_shown_escaped(client):
    selection = selection_in("notice")
    candidate(selection, name="<script>alert(1)</script>", grid=None)
    text = client.get(_detail(selection)).content.decode()
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
