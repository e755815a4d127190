"""Writes of the selections with public voting: residents nominate, vote and
object; staff approve or refuse nominations and handle objections.

No double votes under concurrency: ``vote_cast`` locks the candidate's row
(``select_for_update``), re-checks, writes the vote and adds one to the
candidate's ``vote_count`` with ``F()`` in the same transaction. The unique
constraints of ``Vote`` back it up whoever writes: one vote per voter, candidate
and day; under the per-round rule one numbered slot per vote (two racing votes of
one voter for different candidates cannot take the same slot).
"""

import datetime
import uuid
from collections.abc import Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from community_portal.accounts.models import User
from community_portal.errors import ServiceError
from community_portal.permissions import is_community_staff
from community_portal.photos import photos_attach, photos_check
from grids.models import Building

from ..errors import Code
from ..models import Nomination, NominationPhoto, Objection, Selection, Vote


def _today(now: datetime.datetime | None) -> datetime.date:
    return timezone.localdate(now or timezone.now())


def _signed_in(user: User, message: str) -> None:
    if not user.is_authenticated:
        raise ServiceError(Code.LOGIN_REQUIRED, message)


def _selection(selection_id: int) -> Selection:
    selection = Selection.objects.published().filter(pk=selection_id).first()
    if selection is None:
        raise ServiceError(
            Code.SELECTION_NOT_FOUND, _("This selection does not exist.")
        )
    return selection


def _check_staff(user: User) -> None:
    if not is_community_staff(user):
        raise ServiceError(
            Code.REVIEW_NOT_ALLOWED, _("Only community staff can review nominations.")
        )


# --- nominating ---------------------------------------------------------------------


def nomination_create(
    *,
    selection_id: int,
    user: User,
    nominee_name: str,
    story: str,
    is_self: bool = False,
    building: Building | None = None,
    photos: Sequence[UploadedFile] = (),
    submission_key: uuid.UUID,
    now: datetime.datetime | None = None,
) -> tuple[Nomination, bool]:
    """Nominate oneself or a neighbour; return the nomination and whether it is new
    (False: this form was already sent). Nothing is written unless all is valid."""
    _signed_in(user, _("Please log in to nominate."))
    selection = _selection(selection_id)
    existing = Nomination.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        if existing.nominated_by_id != user.pk:
            raise ServiceError(
                Code.FORM_USED, _("This form was already used. Please open it again.")
            )
        return existing, False
    if selection.phase_on(_today(now)) != Selection.Phase.NOMINATING:
        raise ServiceError(
            Code.NOT_NOMINATING,
            _("Nominations for this selection are not open now."),
        )
    if not nominee_name.strip():
        raise ServiceError(
            Code.NAME_MISSING, _("Say who you nominate."), field="nominee_name"
        )
    if not story.strip():
        raise ServiceError(
            Code.STORY_MISSING, _("Tell their story in a few lines."), field="story"
        )
    if selection.photo_required and not photos:
        raise ServiceError(
            Code.PHOTO_REQUIRED,
            _("This selection needs at least one photo."),
            field="photos",
        )
    photos_check(photos)
    try:
        with transaction.atomic():
            nomination = Nomination.objects.create(
                selection=selection,
                nominated_by=user,
                is_self=is_self,
                nominee_name=nominee_name.strip(),
                building=building,
                grid_id=building.grid_id if building else None,
                story=story.strip(),
                submission_key=submission_key,
            )
            photos_attach(model=NominationPhoto, owner=nomination, photos=photos)
    except IntegrityError:
        existing = Nomination.objects.filter(
            submission_key=submission_key, nominated_by=user
        ).first()
        if existing is None:
            raise
        return existing, False
    return nomination, True


def _lock_nomination(nomination_id: int) -> Nomination:
    nomination = (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("selection")
        .filter(pk=nomination_id)
        .first()
    )
    if nomination is None:
        raise ServiceError(
            Code.NOMINATION_NOT_FOUND, _("This nomination does not exist.")
        )
    return nomination


def nomination_approve(*, nomination_id: int, staff: User) -> Nomination:
    _check_staff(staff)
    with transaction.atomic():
        nomination = _lock_nomination(nomination_id)
        Nomination.PIPELINE.move(nomination, Nomination.Status.APPROVED)
        nomination.refusal_reason = ""
        nomination.decided_by = staff
        nomination.decided_at = timezone.now()
        nomination.save(
            update_fields=[
                "status",
                "refusal_reason",
                "decided_by",
                "decided_at",
                "updated_at",
            ]
        )
    return nomination


