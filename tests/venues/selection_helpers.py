"""Shared helpers of the selection tests: a selection in a given phase, an approved
candidate, and votes written in bulk (the query-count tests)."""

import datetime
import itertools
import uuid
from collections import Counter

from django.utils import timezone

from tests.factories import UserFactory
from venues.models import Nomination, Selection, Vote

_counter = itertools.count(1)


def selection_in(phase: str, *, today: datetime.date | None = None, **overrides):
    """A published selection whose dates put ``today`` in ``phase``."""
    today = today or timezone.localdate()
    day = datetime.timedelta(days=1)
    starts = {
        "upcoming": today + 2 * day,
        "nominating": today - day,
        "reviewing": today - 3 * day,
        "voting": today - 5 * day,
        "notice": today - 10 * day,
        "closed": today - 40 * day,
    }[phase]
    values = {
        "title": "最美庭院",
        "slug": f"sel-{phase}-{next(_counter)}",
        "summary": "评出全社区最美的庭院。",
        "is_published": True,
        "nominations_open": starts,
        "nominations_close": starts + 2 * day,
        "voting_open": starts + 4 * day,
        "voting_close": starts + 7 * day,
        "notice_until": starts + 14 * day,
        "photo_required": False,
    }
    values.update(overrides)
    return Selection.objects.create(**values)


def candidate(selection, *, name=None, by=None, status="approved", **fields):
    return Nomination.objects.create(
        selection=selection,
        nominated_by=by or UserFactory(),
        nominee_name=name or f"{next(_counter)}幢 王家",
        story="院子里种满了月季，邻居都来拍照。",
        status=status,
        refusal_reason="不符合条件" if status == "refused" else "",
        submission_key=uuid.uuid4(),
        **fields,
    )


def bulk_votes(selection, candidates, *, total: int) -> None:
    """``total`` votes spread over the candidates, voters and days (one per voter,
    candidate and day), with the counters set as the service would."""
    voters_needed = max(1, -(-total // (len(candidates) * 10)))
    voters = UserFactory.create_batch(voters_needed)
    votes = []
    combos = itertools.product(range(10), voters, candidates)
    for offset, voter, nominee in itertools.islice(combos, total):
        votes.append(
            Vote(
                selection=selection,
                nomination=nominee,
                voter=voter,
                day=selection.voting_open + datetime.timedelta(days=offset),
            )
        )
    Vote.objects.bulk_create(votes, batch_size=5000)
    counts = Counter(vote.nomination_id for vote in votes)
    for nominee in candidates:
        nominee.vote_count += counts[nominee.pk]
    Nomination.objects.bulk_update(candidates, ["vote_count"], batch_size=500)
