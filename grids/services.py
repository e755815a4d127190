"""Writes of grid work: grid workers' visit logs (民情日志), issue reports (事件上报) and
garbage-sorting checks, and the staff's handling of issue reports.

Every function owns its transaction and enforces the rules itself, whoever calls it
(a view, the admin, the demo loader, a test):

- a grid worker writes only in their own grids; community staff anywhere;
- dates are never in the future; households sorting correctly or aware of the rules
  are never more than the households checked (database constraints back this up);
- a grid worker may edit their own entry for ``EDIT_WINDOW``; staff any time;
- at most ``MAX_PHOTOS_PER_ENTRY`` photos per entry, each through the image pipeline;
- a create carries the form's ``submission_key``: a second call with the same key (a
  double tap, a retry after a lost answer) returns the first entry and saves nothing.

A refusal raises ``ServiceError`` (codes in ``grids.errors.Code``) with a message for
people (in the active language) and the form field it is about: another grid's entry is
``NOT_FOUND`` (404), work a person may not do is ``NOT_ALLOWED`` (403). Every status
change of an issue report goes through ``IssueReport.PIPELINE``.

Calling convention: a service that changes an entry takes its id (``log_id=``,
``report_id=``, ``check_id=``); inside its own transaction it locks and re-reads the row
(a missing one is ``NOT_FOUND``) and checks its rules (own grid, 24 hours) against that
row. The acting person and values chosen on a form are instances; predicates
(``can_*``, ``*_refusal``) take instances.
"""

import datetime
import uuid
from collections.abc import Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community_portal.accounts.models import User
from community_portal.errors import ServiceError
from community_portal.permissions import is_community_staff
from community_portal.photos import photos_attach, photos_check

from .errors import Code
from .models import (
    Building,
    Follow,
    Grid,
    IssueCategory,
    IssuePhoto,
    IssueReport,
    SortingCheck,
    VisitLog,
    VisitLogPhoto,
    VisitTopic,
)

EDIT_WINDOW = datetime.timedelta(hours=24)


# --- Rules ------------------------------------------------------------------------------


def worker_grid_ids(*, user: User) -> set[int]:
    return set(user.worker_grids.values_list("id", flat=True))


def can_do_grid_work(*, user: User) -> bool:
    """Grid workers with at least one grid, and community staff."""
    if not user.is_authenticated:
        return False
    return is_community_staff(user) or user.worker_grids.exists()


def entry_edit_refusal(
    *, user: User, entry: VisitLog | IssueReport | SortingCheck, now=None
) -> ServiceError | None:
    """Why ``user`` may not edit ``entry`` (None: they may)."""
    try:
        _check_can_edit(user=user, entry=entry, now=now)
    except ServiceError as error:
        return error
    return None


def can_edit_entry(
    *, user: User, entry: VisitLog | IssueReport | SortingCheck, now=None
) -> bool:
    return entry_edit_refusal(user=user, entry=entry, now=now) is None


def _check_can_work(user: User) -> None:
    if not can_do_grid_work(user=user):
        raise ServiceError(
            Code.WORK_NOT_ALLOWED,
            _("Only grid workers and community staff can do this."),
        )


def _check_building(user: User, building: Building) -> None:
    if is_community_staff(user):
        return
    if building.grid_id not in worker_grid_ids(user=user):
        raise ServiceError(
            Code.BUILDING_OUTSIDE_GRIDS,
            _("%(building)s is not in your grids. Choose a building in your own grids.")
            % {"building": building},
            field="building",
        )


def _check_not_future(day: datetime.date, *, field: str) -> None:
    if day > timezone.localdate():
        raise ServiceError(
            Code.DATE_IN_FUTURE, _("The date cannot be in the future."), field=field
        )


def _check_counts(*, checked: int, correct: int, aware: int) -> None:
    if checked < 1:
        raise ServiceError(
            Code.COUNTS_DO_NOT_ADD_UP,
            _("Check at least one household."),
            field="households_checked",
        )
    if correct < 0 or correct > checked:
        raise ServiceError(
            Code.COUNTS_DO_NOT_ADD_UP,
            _("Households sorting correctly cannot be more than households checked."),
            field="households_correct",
        )
    if aware < 0 or aware > checked:
        raise ServiceError(
            Code.COUNTS_DO_NOT_ADD_UP,
            _("Households aware of the rules cannot be more than households checked."),
            field="households_aware",
        )


