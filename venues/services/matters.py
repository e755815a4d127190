"""Writes of the talk corridor (说事长廊): residents raise matters and second them
(附议); community staff accept, reply in public, set them in progress, resolve them
with a note, or hide abusive ones with a reason. Every step lands in the matter's
timeline.

Each function owns its transaction and checks its rules whoever calls it. A refusal
raises ``ServiceError`` (codes in ``venues.errors.Code``) with a message for people and
the form field it is about; handling by anyone but staff is ``NOT_ALLOWED`` (403).
Every status change goes through ``Matter.PIPELINE``.
Seconding locks the matter row, re-checks, writes the seconding (a unique
constraint backs "once each") and raises the counter with ``F()``.

Calling convention: a service that changes a matter takes its ``matter_id=``; inside
its own transaction it locks and re-reads the row (a missing one is ``NOT_FOUND``,
``matter_not_found``) and checks its rules against that row. The acting person and
values chosen on a form are instances; predicates and readers take instances.
"""

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
from ..models import Matter, MatterEvent, MatterPhoto, MatterSecond
from ..notices import followers_told, matter_follow_up_asked, matter_told


def _check_text(*, title: str, description: str, category: str) -> None:
    if not title.strip():
        raise ServiceError(
            Code.TITLE_MISSING, _("Give the matter a title."), field="title"
        )
    if not description.strip():
        raise ServiceError(
            Code.DESCRIPTION_MISSING, _("Describe the matter."), field="description"
        )
    if category not in Matter.Category.values:
        raise ServiceError(
            Code.CATEGORY_MISSING, _("Choose a category."), field="category"
        )


def _check_staff(user: User) -> None:
    if not is_community_staff(user):
        raise ServiceError(
            Code.HANDLE_NOT_ALLOWED, _("Only community staff can handle matters.")
        )


def _lock(matter_id: int) -> Matter:
    """The matter, locked and read afresh (call inside the transaction)."""
    matter = Matter.objects.select_for_update().filter(pk=matter_id).first()
    if matter is None:
        raise ServiceError(Code.MATTER_NOT_FOUND, _("This matter does not exist."))
    return matter


def _event(matter: Matter, kind: str, *, by_user: User, text: str = "") -> MatterEvent:
    return MatterEvent.objects.create(
        matter=matter, kind=kind, by_user=by_user, text=text
    )


def matter_create(
    *,
    author: User,
    title: str,
    description: str,
    category: str,
    building: Building | None = None,
    is_anonymous: bool = False,
    photos: Sequence[UploadedFile] = (),
    submission_key: uuid.UUID,
) -> tuple[Matter, bool]:
    """Raise a matter; return it and whether it is new (False: the key was used)."""
    if not author.is_authenticated:
        raise ServiceError(Code.LOGIN_REQUIRED, _("Please log in to raise a matter."))
    existing = Matter.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        if existing.author_id != author.pk:
            raise ServiceError(
                Code.FORM_USED, _("This form was already used. Please open it again.")
            )
        return existing, False
    _check_text(title=title, description=description, category=category)
    photos_check(photos)
    try:
        with transaction.atomic():
            matter = Matter.objects.create(
                author=author,
                title=title.strip(),
                description=description.strip(),
                category=category,
                building=building,
                is_anonymous=is_anonymous,
                submission_key=submission_key,
            )
            photos_attach(model=MatterPhoto, owner=matter, photos=photos)
            followers_told(
                matter=matter,
                event=_event(matter, MatterEvent.Kind.RAISED, by_user=author),
            )
    except IntegrityError:
        existing = Matter.objects.filter(
            submission_key=submission_key, author=author
        ).first()
        if existing is None:
            raise
        return existing, False
    return matter, True


def matter_update(
    *,
    matter_id: int,
    by_user: User,
    title: str,
    description: str,
    category: str,
    building: Building | None = None,
    is_anonymous: bool = False,
) -> Matter:
    """The resident who raised a matter corrects it while staff have not taken it up."""
    with transaction.atomic():
        matter = _lock(matter_id)
        refusal = matter_edit_refusal(matter=matter, user=by_user)
        if refusal:
            raise refusal
        _check_text(title=title, description=description, category=category)
        matter.title = title.strip()
        matter.description = description.strip()
        matter.category = category
        matter.building = building
        matter.is_anonymous = is_anonymous
        matter.save()
    return matter


