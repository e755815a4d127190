"""The demo's selections: 最美家庭 in 公示 with results, 最美庭院 voting with
candidates and votes, the cooking contest taking nominations; loading twice adds
nothing."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from community_portal.devtools.demo import pictures
from community_portal.devtools.demo.loader import demo_load
from venues.models import Nomination, Objection, Selection, Vote

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_pictures(monkeypatch):
    monkeypatch.setattr(pictures, "IMAGE_SIZE", (120, 80))


def test_the_three_selections_in_their_phases(client):
    call_command("load_demo", "--force", stdout=None)
    today = timezone.localdate()
    phases = {s.slug: s.phase_on(today) for s in Selection.objects.all()}
    assert phases == {
        "most-beautiful-family": "notice",
        "most-beautiful-courtyard": "voting",
        "cooking-contest": "nominating",
    }
    family = Selection.objects.get(slug="most-beautiful-family")
    counts = dict(family.nominations.values_list("nominee_name", "vote_count"))
    assert counts["22幢 周桂英家"] == 52 and counts["12幢 刘家"] == 20
    for nomination in Nomination.objects.all():
        assert nomination.vote_count == nomination.votes.count()
        assert nomination.photos.count() == 1
    assert Vote.objects.filter(selection__slug="most-beautiful-courtyard").count() == 12
    assert Objection.objects.count() == 1
    page = client.get(family.get_absolute_url())
    assert page.status_code == 200
    assert page.context["page"].candidates[0].is_winner
    # The winners are on their grid's page.
    winner = family.nominations.get(nominee_name="22幢 周桂英家")
    assert (
        "22幢 周桂英家" in client.get(f"/grids/{winner.grid.number}/").content.decode()
    )

    votes = Vote.objects.count()
    result = demo_load(refresh=True)
    assert result["created"] == 0 and result["updated"] == 0
    assert Vote.objects.count() == votes
    assert Objection.objects.count() == 1