def _check_can_edit(*, user: User, entry, now=None) -> None:
    if is_community_staff(user):
        return
    if entry.grid_id not in worker_grid_ids(user=user):
        raise ServiceError(Code.ENTRY_NOT_FOUND, _("This entry is not in your grids."))
    if entry.author_id != user.pk:
        raise ServiceError(
            Code.EDIT_NOT_ALLOWED, _("You can only edit your own entries.")
        )
    if isinstance(entry, IssueReport) and entry.status == IssueReport.Status.RESOLVED:
        raise ServiceError(
            Code.ISSUE_RESOLVED,
            _("This issue is resolved; it can no longer be edited."),
        )
    now = now or timezone.now()
    if entry.written_at < now - EDIT_WINDOW:
        raise ServiceError(
            Code.EDIT_WINDOW_OVER,
            _(
                "Entries can be edited for 24 hours only. Please ask the community "
                "staff to correct this one."
            ),
        )


def _written_at(written_at: datetime.datetime | None) -> datetime.datetime:
    """When the entry was written (the phone's outbox says), never in the future."""
    now = timezone.now()
    return min(written_at, now) if written_at else now


def _lock(model: type[models.Model], pk: int, *, code: Code, message: str):
    """The entry, locked and read afresh (call inside the transaction)."""
    entry = model.objects.select_for_update().filter(pk=pk).first()
    if entry is None:
        raise ServiceError(code, message)
    return entry


def _already_sent(model: type[models.Model], *, key: uuid.UUID, author: User):
    """The entry an earlier submit with this key saved, if any."""
    entry = model.objects.filter(submission_key=key).first()
    if entry is not None and entry.author_id != author.pk:
        raise ServiceError(
            Code.FORM_USED, _("This form was already used. Please open it again.")
        )
    return entry


def _create_once(model, *, key: uuid.UUID, author: User, build):
    """Run ``build()`` (which saves the entry) unless the key was used; a race between
    two identical submits ends on the unique key, and the loser returns the winner."""
    try:
        with transaction.atomic():
            return build(), True
    except IntegrityError:
        existing = _already_sent(model, key=key, author=author)
        if existing is None:
            raise
        return existing, False


# --- Visit logs -------------------------------------------------------------------------


def visit_log_create(
    *,
    author: User,
    building: Building,
    visited_on: datetime.date,
    topic: VisitTopic,
    notes: str,
    unit: str = "",
    photos: Sequence[UploadedFile] = (),
    submission_key: uuid.UUID,
    written_at: datetime.datetime | None = None,
) -> tuple[VisitLog, bool]:
    """Save a visit log; return it and whether it is new (False: the key was used)."""
    existing = _already_sent(VisitLog, key=submission_key, author=author)
    if existing is not None:
        return existing, False
    _check_can_work(author)
    _check_building(author, building)
    _check_not_future(visited_on, field="visited_on")
    if not notes.strip():
        raise ServiceError(
            Code.NOTES_MISSING,
            _("Write down what the visit was about."),
            field="notes",
        )
    photos_check(photos)

    def build():
        log = VisitLog.objects.create(
            grid_id=building.grid_id,
            building=building,
            author=author,
            visited_on=visited_on,
            unit=unit.strip(),
            topic=topic,
            notes=notes.strip(),
            submission_key=submission_key,
            written_at=_written_at(written_at),
        )
        photos_attach(model=VisitLogPhoto, owner=log, photos=photos)
        return log

    return _create_once(VisitLog, key=submission_key, author=author, build=build)


