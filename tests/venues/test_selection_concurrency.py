"""Votes at the same moment, from real threads with their own connections, on
PostgreSQL: no double vote, and the counter equals the votes."""

import pytest
from django.db.models import Sum

from community_portal.errors import ServiceError
from tests.activities.test_concurrency import run_at_once
from tests.conftest import requires_postgres
from tests.factories import UserFactory
from tests.venues.selection_helpers import candidate, selection_in
from venues.errors import Code
from venues.models import Nomination, Vote
from venues.services import vote_cast


@pytest.mark.postgres_only
@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_one_resident_voting_many_times_at_once_counts_once():
    nominee = candidate(selection_in("voting"))
    voter = UserFactory()
    results, errors = run_at_once(
        [lambda: vote_cast(nomination_id=nominee.pk, user=voter) for _ in range(12)]
    )
    assert len(results) == 1
    assert {error.code for error in errors} == {Code.ALREADY_VOTED}
    nominee.refresh_from_db()
    assert nominee.vote_count == 1 == Vote.objects.count()


@pytest.mark.postgres_only
@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_many_residents_voting_at_once_are_all_counted():
    nominee = candidate(selection_in("voting"))
    voters = UserFactory.create_batch(15)
    results, errors = run_at_once(
        [
            (lambda voter=voter: vote_cast(nomination_id=nominee.pk, user=voter))
            for voter in voters
        ]
    )
    assert (len(results), errors) == (15, [])
    nominee.refresh_from_db()
    assert nominee.vote_count == 15 == Vote.objects.count()


@pytest.mark.postgres_only
@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_a_round_of_votes_spent_at_once_never_goes_over():
    selection = selection_in("voting", vote_rule="round", votes_per_round=2)
    nominees = [candidate(selection) for _ in range(6)]
    voter = UserFactory()
    results, errors = run_at_once(
        [
            (lambda nominee=nominee: vote_cast(nomination_id=nominee.pk, user=voter))
            for nominee in nominees
        ]
    )
    assert 1 <= len(results) <= 2
    assert all(isinstance(error, ServiceError) for error in errors)
    votes = Vote.objects.filter(voter=voter)
    assert votes.count() == len(results)
    assert len(set(votes.values_list("slot", flat=True))) == len(results)
    total = Nomination.objects.aggregate(total=Sum("vote_count"))["total"]
    assert total == len(results)
