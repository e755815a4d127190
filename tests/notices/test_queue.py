"""Issue 11, point 4: the sending happens in the queue, not in the request.

Cancelling an activity enqueues ONE task whatever the number of registrations;
the request's queries do not grow with them. The worker's task then creates
exactly one notice per person, and a task for an activity that is gone is
skipped quietly."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks import default_task_backend

from activities import tasks
from activities.models import Activity
from community_portal.notices.models import Notice, OutboxMessage
from tests.activities.factories import RegistrationFactory
from tests.factories import ActivityFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def queued(settings):
    """Tasks are only recorded (the DummyBackend), not run: what a request queues."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    default_task_backend.clear()
    yield default_task_backend
    default_task_backend.clear()


def _cancel(client, activity, capture):
    with capture(execute=True), CaptureQueriesContext(connection) as queries:
        response = client.post(
            reverse("admin:activities_activity_changelist"),
            {
                "action": "cancel_activities",
                ACTION_CHECKBOX_NAME: [activity.pk],
                "index": "0",
                "confirm": "yes",
                "reason": "天气原因",
            },
        )
    assert response.status_code == 302
    return len(queries)


def _registered(count):
    activity = ActivityFactory(capacity=count)
    people = [
        RegistrationFactory(
            activity=activity, user=UserFactory(email=f"p{i}@example.com")
        ).user
        for i in range(count)
    ]
    return activity, people


def test_cancelling_queues_one_task_and_the_request_stays_small(
    staff_client, queued, django_capture_on_commit_callbacks
):
    small, _people = _registered(5)
    big, people = _registered(50)

    small_queries = _cancel(staff_client, small, django_capture_on_commit_callbacks)
    big_queries = _cancel(staff_client, big, django_capture_on_commit_callbacks)

    assert small_queries == big_queries
    assert [r.task.name for r in queued.results] == ["notify_activity_cancelled"] * 2
    assert not Notice.objects.exists()
    assert not OutboxMessage.objects.exists()

    # The worker runs the task (twice, as after a retry): one notice per person.
    result = queued.results[1]
    for _ in range(2):
        assert result.task.call(*result.args, **result.kwargs) == "told"
    assert Notice.objects.filter(kind=Notice.Kind.ACTIVITY).count() == 50
    assert sorted(Notice.objects.values_list("recipient_id", flat=True)) == sorted(
        p.pk for p in people
    )
    assert OutboxMessage.objects.filter(channel="email").count() == 50


def test_a_task_for_an_activity_that_is_gone_is_skipped():
    activity = ActivityFactory()
    activity_id = activity.pk
    activity.delete()
    assert not Activity.objects.filter(pk=activity_id).exists()
    assert tasks.notify_activity_cancelled.call(activity_id) == "gone"
    assert tasks.notify_activity_changed.call(activity_id) == "gone"
    assert not Notice.objects.exists()


def test_a_message_whose_notice_is_gone_is_skipped():
    from community_portal.notices.services import notice_send
    from community_portal.notices.tasks import deliver_message

    notice = notice_send(
        recipient=UserFactory(email="a@example.com"),
        kind="other",
        key="gone",
        title="x",
    )
    message_ids = list(notice.messages.values_list("pk", flat=True))
    assert message_ids
    notice.delete()
    for message_id in message_ids:
        assert deliver_message.call(message_id) == "skipped"