def nomination_refuse(*, nomination_id: int, staff: User, reason: str) -> Nomination:
    _check_staff(staff)
    if not reason.strip():
        raise ServiceError(
            Code.REASON_MISSING,
            _("Give a reason for refusing a nomination."),
            field="reason",
        )
    with transaction.atomic():
        nomination = _lock_nomination(nomination_id)
        Nomination.PIPELINE.move(nomination, Nomination.Status.REFUSED)
        nomination.refusal_reason = reason.strip()[:200]
        nomination.decided_by = staff
        nomination.decided_at = timezone.now()
        nomination.save(
            update_fields=[
                "status",
                "refusal_reason",
                "decided_by",
                "decided_at",
                "updated_at",
            ]
        )
    return nomination


# --- voting -------------------------------------------------------------------------


def _is_own(nomination: Nomination, user: User) -> bool:
    return nomination.nominated_by_id == user.pk


def vote_cast(
    *, nomination_id: int, user: User, now: datetime.datetime | None = None
) -> Vote:
    """One vote of ``user`` for a candidate, by the selection's rule."""
    _signed_in(user, _("Please log in to vote."))
    day = _today(now)
    with transaction.atomic():
        nomination = _lock_nomination(nomination_id)
        selection = nomination.selection
        if (
            not selection.is_published
            or nomination.status != Nomination.Status.APPROVED
        ):
            raise ServiceError(
                Code.NOMINATION_NOT_FOUND, _("This candidate does not exist.")
            )
        if selection.phase_on(day) != Selection.Phase.VOTING:
            raise ServiceError(
                Code.NOT_VOTING,
                _("Voting is open from %(start)s to %(end)s.")
                % {
                    "start": selection.voting_open.isoformat(),
                    "end": selection.voting_close.isoformat(),
                },
            )
        if not selection.own_vote_allowed and _is_own(nomination, user):
            raise ServiceError(
                Code.OWN_NOMINATION,
                _(
                    "The rules of this selection do not let you vote for your own nomination."
                ),
            )
        votes = Vote.objects.filter(voter=user, nomination=nomination)
        slot = None
        if selection.vote_rule == Selection.VoteRule.DAILY:
            if votes.filter(day=day).exists():
                raise ServiceError(
                    Code.ALREADY_VOTED,
                    _("You have already voted for them today. Come back tomorrow."),
                )
        else:
            if votes.exists():
                raise ServiceError(
                    Code.ALREADY_VOTED, _("You have already voted for them.")
                )
            used = Vote.objects.filter(selection=selection, voter=user).count()
            if used >= selection.votes_per_round:
                raise ServiceError(
                    Code.NO_VOTES_LEFT,
                    _("You have used all your %(count)d votes of this round.")
                    % {"count": selection.votes_per_round},
                )
            slot = used + 1
        try:
            with transaction.atomic():
                vote = Vote.objects.create(
                    selection=selection,
                    nomination=nomination,
                    voter=user,
                    day=day,
                    slot=slot,
                )
        except IntegrityError:
            # Another of this voter's votes was written at the same moment: the
            # constraint kept the rule; say which.
            raise ServiceError(
                Code.ALREADY_VOTED,
                _("Your other vote was counted at the same moment; this one was not."),
            ) from None
        Nomination.objects.filter(pk=nomination.pk).update(
            vote_count=F("vote_count") + 1
        )
    return vote


# --- 公示: objections ----------------------------------------------------------------


def objection_create(
    *,
    selection_id: int,
    user: User,
    text: str,
    nomination_id: int | None = None,
    now: datetime.datetime | None = None,
) -> Objection:
    _signed_in(user, _("Please log in to object."))
    selection = _selection(selection_id)
    if selection.phase_on(_today(now)) != Selection.Phase.NOTICE:
        raise ServiceError(
            Code.NOT_IN_NOTICE,
            _("Objections are taken only while the results are in public notice."),
        )
    if not text.strip():
        raise ServiceError(
            Code.TEXT_MISSING, _("Say what your objection is."), field="text"
        )
    nomination = None
    if nomination_id is not None:
        nomination = (
            Nomination.objects.approved()
            .filter(pk=nomination_id, selection=selection)
            .first()
        )
        if nomination is None:
            raise ServiceError(
                Code.NOT_A_CANDIDATE,
                _("Choose one of the candidates of this selection."),
                field="nomination",
            )
    return Objection.objects.create(
        selection=selection, nomination=nomination, author=user, text=text.strip()
    )


def objection_handle(*, objection_id: int, staff: User, note: str = "") -> Objection:
    _check_staff(staff)
    with transaction.atomic():
        objection = (
            Objection.objects.select_for_update().filter(pk=objection_id).first()
        )
        if objection is None:
            raise ServiceError(
                Code.OBJECTION_NOT_FOUND, _("This objection does not exist.")
            )
        objection.is_handled = True
        objection.staff_note = note.strip()[:200] or objection.staff_note
        objection.handled_by = staff
        objection.handled_at = timezone.now()
        objection.save(
            update_fields=[
                "is_handled",
                "staff_note",
                "handled_by",
                "handled_at",
                "updated_at",
            ]
        )
    return objection
