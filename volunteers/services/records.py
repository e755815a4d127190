"""Volunteer records the national system accepts: the real-name identity of a
volunteer, and certificates of service issued from verified hours.

Identity numbers are personal data: no message, log line or exception text here
carries one (``sensitive_variables`` keeps them out of Django's error reports too).
"""

import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, Min, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from community_portal.accounts.models import User
from community_portal.errors import ServiceError
from community_portal.permissions import is_community_staff

from ..errors import Code
from ..identity import IdNumberError, IdType, validate_id_number
from ..models import SERIAL_PREFIX, HoursEntry, ServiceCertificate, Volunteer
from .common import _clean_text, _lock_volunteer, _not_allowed

LEGAL_NAME_LIMIT = 50


@sensitive_variables("id_number")
def identity_values(*, legal_name: str, id_type: str, id_number: str) -> dict:
    """The three real-name fields, checked and normalised, ready to save; all three
    empty clears them. Refusals name the field and never repeat the number."""
    legal_name = _clean_text(legal_name, limit=LEGAL_NAME_LIMIT)
    if not (legal_name or id_type or (id_number or "").strip()):
        return {"legal_name": "", "id_type": "", "id_number": ""}
    if not legal_name:
        raise ServiceError(
            Code.INVALID,
            _("Please enter your name as it is on the document."),
            field="legal_name",
        )
    try:
        number = validate_id_number(id_type, id_number)
    except IdNumberError as error:
        field = "id_type" if id_type not in IdType.values else "id_number"
        raise ServiceError(Code.INVALID, str(error), field=field) from None
    return {"legal_name": legal_name, "id_type": id_type, "id_number": number}


def save_identity(volunteer: Volunteer, values: dict) -> None:
    """Write checked identity values on a (locked) volunteer row; a number another
    volunteer already registered is refused by the database's unique constraint."""
    for name, value in values.items():
        setattr(volunteer, name, value)
    try:
        with transaction.atomic():
            volunteer.save(update_fields=[*values, "updated_at"])
    except IntegrityError:
        raise ServiceError(
            Code.ID_NUMBER_TAKEN,
            _("Another volunteer has already registered with this document number."),
            field="id_number",
        ) from None


@sensitive_variables("id_number")
def volunteer_identity_set(
    *, user: User, legal_name: str, id_type: str, id_number: str
) -> Volunteer:
    """A volunteer (or applicant) records their real-name identity."""
    values = identity_values(
        legal_name=legal_name, id_type=id_type, id_number=id_number
    )
    with transaction.atomic():
        volunteer = (
            Volunteer.objects.select_for_update().filter(user_id=user.pk).first()
            if user.is_authenticated
            else None
        )
        if volunteer is None:
            raise ServiceError(
                Code.NOT_VOLUNTEER, _("Please apply to join the alliance first.")
            )
        save_identity(volunteer, values)
    return volunteer


def certificate_issuer() -> str:
    return f"{_('New Era Civilization Practice Center')} · {_('XX Garden Community')}"


def certificate_issue(
    *,
    volunteer_id: int,
    by_user: User,
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
) -> ServiceCertificate:
    """Issue a certificate of the volunteer's verified hours in a period (all of
    them by default), by the volunteer themself or by staff. The serial number
    comes from the row's id, so two certificates never share one."""
    today = timezone.localdate()
    period_end = min(period_end or today, today)
    if period_start and period_start > period_end:
        raise ServiceError(
            Code.INVALID, _("The start of the period is after its end."), field="start"
        )
    with transaction.atomic():
        volunteer = Volunteer.objects.filter(pk=volunteer_id).first()
        if volunteer is None:
            raise ServiceError(Code.NOT_FOUND, _("This volunteer does not exist."))
        if not (volunteer.user_id == by_user.pk or is_community_staff(by_user)):
            raise _not_allowed()
        if not volunteer.is_approved:
            raise ServiceError(
                Code.NOT_VOLUNTEER, _("Only approved volunteers get certificates.")
            )
        volunteer = _lock_volunteer(volunteer.pk)
        entries = HoursEntry.objects.verified().filter(
            volunteer_id=volunteer.pk, served_on__lte=period_end
        )
        if period_start:
            entries = entries.filter(served_on__gte=period_start)
        totals = entries.aggregate(
            hours=Sum("hours"), count=Count("pk"), first=Min("served_on")
        )
        if not totals["count"]:
            raise ServiceError(
                Code.NO_VERIFIED_HOURS, _("There are no verified hours in this period.")
            )
        certificate = ServiceCertificate.objects.create(
            volunteer=volunteer,
            holder_name=volunteer.real_name,
            hours=totals["hours"] or Decimal(0),
            entries=totals["count"],
            period_start=period_start or totals["first"],
            period_end=period_end,
            issuer=certificate_issuer(),
            issued_on=today,
            issued_by=by_user,
        )
        certificate.serial = f"{SERIAL_PREFIX}-{today.year}-{certificate.pk:06d}"
        certificate.save(update_fields=["serial"])
    return certificate
