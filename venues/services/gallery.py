"""Writes of the 悦珍阁 gallery: a resident submits a work with its photos; staff
approve it, refuse it with a reason, or feature it. The author is told each
decision in the message centre.

A submission is checked whole (title, kind, studio, every photo through the image
pipeline) before anything is written, then the work and its photos are written in
one transaction: a refused photo leaves nothing behind. A form's submission key
makes a repeated post return the work it made."""

import uuid
from collections.abc import Sequence

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from community_portal.accounts.models import User
from community_portal.errors import ServiceError
from community_portal.notices.models import Notice
from community_portal.notices.services import notice_send
from community_portal.permissions import is_community_staff
from community_portal.photos import photos_attach, photos_check
from grids.models import Grid

from ..errors import Code
from ..models import Work, WorkPhoto

STUDIO_STRAND = "talent_studio"


def _check_staff(user: User) -> None:
    if not is_community_staff(user):
        raise ServiceError(
            Code.CURATE_NOT_ALLOWED, _("Only community staff can curate the gallery.")
        )


def _lock(work_id: int) -> Work:
    work = Work.objects.select_for_update().filter(pk=work_id).first()
    if work is None:
        raise ServiceError(Code.WORK_NOT_FOUND, _("This work does not exist."))
    return work


def _check_studio(studio) -> None:
    """A studio is an active talent-studio team (reached through the relation)."""
    if studio is None:
        return
    teams = Work._meta.get_field("studio").related_model._default_manager
    if not teams.filter(pk=studio.pk, strand=STUDIO_STRAND, is_active=True).exists():
        raise ServiceError(
            Code.BAD_STUDIO, _("Choose one of the talent studios."), field="studio"
        )


def work_submit(
    *,
    author: User,
    title: str,
    kind: str,
    story: str = "",
    studio=None,
    grid: Grid | None = None,
    photos: Sequence[UploadedFile] = (),
    submission_key: uuid.UUID,
) -> tuple[Work, bool]:
    """Submit a work for review; return it and whether it is new."""
    if not author.is_authenticated:
        raise ServiceError(Code.LOGIN_REQUIRED, _("Please log in to submit a work."))
    existing = Work.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        if existing.author_id != author.pk:
            raise ServiceError(
                Code.FORM_USED, _("This form was already used. Please open it again.")
            )
        return existing, False
    if not title.strip():
        raise ServiceError(
            Code.TITLE_MISSING, _("Give your work a title."), field="title"
        )
    if kind not in Work.Kind.values:
        raise ServiceError(
            Code.KIND_MISSING, _("Choose what kind of work it is."), field="kind"
        )
    if not photos:
        raise ServiceError(
            Code.PHOTO_MISSING,
            _("Add at least one photo of your work."),
            field="photos",
        )
    _check_studio(studio)
    photos_check(photos)
    try:
        with transaction.atomic():
            work = Work.objects.create(
                author=author,
                title=title.strip()[:80],
                kind=kind,
                story=story.strip()[:2000],
                studio=studio,
                grid=grid,
                submission_key=submission_key,
            )
            photos_attach(model=WorkPhoto, owner=work, photos=photos)
    except IntegrityError:
        existing = Work.objects.filter(
            submission_key=submission_key, author=author
        ).first()
        if existing is None:
            raise
        return existing, False
    return work, True


def _tell_author(work: Work, *, decision: str, body: str = "") -> None:
    with translation.override(settings.LANGUAGE_CODE):
        if decision == Work.Status.APPROVED:
            title = _("Your work is in the gallery: %(title)s") % {"title": work.title}
        else:
            title = _("Your work was not accepted: %(title)s") % {"title": work.title}
        notice_send(
            recipient=work.author,
            kind=Notice.Kind.GALLERY,
            key=f"gallery_work:{work.pk}:{decision}:{work.decided_at:%Y%m%d%H%M%S%f}",
            title=title,
            body=body,
            url=work.get_absolute_url(),
        )


def work_approve(*, work_id: int, staff: User) -> Work:
    """Staff put a work in the gallery."""
    _check_staff(staff)
    with transaction.atomic():
        work = _lock(work_id)
        Work.PIPELINE.move(work, Work.Status.APPROVED)
        work.refusal_reason = ""
        work.decided_by = staff
        work.decided_at = timezone.now()
        work.save(
            update_fields=[
                "status",
                "refusal_reason",
                "decided_by",
                "decided_at",
                "updated_at",
            ]
        )
        _tell_author(work, decision=Work.Status.APPROVED)
    return work


def work_refuse(*, work_id: int, staff: User, reason: str) -> Work:
    """Staff refuse a work (or take it out of the gallery), saying why."""
    _check_staff(staff)
    reason = reason.strip()
    if not reason:
        raise ServiceError(
            Code.REASON_MISSING, _("Give a reason for refusing."), field="reason"
        )
    with transaction.atomic():
        work = _lock(work_id)
        Work.PIPELINE.move(work, Work.Status.REFUSED)
        work.refusal_reason = reason[:200]
        work.is_featured = False
        work.decided_by = staff
        work.decided_at = timezone.now()
        work.save(
            update_fields=[
                "status",
                "refusal_reason",
                "is_featured",
                "decided_by",
                "decided_at",
                "updated_at",
            ]
        )
        _tell_author(work, decision=Work.Status.REFUSED, body=work.refusal_reason)
    return work


def work_feature(*, work_id: int, staff: User, featured: bool = True) -> Work:
    """Staff feature a work of the gallery at the top of its page (or stop)."""
    _check_staff(staff)
    with transaction.atomic():
        work = _lock(work_id)
        if featured and work.status != Work.Status.APPROVED:
            raise ServiceError(
                Code.NOT_APPROVED, _("Only a work in the gallery can be featured.")
            )
        work.is_featured = featured
        work.save(update_fields=["is_featured", "updated_at"])
    return work


__all__ = ["work_approve", "work_feature", "work_refuse", "work_submit"]
