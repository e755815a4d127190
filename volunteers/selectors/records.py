"""Reads of volunteer records: certificates (the holder's, and the public check of
a serial number) and the verified hours of a period for the national export."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from community_portal.masking import mask_name
from community_portal.permissions import is_community_staff

from ..models import HoursEntry, ServiceCertificate, Volunteer

SERIAL_LIMIT = 20


def normalise_serial(serial: str) -> str:
    return (serial or "").strip().upper()[:SERIAL_LIMIT]


def certificate_list(*, volunteer: Volunteer) -> list[ServiceCertificate]:
    return list(
        ServiceCertificate.objects.filter(volunteer_id=volunteer.pk).order_by(
            "-issued_on", "-id"
        )
    )


def certificate_for_viewer(*, serial: str, user) -> ServiceCertificate | None:
    """The certificate to print, for its holder and for staff; ``None`` for anyone
    else (the page answers 404, so a serial tells nobody who holds it)."""
    if not user.is_authenticated:
        return None
    certificate = (
        ServiceCertificate.objects.with_related()
        .filter(serial=normalise_serial(serial))
        .first()
    )
    if certificate is None:
        return None
    if certificate.volunteer.user_id != user.pk and not is_community_staff(user):
        return None
    return certificate


@dataclass(frozen=True)
class PublicCertificate:
    """What the public verification page shows: no identity number, no contact,
    the name masked."""

    serial: str
    masked_name: str
    hours: Decimal
    entries: int
    period_start: datetime.date
    period_end: datetime.date
    issuer: str
    issued_on: datetime.date


def certificate_verify(*, serial: str) -> PublicCertificate | None:
    row = (
        ServiceCertificate.objects.filter(serial=normalise_serial(serial))
        .values(
            "serial",
            "holder_name",
            "hours",
            "entries",
            "period_start",
            "period_end",
            "issuer",
            "issued_on",
        )
        .first()
    )
    if row is None:
        return None
    holder = row.pop("holder_name")
    return PublicCertificate(masked_name=mask_name(holder), **row)


def national_hours(
    *, start: datetime.date, end: datetime.date, entries: QuerySet | None = None
):
    """Verified hours served from ``start`` to ``end`` (both included), by date,
    streamed for the national-system export (one query, iterated in chunks)."""
    base = HoursEntry.objects.all() if entries is None else entries
    return (
        base.verified()
        .filter(served_on__gte=start, served_on__lte=end)
        .select_related(
            "volunteer__user", "activity", "service_request__category", "team"
        )
        .order_by("served_on", "pk")
        .iterator(chunk_size=500)
    )
