"""The outbox's background tasks (django-tasks)."""

from django_tasks import task

from .delivery import message_deliver, outbox_deliver_due
from .models import OutboxMessage


@task()
def deliver_message(message_id: int) -> str:
    """Send one message; on failure, schedule the retry at its backoff time when
    the backend can defer (the database backend can). ``deliver_outbox`` retries
    whatever is due in any case."""
    message = message_deliver(message_id=message_id)
    if message is None:
        return "skipped"
    if message.status == OutboxMessage.Status.PENDING:
        backend = deliver_message.get_backend()
        if backend.supports_defer:
            deliver_message.using(run_after=message.next_attempt_at).enqueue(message_id)
    return message.status


@task()
def deliver_due() -> int:
    return outbox_deliver_due()