def matter_edit_refusal(*, matter: Matter, user: User) -> ServiceError | None:
    """Why ``user`` may not edit ``matter`` (None: they may)."""
    if matter.author_id != user.pk:
        return ServiceError(
            Code.EDIT_NOT_ALLOWED, _("You can only edit matters you raised yourself.")
        )
    if matter.is_hidden or matter.status != Matter.Status.OPEN:
        return ServiceError(
            Code.NOT_EDITABLE,
            _("Staff have taken this matter up; it can no longer be edited."),
        )
    return None


def matter_second(*, matter_id: int, user: User) -> MatterSecond:
    """``user`` seconds (附议) the matter: once each, not their own, not when closed."""
    if not user.is_authenticated:
        raise ServiceError(Code.LOGIN_REQUIRED, _("Please log in to second a matter."))
    with transaction.atomic():
        matter = _lock(matter_id)
        if matter.author_id == user.pk:
            raise ServiceError(Code.OWN_MATTER, _("You raised this matter yourself."))
        if matter.is_hidden:
            raise ServiceError(Code.HIDDEN, _("This matter is hidden."))
        if matter.status == Matter.Status.RESOLVED:
            raise ServiceError(
                Code.RESOLVED,
                _("This matter is resolved; it can no longer be seconded."),
            )
        if MatterSecond.objects.filter(matter=matter, user=user).exists():
            raise ServiceError(
                Code.ALREADY_SECONDED, _("You have already seconded this matter.")
            )
        second = MatterSecond.objects.create(matter=matter, user=user)
        Matter.objects.filter(pk=matter.pk).update(seconds_count=F("seconds_count") + 1)
    return second


def _replied(matter: Matter, now) -> None:
    if matter.first_reply_at is None:
        matter.first_reply_at = now


def matter_accept(*, matter_id: int, by_user: User, text: str = "") -> Matter:
    _check_staff(by_user)
    with transaction.atomic():
        matter = _lock(matter_id)
        Matter.PIPELINE.move(matter, Matter.Status.ACCEPTED)
        now = timezone.now()
        _replied(matter, now)
        matter.save()
        matter_told(
            event=_event(
                matter, MatterEvent.Kind.ACCEPTED, by_user=by_user, text=text.strip()
            )
        )
    return matter


def matter_reply(*, matter_id: int, by_user: User, text: str) -> Matter:
    _check_staff(by_user)
    if not text.strip():
        raise ServiceError(Code.TEXT_MISSING, _("Write the reply."), field="text")
    with transaction.atomic():
        matter = _lock(matter_id)
        _replied(matter, timezone.now())
        matter.save()
        matter_told(
            event=_event(
                matter, MatterEvent.Kind.REPLY, by_user=by_user, text=text.strip()
            )
        )
    return matter


def matter_set_in_progress(*, matter_id: int, by_user: User, text: str = "") -> Matter:
    _check_staff(by_user)
    with transaction.atomic():
        matter = _lock(matter_id)
        Matter.PIPELINE.move(matter, Matter.Status.IN_PROGRESS)
        _replied(matter, timezone.now())
        matter.save()
        _event(matter, MatterEvent.Kind.IN_PROGRESS, by_user=by_user, text=text.strip())
    return matter


def matter_resolve(*, matter_id: int, by_user: User, text: str) -> Matter:
    _check_staff(by_user)
    if not text.strip():
        raise ServiceError(
            Code.TEXT_MISSING, _("Say how the matter was resolved."), field="text"
        )
    with transaction.atomic():
        matter = _lock(matter_id)
        Matter.PIPELINE.move(matter, Matter.Status.RESOLVED)
        now = timezone.now()
        matter.resolved_at = now
        matter.follow_up_answered_at = None
        _replied(matter, now)
        matter.save()
        event = _event(
            matter, MatterEvent.Kind.RESOLVED, by_user=by_user, text=text.strip()
        )
        matter_told(event=event)
        matter_follow_up_asked(event=event)
        followers_told(matter=matter, event=event)
    return matter


