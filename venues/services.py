"""Writes of the talk corridor (说事长廊): residents raise matters and second them
(附议); community staff accept, reply in public, set them in progress, resolve them
with a note, or hide abusive ones with a reason. Every step lands in the matter's
timeline.

Each function owns its transaction and checks its rules whoever calls it. A refusal
raises ``MatterError`` with a message for people and the form field it is about.
Seconding locks the matter row, re-checks, writes the seconding (a unique
constraint backs "once each") and raises the counter with ``F()``.
"""

import uuid
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from community_portal.accounts.models import User
from community_portal.images import MAX_PHOTOS_PER_ENTRY, validate_image_file
from community_portal.permissions import is_community_staff
from grids.models import Building

from .models import Matter, MatterEvent, MatterPhoto, MatterSecond


class MatterError(Exception):
    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def _check_text(*, title: str, description: str, category: str) -> None:
    if not title.strip():
        raise MatterError(_("Give the matter a title."), field="title")
    if not description.strip():
        raise MatterError(_("Describe the matter."), field="description")
    if category not in Matter.Category.values:
        raise MatterError(_("Choose a category."), field="category")


def _check_photos(photos: Sequence[UploadedFile]) -> None:
    if len(photos) > MAX_PHOTOS_PER_ENTRY:
        raise MatterError(
            _("At most %(limit)d photos, please.") % {"limit": MAX_PHOTOS_PER_ENTRY},
            field="photos",
        )
    for photo in photos:
        try:
            validate_image_file(photo)
        except ValidationError as error:
            raise MatterError(
                f"{photo.name}: {' '.join(error.messages)}", field="photos"
            ) from None


def _check_staff(user: User) -> None:
    if not is_community_staff(user):
        raise MatterError(_("Only community staff can handle matters."))


def _lock(matter: Matter) -> Matter:
    return Matter.objects.select_for_update().get(pk=matter.pk)


def _event(matter: Matter, kind: str, *, by_user: User, text: str = "") -> None:
    MatterEvent.objects.create(matter=matter, kind=kind, by_user=by_user, text=text)


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
        raise MatterError(_("Please log in to raise a matter."))
    existing = Matter.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        if existing.author_id != author.pk:
            raise MatterError(_("This form was already used. Please open it again."))
        return existing, False
    _check_text(title=title, description=description, category=category)
    _check_photos(photos)
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
            for position, photo in enumerate(photos):
                MatterPhoto.objects.create(
                    matter=matter, image=photo, position=position
                )
            _event(matter, MatterEvent.Kind.RAISED, by_user=author)
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
    matter: Matter,
    by_user: User,
    title: str,
    description: str,
    category: str,
    building: Building | None = None,
    is_anonymous: bool = False,
) -> Matter:
    """The resident who raised a matter corrects it while staff have not taken it up."""
    with transaction.atomic():
        matter = _lock(matter)
        refusal = matter_edit_refusal(matter=matter, user=by_user)
        if refusal:
            raise MatterError(refusal)
        _check_text(title=title, description=description, category=category)
        matter.title = title.strip()
        matter.description = description.strip()
        matter.category = category
        matter.building = building
        matter.is_anonymous = is_anonymous
        matter.save()
    return matter


def matter_edit_refusal(*, matter: Matter, user: User) -> str | None:
    """Why ``user`` may not edit ``matter`` (None: they may)."""
    if matter.author_id != user.pk:
        return _("You can only edit matters you raised yourself.")
    if matter.is_hidden or matter.status != Matter.Status.OPEN:
        return _("Staff have taken this matter up; it can no longer be edited.")
    return None


def matter_second(*, matter: Matter, user: User) -> MatterSecond:
    """``user`` seconds (附议) ``matter``: once each, not their own, not when closed."""
    if not user.is_authenticated:
        raise MatterError(_("Please log in to second a matter."))
    with transaction.atomic():
        matter = _lock(matter)
        if matter.author_id == user.pk:
            raise MatterError(_("You raised this matter yourself."))
        if matter.is_hidden:
            raise MatterError(_("This matter is hidden."))
        if matter.status == Matter.Status.RESOLVED:
            raise MatterError(
                _("This matter is resolved; it can no longer be seconded.")
            )
        if MatterSecond.objects.filter(matter=matter, user=user).exists():
            raise MatterError(_("You have already seconded this matter."))
        second = MatterSecond.objects.create(matter=matter, user=user)
        Matter.objects.filter(pk=matter.pk).update(seconds_count=F("seconds_count") + 1)
    return second


