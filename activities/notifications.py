"""Telling residents what happened to their registration: a notice each.

The services call these after their transaction commits
(``transaction.on_commit``), so nothing is told for a rolled-back change. Each
looks its rows up again (the caller passes ids) and creates one notice per person
(``community_portal.notices``: the portal's message centre, and the outbox that
carries it by e-mail or SMS in the background, retried until it is sent). The
texts are in Chinese, the portal's language, whatever language the page that
caused them was in; they live in ``templates/activities/email/``.
"""

import hashlib
from collections.abc import Iterable

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from community_portal.notices.models import Notice
from community_portal.notices.services import notice_send

from .checkin import make_code
from .models import Activity, Registration

Kind = Notice.Kind


def _when(activity: Activity) -> str:
    starts = timezone.localtime(activity.starts_at)
    ends = timezone.localtime(activity.ends_at)
    end_format = "TIME_FORMAT" if ends.date() == starts.date() else "DATETIME_FORMAT"
    return "{} – {}".format(
        formats.date_format(starts, "DATETIME_FORMAT"),
        formats.date_format(ends, end_format),
    )


def _place(activity: Activity) -> str:
    parts = [
        activity.venue.name if activity.venue_id else "",
        activity.space.name if activity.space_id else "",
        activity.location,
    ]
    return " ".join(part for part in parts if part)


def _url(activity: Activity) -> str:
    """A link to the activity when the portal's address is configured."""
    base = getattr(settings, "PORTAL_URL", "")
    return f"{base.rstrip('/')}{activity.get_absolute_url()}" if base else ""


def _registrations():
    return Registration.objects.select_related(
        "user", "activity__venue", "activity__space"
    )


def _message(
    registration: Registration, *, template: str, subject: str, **extra
) -> tuple[str, str]:
    """The subject and body, in the portal's language."""
    activity, user = registration.activity, registration.user
    context = {
        "recipient_name": user.name or user.get_username(),
        "activity": activity,
        "when": _when(activity),
        "place": _place(activity),
        "url": _url(activity),
        "registration": registration,
        **extra,
    }
    if registration.status == Registration.Status.CONFIRMED:
        context["checkin_code"] = make_code(
            registration_id=registration.pk, activity_id=activity.pk
        )
    body = render_to_string(f"activities/email/{template}.txt", context)
    return subject % {"title": activity.title}, body


def _send(
    registrations: Iterable[Registration],
    *,
    template: str,
    subject: str,
    kind: str,
    key_suffix: str = "",
):
    """One notice per registration (key: the template and the registration, so
    never twice); the outbox carries it by e-mail or SMS in the background."""
    with translation.override(settings.LANGUAGE_CODE):
        for registration in registrations:
            title, body = _message(registration, template=template, subject=_(subject))
            notice_send(
                recipient=registration.user,
                kind=kind,
                key=f"{template}:{registration.pk}{key_suffix}",
                title=title,
                body=body,
                email_body=body,
                url=registration.activity.get_absolute_url(),
            )


def _send_one(
    registration_id: int, *, template: str, subject: str, kind: str = Kind.REGISTRATION
) -> None:
    registration = _registrations().filter(pk=registration_id).first()
    if registration is not None:
        _send([registration], template=template, subject=subject, kind=kind)


# The subjects are marked with gettext_noop and translated in _send, inside the
# portal's language.


def registration_confirmed(*, registration_id: int) -> None:
    """A seat is confirmed on sign-up."""
    _send_one(
        registration_id,
        template="registration_confirmed",
        subject=gettext_noop("Registration confirmed: %(title)s"),
    )


def registration_waitlisted(*, registration_id: int) -> None:
    """The activity was full: the sign-up is on the waitlist."""
    _send_one(
        registration_id,
        template="registration_waitlisted",
        subject=gettext_noop("You are on the waitlist: %(title)s"),
    )


def registration_promoted(*, registration_id: int) -> None:
    """A seat became free and a waitlisted registration is now confirmed."""
    _send_one(
        registration_id,
        template="registration_promoted",
        subject=gettext_noop("A seat is now yours: %(title)s"),
    )


def registration_cancelled(*, registration_id: int) -> None:
    """The registration was cancelled. Residents who cancelled it themselves saw
    it happen; only a cancellation by staff is e-mailed."""
    registration = _registrations().filter(pk=registration_id).first()
    if registration is None or registration.cancelled_by_id in (
        None,
        registration.user_id,
    ):
        return
    _send(
        [registration],
        template="registration_cancelled",
        subject=gettext_noop("Your registration was cancelled: %(title)s"),
        kind=Kind.REGISTRATION,
    )


def activity_cancelled(*, activity_id: int) -> None:
    """Staff cancelled the activity: tell everyone confirmed or waiting."""
    _send(
        _registrations().active().filter(activity_id=activity_id).order_by("pk"),
        template="activity_cancelled",
        subject=gettext_noop("Activity cancelled: %(title)s"),
        kind=Kind.ACTIVITY,
    )


def activity_changed(*, activity_id: int) -> None:
    """Staff moved the activity (its time or place): tell everyone confirmed or
    waiting, once per new time and place."""
    registrations = list(
        _registrations().active().filter(activity_id=activity_id).order_by("pk")
    )
    if not registrations:
        return
    activity = registrations[0].activity
    version = hashlib.sha256(
        f"{activity.starts_at.isoformat()}|{activity.ends_at.isoformat()}|"
        f"{_place(activity)}".encode()
    ).hexdigest()[:16]
    _send(
        registrations,
        template="activity_changed",
        subject=gettext_noop("Time or place changed: %(title)s"),
        kind=Kind.ACTIVITY,
        key_suffix=f":{version}",
    )


def registration_reminders(*, registration_ids: list[int]) -> None:
    """The day before: remind confirmed residents of their activity."""
    _send(
        _registrations().filter(pk__in=registration_ids).order_by("pk"),
        template="reminder",
        subject=gettext_noop("Reminder: %(title)s is tomorrow"),
        kind=Kind.REMINDER,
    )
