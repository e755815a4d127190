"""Service requests (点单→派单→接单→评单): order, dispatch, accept, complete, rate,
cancel."""

import datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community_portal.accounts.models import User
from community_portal.errors import ServiceError
from community_portal.permissions import is_community_staff
from community_portal.photos import photos_attach, photos_check

from ..errors import Code
from ..models import (
    HoursEntry,
    ServiceCategory,
    ServiceRequest,
    ServiceRequestPhoto,
    Team,
)
from ..notices import service_request_told
from .common import (
    _clean_text,
    _not_allowed,
    _require_staff,
    is_team_member,
)
from .hours import _hours_create, parse_hours

# --- service requests (点单→派单→接单→评单) -------------------------------------------


def service_request_create(
    *,
    requester: User,
    category_id: int,
    description: str,
    wanted_at: datetime.datetime,
    place: str,
    contact_phone: str = "",
    ordered_by: User | None = None,
    requester_phone: str = "",
) -> ServiceRequest:
    """A resident orders a service (点单); staff may order for a resident
    (``ordered_by``), named as ``requester`` or by the one active account with
    ``requester_phone``."""
    if not requester.is_authenticated:
        raise _not_allowed(_("Please log in first."))
    phone = requester_phone.strip()
    if phone:
        _require_staff(ordered_by or requester)
        ordered_by = ordered_by or requester
        matches = list(User.objects.filter(phone=phone, is_active=True)[:2])
        if len(matches) != 1:
            raise ServiceError(
                Code.INVALID,
                _("No single resident has this phone number."),
                field="requester_phone",
            )
        requester = matches[0]
    if ordered_by is not None and ordered_by.pk != requester.pk:
        _require_staff(ordered_by)
    category = ServiceCategory.objects.filter(pk=category_id, is_active=True).first()
    if category is None:
        raise ServiceError(Code.INVALID, _("Please choose a service from the list."))
    description = _clean_text(description, limit=1000)
    place = _clean_text(place, limit=200)
    if not description or not place:
        raise ServiceError(Code.INVALID, _("Please say what is needed and where."))
    if wanted_at is None or timezone.is_naive(wanted_at):
        raise ServiceError(Code.INVALID, _("Please say when."))
    now = timezone.now()
    if wanted_at < now - datetime.timedelta(hours=1):
        raise ServiceError(Code.INVALID, _("The time you chose has already passed."))
    if wanted_at > now + datetime.timedelta(days=180):
        raise ServiceError(
            Code.INVALID, _("Please choose a time within the next six months.")
        )
    with transaction.atomic():
        return ServiceRequest.objects.create(
            requester=requester,
            ordered_by=ordered_by
            if ordered_by and ordered_by.pk != requester.pk
            else None,
            category=category,
            description=description,
            wanted_at=wanted_at,
            place=place,
            contact_phone=_clean_text(contact_phone, limit=16),
        )


def _lock_request(request_id: int) -> ServiceRequest:
    request = ServiceRequest.objects.select_for_update().filter(pk=request_id).first()
    if request is None:
        raise ServiceError(Code.NOT_FOUND, _("This request does not exist."))
    return request


def _wrong_status() -> ServiceError:
    return ServiceError(
        Code.WRONG_STATUS,
        _("This request has moved on since you opened it; please look again."),
    )


def service_request_dispatch(
    *, request_id: int, team_id: int, by_user: User
) -> ServiceRequest:
    """Staff dispatch an order to a team (派单); a dispatched one may be sent to
    another team until somebody accepts it."""
    _require_staff(by_user)
    team = Team.objects.active().filter(pk=team_id).first()
    if team is None:
        raise ServiceError(Code.INVALID, _("Please choose a team from the list."))
    with transaction.atomic():
        request = _lock_request(request_id)
        if request.status not in (
            ServiceRequest.Status.ORDERED,
            ServiceRequest.Status.DISPATCHED,
        ):
            raise _wrong_status()
        ServiceRequest.PIPELINE.move(request, ServiceRequest.Status.DISPATCHED)
        request.team = team
        request.dispatched_at = timezone.now()
        request.dispatched_by = by_user
        request.save()
        service_request_told(request=request)
    return request