def matter_follow_up(
    *, matter_id: int, by_user: User, solved: bool, reason: str = ""
) -> Matter:
    """The author answers "has it been solved?" after a resolution. Solved: the
    answer goes in the timeline. Not solved: the matter is reopened with the
    reason, once in its life; a second time is refused (staff can still be asked
    on a new matter)."""
    with transaction.atomic():
        matter = _lock(matter_id)
        if matter.author_id != by_user.pk:
            raise ServiceError(
                Code.FOLLOW_UP_NOT_ALLOWED,
                _("Only the resident who raised this matter can answer."),
            )
        if matter.status != Matter.Status.RESOLVED or matter.follow_up_answered_at:
            raise ServiceError(
                Code.NOT_RESOLVED,
                _("This matter is not waiting for your answer."),
            )
        now = timezone.now()
        if solved:
            matter.follow_up_answered_at = now
            matter.save()
            _event(matter, MatterEvent.Kind.CONFIRMED, by_user=by_user)
            return matter
        reason = reason.strip()
        if not reason:
            raise ServiceError(
                Code.REASON_MISSING,
                _("Say what is still not solved."),
                field="reason",
            )
        if matter.reopened_at is not None:
            raise ServiceError(
                Code.ALREADY_REOPENED,
                _(
                    "This matter was reopened once already; please raise a new "
                    "matter if the problem is still there."
                ),
            )
        Matter.PIPELINE.move(matter, Matter.Status.REOPENED)
        matter.follow_up_answered_at = now
        matter.reopened_at = now
        matter.save()
        event = _event(
            matter, MatterEvent.Kind.REOPENED, by_user=by_user, text=reason[:4000]
        )
        matter_told(event=event)
    return matter


def matter_hide(*, matter_id: int, by_user: User, reason: str) -> Matter:
    """Take an abusive matter off the board; the reason is kept and shown to the
    resident who raised it."""
    _check_staff(by_user)
    if not reason.strip():
        raise ServiceError(
            Code.REASON_MISSING, _("Give a reason for hiding a matter."), field="text"
        )
    with transaction.atomic():
        matter = _lock(matter_id)
        if matter.is_hidden:
            raise ServiceError(Code.ALREADY_HIDDEN, _("This matter is already hidden."))
        matter.is_hidden = True
        matter.hidden_reason = reason.strip()[:200]
        matter.save()
        _event(matter, MatterEvent.Kind.HIDDEN, by_user=by_user, text=reason.strip())
    return matter


def matter_show(*, matter_id: int, by_user: User) -> Matter:
    _check_staff(by_user)
    with transaction.atomic():
        matter = _lock(matter_id)
        if not matter.is_hidden:
            raise ServiceError(Code.NOT_HIDDEN, _("This matter is not hidden."))
        matter.is_hidden = False
        matter.hidden_reason = ""
        matter.save()
        _event(matter, MatterEvent.Kind.SHOWN, by_user=by_user)
    return matter


def matter_handle(
    *, matter_id: int, by_user: User, action: str, text: str = ""
) -> Matter:
    """One of the staff's actions by name (the handling form sends the name)."""
    if action == "accept":
        return matter_accept(matter_id=matter_id, by_user=by_user, text=text)
    if action == "reply":
        return matter_reply(matter_id=matter_id, by_user=by_user, text=text)
    if action == "progress":
        return matter_set_in_progress(matter_id=matter_id, by_user=by_user, text=text)
    if action == "resolve":
        return matter_resolve(matter_id=matter_id, by_user=by_user, text=text)
    if action == "hide":
        return matter_hide(matter_id=matter_id, by_user=by_user, reason=text)
    if action == "show":
        return matter_show(matter_id=matter_id, by_user=by_user)
    raise ServiceError(Code.ACTION_MISSING, _("Choose an action."), field="action")