def visit_log_update(
    *,
    log_id: int,
    by_user: User,
    building: Building,
    visited_on: datetime.date,
    topic: VisitTopic,
    notes: str,
    unit: str = "",
    photos: Sequence[UploadedFile] = (),
) -> VisitLog:
    """Change a visit log (its author within 24 hours, or staff); photos are added."""
    with transaction.atomic():
        log = _lock(
            VisitLog,
            log_id,
            code=Code.VISIT_LOG_NOT_FOUND,
            message=_("This visit log does not exist."),
        )
        _check_can_edit(user=by_user, entry=log)
        _check_building(by_user, building)
        _check_not_future(visited_on, field="visited_on")
        if not notes.strip():
            raise ServiceError(
                Code.NOTES_MISSING,
                _("Write down what the visit was about."),
                field="notes",
            )
        photos_check(photos, already=log.photos.count())
        log.grid_id = building.grid_id
        log.building = building
        log.visited_on = visited_on
        log.unit = unit.strip()
        log.topic = topic
        log.notes = notes.strip()
        log.save()
        photos_attach(model=VisitLogPhoto, owner=log, photos=photos)
    return log


# --- Issue reports ----------------------------------------------------------------------


def _lock_report(report_id: int) -> IssueReport:
    return _lock(
        IssueReport,
        report_id,
        code=Code.ISSUE_REPORT_NOT_FOUND,
        message=_("This issue report does not exist."),
    )


def issue_report_create(
    *,
    author: User,
    building: Building,
    category: IssueCategory,
    urgency: str,
    description: str,
    photos: Sequence[UploadedFile] = (),
    submission_key: uuid.UUID,
    written_at: datetime.datetime | None = None,
) -> tuple[IssueReport, bool]:
    """Hand an issue to staff; return it and whether it is new."""
    existing = _already_sent(IssueReport, key=submission_key, author=author)
    if existing is not None:
        return existing, False
    _check_can_work(author)
    _check_building(author, building)
    if urgency not in IssueReport.Urgency.values:
        raise ServiceError(
            Code.URGENCY_MISSING, _("Choose how urgent it is."), field="urgency"
        )
    if not description.strip():
        raise ServiceError(
            Code.DESCRIPTION_MISSING, _("Describe the issue."), field="description"
        )
    photos_check(photos)

    def build():
        report = IssueReport.objects.create(
            grid_id=building.grid_id,
            building=building,
            author=author,
            category=category,
            urgency=urgency,
            description=description.strip(),
            submission_key=submission_key,
            written_at=_written_at(written_at),
        )
        photos_attach(model=IssuePhoto, owner=report, photos=photos)
        return report

    return _create_once(IssueReport, key=submission_key, author=author, build=build)


def issue_report_update(
    *,
    report_id: int,
    by_user: User,
    building: Building,
    category: IssueCategory,
    urgency: str,
    description: str,
    photos: Sequence[UploadedFile] = (),
) -> IssueReport:
    """Correct an issue report (its author within 24 hours while staff have not
    resolved it, or staff); photos are added."""
    with transaction.atomic():
        report = _lock_report(report_id)
        _check_can_edit(user=by_user, entry=report)
        if report.status == IssueReport.Status.RESOLVED and not is_community_staff(
            by_user
        ):
            raise ServiceError(
                Code.ISSUE_RESOLVED,
                _("This issue is resolved; it can no longer be edited."),
            )
        _check_building(by_user, building)
        if urgency not in IssueReport.Urgency.values:
            raise ServiceError(
                Code.URGENCY_MISSING, _("Choose how urgent it is."), field="urgency"
            )
        if not description.strip():
            raise ServiceError(
                Code.DESCRIPTION_MISSING, _("Describe the issue."), field="description"
            )
        photos_check(photos, already=report.photos.count())
        report.grid_id = building.grid_id
        report.building = building
        report.category = category
        report.urgency = urgency
        report.description = description.strip()
        report.save()
        photos_attach(model=IssuePhoto, owner=report, photos=photos)
    return report


def issue_report_assign(
    *, report_id: int, assignee: User, by_user: User
) -> IssueReport:
    """Staff hand an open issue to someone to handle."""
    if not is_community_staff(by_user):
        raise ServiceError(
            Code.STAFF_NOT_ALLOWED, _("Only community staff can assign issues.")
        )
    with transaction.atomic():
        report = _lock_report(report_id)
        IssueReport.PIPELINE.move(report, IssueReport.Status.ASSIGNED)
        report.assignee = assignee
        report.assigned_at = timezone.now()
        report.save(update_fields=["assignee", "assigned_at", "status", "updated_at"])
    return report