def service_request_accept(*, request_id: int, by_user: User) -> ServiceRequest:
    """A member of the team it was dispatched to takes it (接单), first come."""
    with transaction.atomic():
        request = _lock_request(request_id)
        if not is_team_member(user=by_user, team_id=request.team_id):
            raise _not_allowed(
                _("Only members of the team it was sent to can take this request.")
            )
        if request.status != ServiceRequest.Status.DISPATCHED:
            raise _wrong_status()
        ServiceRequest.PIPELINE.move(request, ServiceRequest.Status.ACCEPTED)
        request.accepted_at = timezone.now()
        request.accepted_by = by_user
        request.save()
        service_request_told(request=request)
    return request


def service_request_complete(
    *,
    request_id: int,
    by_user: User,
    note: str,
    hours,
    photos: list[UploadedFile] | None = None,
) -> ServiceRequest:
    """Whoever accepted it marks it done with a note, the hours it took and
    optional photos (checked by the image pipeline before anything is written).
    The hours are written for the volunteer, waiting for staff to verify them."""
    note = _clean_text(note, limit=1000)
    hours = parse_hours(hours)
    if not note:
        raise ServiceError(
            Code.INVALID, _("Please write a few words on what was done.")
        )
    photos = list(photos or [])
    photos_check(photos)  # before anything is written; again when attached
    with transaction.atomic():
        request = _lock_request(request_id)
        if request.accepted_by_id != by_user.pk:
            raise _not_allowed(_("Only the volunteer who took it can finish it."))
        if request.status != ServiceRequest.Status.ACCEPTED:
            raise _wrong_status()
        ServiceRequest.PIPELINE.move(request, ServiceRequest.Status.DONE)
        request.done_at = timezone.now()
        request.done_note = note
        request.save()
        volunteer = getattr(by_user, "volunteer", None)
        if volunteer is not None and volunteer.is_approved:
            _hours_create(
                volunteer_id=volunteer.pk,
                service_request=request,
                hours=hours,
                source=HoursEntry.Source.SERVICE_REQUEST,
                by_user=by_user,
            )
        photos_attach(model=ServiceRequestPhoto, owner=request, photos=photos)
        service_request_told(request=request)
    return request


def service_request_rate(
    *, request_id: int, by_user: User, rating: int, comment: str = ""
) -> ServiceRequest:
    """The requester rates a finished service (评单), once."""
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ServiceError(Code.BAD_RATING, _("Please choose from 1 to 5 stars."))
    comment = _clean_text(comment)
    with transaction.atomic():
        request = _lock_request(request_id)
        if request.requester_id != by_user.pk:
            raise _not_allowed(_("Only the resident who ordered it can rate it."))
        if request.status != ServiceRequest.Status.DONE:
            raise _wrong_status()
        ServiceRequest.PIPELINE.move(request, ServiceRequest.Status.RATED)
        request.rating = rating
        request.rating_comment = comment
        request.rated_at = timezone.now()
        request.save()
    return request


def service_request_cancel(*, request_id: int, by_user: User) -> ServiceRequest:
    """The requester (or staff) calls an order off before anyone has taken it."""
    with transaction.atomic():
        request = _lock_request(request_id)
        if request.requester_id != by_user.pk and not is_community_staff(by_user):
            raise _not_allowed(_("Only the resident who ordered it can cancel it."))
        if request.status not in (
            ServiceRequest.Status.ORDERED,
            ServiceRequest.Status.DISPATCHED,
        ):
            raise _wrong_status()
        ServiceRequest.PIPELINE.move(request, ServiceRequest.Status.CANCELLED)
        request.cancelled_at = timezone.now()
        request.save()
    return request
