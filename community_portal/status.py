"""Status pipelines: each model with a status declares its allowed changes once.

A model keeps its table of changes beside its ``Status`` choices::

    class Matter(models.Model):
        class Status(models.TextChoices): ...
        PIPELINE = StatusPipeline({Status.OPEN: {Status.ACCEPTED, Status.HIDDEN}, ...})

and every path that changes the status — the services, hence the pages, the admin's
forms and its actions — calls ``Model.PIPELINE.move(instance, to)``, which refuses a
change the table does not list with a ``ServiceError`` (code ``bad_transition``).
Admin forms show the status read-only; the change itself is an action or a button
that calls the app's service. A status that must say why (refused, hidden) is backed
by ``reason_required``, a database check.
"""

from collections.abc import Iterable, Mapping

from django.db import models
from django.utils.translation import gettext as _

from .errors import ServiceError

BAD_TRANSITION = "bad_transition"


class StatusPipeline:
    def __init__(
        self, transitions: Mapping[str, Iterable[str]], *, field: str = "status"
    ) -> None:
        self.field = field
        self.transitions = {
            str(source): frozenset(str(target) for target in targets)
            for source, targets in transitions.items()
        }

    def targets(self, current: str) -> frozenset[str]:
        return self.transitions.get(str(current), frozenset())

    def allows(self, current: str, new: str) -> bool:
        return str(new) in self.targets(current)

    def check(self, instance, new: str) -> None:
        current = getattr(instance, self.field)
        if not self.allows(current, new):
            labels = dict(instance._meta.get_field(self.field).flatchoices)
            raise ServiceError(
                BAD_TRANSITION,
                _("This cannot go from “%(current)s” to “%(new)s”.")
                % {
                    "current": labels.get(current, current),
                    "new": labels.get(new, new),
                },
                field=self.field,
            )

    def move(self, instance, new: str) -> str:
        """Check the change and set it on ``instance`` (the caller saves, with its
        dated fields, inside its transaction). Returns the old status."""
        self.check(instance, new)
        old = getattr(instance, self.field)
        setattr(instance, self.field, new)
        return old


def reason_required(
    *,
    name: str,
    value: str | bool,
    reason_field: str,
    message: str,
    field: str = "status",
) -> models.CheckConstraint:
    """The database check that a row whose ``field`` is ``value`` (refused, hidden)
    gives a reason: ``reason_field`` is not empty. ``message`` (lazily translated)
    is what a form's ``validate_constraints`` shows."""
    return models.CheckConstraint(
        condition=~models.Q(**{field: value, reason_field: ""}),
        name=name,
        violation_error_message=message,
    )
