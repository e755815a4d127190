"""Reads of the selections with public voting: the list of selections, a
selection's page (its candidates, paginated, with the counts once voting is over)
and the nomination form's selection.

The selection page runs a fixed number of queries whatever the number of
candidates and votes: the counts are the candidates' ``vote_count`` (kept with
``F()`` by the vote service), the places come from a window function in the same
query as the candidates, and the total from one aggregate.
"""

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Page
from django.db.models import F, Prefetch, Sum, Window
from django.db.models.functions import Rank
from django.utils import timezone

from community_portal.accounts.models import User
from community_portal.pagination import paginate
from community_portal.permissions import is_community_staff

from ..models import Nomination, NominationPhoto, Selection, Vote

SELECTIONS_PER_PAGE = 12
CANDIDATES_PER_PAGE = 24


def _visible(user: User):
    if is_community_staff(user):
        return Selection.objects.all()
    return Selection.objects.published()


def _set_phase(selection: Selection, day: datetime.date) -> None:
    selection.phase = selection.phase_on(day)
    selection.phase_label = Selection.Phase(selection.phase).label


def selection_list(*, user: User, page=1, day: datetime.date | None = None) -> Page:
    """The selections residents see, newest first; each with its ``phase``."""
    day = day or timezone.localdate()
    result = paginate(_visible(user), page=page, per_page=SELECTIONS_PER_PAGE)
    for selection in result.object_list:
        _set_phase(selection, day)
    return result


def selection_get(*, slug: str, user: User) -> Selection | None:
    return _visible(user).filter(slug=slug).first()


def selections_current(*, day: datetime.date | None = None, limit: int = 3) -> list:
    """The published selections not yet closed (for the home and venue pages)."""
    day = day or timezone.localdate()
    items = list(
        Selection.objects.published()
        .filter(notice_until__gte=day, nominations_open__lte=day)
        .order_by("voting_close", "id")[:limit]
    )
    for selection in items:
        _set_phase(selection, day)
    return items


@dataclass
class SelectionPage:
    selection: Selection
    phase: str
    candidates: Page
    results_shown: bool
    total_votes: int
    # The signed-in resident's votes that count against the rule now.
    voted_ids: set[int] = field(default_factory=set)
    votes_left: int | None = None
    my_nominations: list = field(default_factory=list)

    @property
    def can_nominate(self) -> bool:
        return self.phase == Selection.Phase.NOMINATING

    @property
    def can_vote(self) -> bool:
        return self.phase == Selection.Phase.VOTING

    @property
    def can_object(self) -> bool:
        return self.phase == Selection.Phase.NOTICE


def _candidates(selection: Selection, *, results_shown: bool):
    candidates = (
        Nomination.objects.approved()
        .filter(selection=selection)
        .select_related("building")
        .prefetch_related(
            Prefetch("photos", queryset=NominationPhoto.objects.order_by("position"))
        )
    )
    if results_shown:
        return candidates.annotate(
            place=Window(Rank(), order_by=F("vote_count").desc())
        ).order_by("-vote_count", "nominee_name", "id")
    return candidates.order_by("nominee_name", "id")


def selection_page(
    *,
    slug: str,
    user: User,
    page=1,
    day: datetime.date | None = None,
) -> SelectionPage | None:
    selection = selection_get(slug=slug, user=user)
    if selection is None:
        return None
    day = day or timezone.localdate()
    _set_phase(selection, day)
    phase = selection.phase
    results_shown = selection.results_shown_on(day)
    candidates = paginate(
        _candidates(selection, results_shown=results_shown),
        page=page,
        per_page=CANDIDATES_PER_PAGE,
    )
    for candidate in candidates.object_list:
        candidate.is_winner = (
            results_shown
            and candidate.vote_count > 0
            and candidate.place <= selection.winner_count
        )
    total = 0
    if results_shown:
        total = (
            Nomination.objects.approved()
            .filter(selection=selection)
            .aggregate(total=Sum("vote_count"))["total"]
            or 0
        )
    result = SelectionPage(
        selection=selection,
        phase=phase,
        candidates=candidates,
        results_shown=results_shown,
        total_votes=total,
    )
    if user.is_authenticated:
        if phase == Selection.Phase.VOTING:
            votes = Vote.objects.filter(selection=selection, voter=user)
            if selection.vote_rule == Selection.VoteRule.DAILY:
                page_ids = [candidate.pk for candidate in candidates.object_list]
                votes = votes.filter(day=day, nomination_id__in=page_ids)
            result.voted_ids = set(votes.values_list("nomination_id", flat=True))
            if selection.vote_rule == Selection.VoteRule.ROUND:
                result.votes_left = max(
                    selection.votes_per_round - len(result.voted_ids), 0
                )
        result.my_nominations = list(
            Nomination.objects.filter(selection=selection, nominated_by=user).order_by(
                "-created_at"
            )[:10]
        )
    return result


def nomination_choices(*, selection: Selection):
    """The approved candidates of a selection (the objection form's choices)."""
    return Nomination.objects.approved().filter(selection=selection).by_votes()