def issue_report_resolve(
    *, report_id: int, by_user: User, resolution: str
) -> IssueReport:
    """Staff close an issue with a note the reporter reads."""
    if not is_community_staff(by_user):
        raise ServiceError(
            Code.STAFF_NOT_ALLOWED, _("Only community staff can resolve issues.")
        )
    if not resolution.strip():
        raise ServiceError(
            Code.RESOLUTION_MISSING, _("Say how it was resolved."), field="resolution"
        )
    with transaction.atomic():
        report = _lock_report(report_id)
        IssueReport.PIPELINE.move(report, IssueReport.Status.RESOLVED)
        report.resolution = resolution.strip()
        report.resolved_at = timezone.now()
        if report.assignee_id is None:
            report.assignee = by_user
            report.assigned_at = report.resolved_at
        report.save()
    return report


# --- Garbage-sorting checks -------------------------------------------------------------


def sorting_check_create(
    *,
    author: User,
    building: Building,
    checked_on: datetime.date,
    households_checked: int,
    households_correct: int,
    households_aware: int,
    notes: str = "",
    submission_key: uuid.UUID,
    written_at: datetime.datetime | None = None,
) -> tuple[SortingCheck, bool]:
    """Record a sorting check; return it and whether it is new."""
    existing = _already_sent(SortingCheck, key=submission_key, author=author)
    if existing is not None:
        return existing, False
    _check_can_work(author)
    _check_building(author, building)
    _check_not_future(checked_on, field="checked_on")
    _check_counts(
        checked=households_checked,
        correct=households_correct,
        aware=households_aware,
    )

    def build():
        return SortingCheck.objects.create(
            grid_id=building.grid_id,
            building=building,
            author=author,
            checked_on=checked_on,
            households_checked=households_checked,
            households_correct=households_correct,
            households_aware=households_aware,
            notes=notes.strip(),
            submission_key=submission_key,
            written_at=_written_at(written_at),
        )

    return _create_once(SortingCheck, key=submission_key, author=author, build=build)


def sorting_check_update(
    *,
    check_id: int,
    by_user: User,
    building: Building,
    checked_on: datetime.date,
    households_checked: int,
    households_correct: int,
    households_aware: int,
    notes: str = "",
) -> SortingCheck:
    with transaction.atomic():
        check = _lock(
            SortingCheck,
            check_id,
            code=Code.SORTING_CHECK_NOT_FOUND,
            message=_("This sorting check does not exist."),
        )
        _check_can_edit(user=by_user, entry=check)
        _check_building(by_user, building)
        _check_not_future(checked_on, field="checked_on")
        _check_counts(
            checked=households_checked,
            correct=households_correct,
            aware=households_aware,
        )
        check.grid_id = building.grid_id
        check.building = building
        check.checked_on = checked_on
        check.households_checked = households_checked
        check.households_correct = households_correct
        check.households_aware = households_aware
        check.notes = notes.strip()
        check.save()
    return check


# --- Following a grid or a building -------------------------------------------------


def follow_set(
    *,
    user: User,
    following: bool,
    grid: Grid | None = None,
    building: Building | None = None,
) -> bool:
    """Follow (or stop following) one grid or one building. Idempotent: following
    twice keeps one row (the unique constraints back it), unfollowing what one
    does not follow changes nothing. Returns whether ``user`` now follows it."""
    if not user.is_authenticated:
        raise ServiceError(Code.FOLLOW_NOT_ALLOWED, _("Please log in first."))
    if (grid is None) == (building is None):
        raise ServiceError(
            Code.FOLLOW_TARGET_MISSING, _("Choose a grid or a building.")
        )
    target = {"grid": grid} if grid is not None else {"building": building}
    if not following:
        Follow.objects.filter(user=user, **target).delete()
        return False
    try:
        with transaction.atomic():
            Follow.objects.get_or_create(user=user, **target)
    except IntegrityError:
        pass  # followed at the same moment in another request
    return True