def _replied(matter: Matter, now) -> None:
    if matter.first_reply_at is None:
        matter.first_reply_at = now


def matter_accept(*, matter: Matter, by_user: User, text: str = "") -> Matter:
    _check_staff(by_user)
    with transaction.atomic():
        matter = _lock(matter)
        if matter.status != Matter.Status.OPEN:
            raise MatterError(_("Only a matter waiting for a reply can be accepted."))
        now = timezone.now()
        matter.status = Matter.Status.ACCEPTED
        _replied(matter, now)
        matter.save()
        _event(matter, MatterEvent.Kind.ACCEPTED, by_user=by_user, text=text.strip())
    return matter


def matter_reply(*, matter: Matter, by_user: User, text: str) -> Matter:
    _check_staff(by_user)
    if not text.strip():
        raise MatterError(_("Write the reply."), field="text")
    with transaction.atomic():
        matter = _lock(matter)
        _replied(matter, timezone.now())
        matter.save()
        _event(matter, MatterEvent.Kind.REPLY, by_user=by_user, text=text.strip())
    return matter


def matter_set_in_progress(*, matter: Matter, by_user: User, text: str = "") -> Matter:
    _check_staff(by_user)
    with transaction.atomic():
        matter = _lock(matter)
        if matter.status == Matter.Status.RESOLVED:
            raise MatterError(_("This matter is already resolved."))
        matter.status = Matter.Status.IN_PROGRESS
        _replied(matter, timezone.now())
        matter.save()
        _event(matter, MatterEvent.Kind.IN_PROGRESS, by_user=by_user, text=text.strip())
    return matter


def matter_resolve(*, matter: Matter, by_user: User, text: str) -> Matter:
    _check_staff(by_user)
    if not text.strip():
        raise MatterError(_("Say how the matter was resolved."), field="text")
    with transaction.atomic():
        matter = _lock(matter)
        if matter.status == Matter.Status.RESOLVED:
            raise MatterError(_("This matter is already resolved."))
        now = timezone.now()
        matter.status = Matter.Status.RESOLVED
        matter.resolved_at = now
        _replied(matter, now)
        matter.save()
        _event(matter, MatterEvent.Kind.RESOLVED, by_user=by_user, text=text.strip())
    return matter


def matter_hide(*, matter: Matter, by_user: User, reason: str) -> Matter:
    """Take an abusive matter off the board; the reason is kept and shown to the
    resident who raised it."""
    _check_staff(by_user)
    if not reason.strip():
        raise MatterError(_("Give a reason for hiding a matter."), field="text")
    with transaction.atomic():
        matter = _lock(matter)
        if matter.is_hidden:
            raise MatterError(_("This matter is already hidden."))
        matter.is_hidden = True
        matter.hidden_reason = reason.strip()[:200]
        matter.save()
        _event(matter, MatterEvent.Kind.HIDDEN, by_user=by_user, text=reason.strip())
    return matter


def matter_show(*, matter: Matter, by_user: User) -> Matter:
    _check_staff(by_user)
    with transaction.atomic():
        matter = _lock(matter)
        if not matter.is_hidden:
            raise MatterError(_("This matter is not hidden."))
        matter.is_hidden = False
        matter.hidden_reason = ""
        matter.save()
        _event(matter, MatterEvent.Kind.SHOWN, by_user=by_user)
    return matter


def matter_handle(
    *, matter: Matter, by_user: User, action: str, text: str = ""
) -> Matter:
    """One of the staff's actions by name (the handling form sends the name)."""
    if action == "accept":
        return matter_accept(matter=matter, by_user=by_user, text=text)
    if action == "reply":
        return matter_reply(matter=matter, by_user=by_user, text=text)
    if action == "progress":
        return matter_set_in_progress(matter=matter, by_user=by_user, text=text)
    if action == "resolve":
        return matter_resolve(matter=matter, by_user=by_user, text=text)
    if action == "hide":
        return matter_hide(matter=matter, by_user=by_user, reason=text)
    if action == "show":
        return matter_show(matter=matter, by_user=by_user)
    raise MatterError(_("Choose an action."), field="action")
