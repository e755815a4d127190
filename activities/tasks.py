"""Background tasks of the activities (django-tasks): telling every registrant of
an activity that it was cancelled or moved.

A request that cancels or moves an activity enqueues ONE task after its commit,
whatever the number of registrations; the worker then creates the notices (and
their outbox rows) one per person, each idempotent by its key, so a task run twice
tells nobody twice. An activity that is gone by the time the task runs is
skipped silently.
"""

from django_tasks import task

from . import notifications
from .models import Activity


@task()
def notify_activity_cancelled(activity_id: int) -> str:
    if not Activity.objects.filter(pk=activity_id).exists():
        return "gone"
    notifications.activity_cancelled(activity_id=activity_id)
    return "told"


@task()
def notify_activity_changed(activity_id: int) -> str:
    if not Activity.objects.filter(pk=activity_id).exists():
        return "gone"
    notifications.activity_changed(activity_id=activity_id)
    return "told"
