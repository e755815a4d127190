"""Telling residents what happened to their registration.

The services call these after their transaction commits
(``transaction.on_commit``), so nothing is sent for a rolled-back change. They do
nothing yet: e-mail/SMS/WeChat messages come in a later issue and plug in here.
"""


def registration_confirmed(*, registration_id: int) -> None:
    """A seat is confirmed on sign-up."""


def registration_waitlisted(*, registration_id: int) -> None:
    """The activity was full: the sign-up is on the waitlist."""


def registration_promoted(*, registration_id: int) -> None:
    """A seat became free and a waitlisted registration is now confirmed."""


def registration_cancelled(*, registration_id: int) -> None:
    """The registration was cancelled (by the resident or by staff)."""
