"""Status pipelines: a model's allowed changes, declared once."""

import pytest
from django.db import models

from community_portal.errors import ServiceError
from community_portal.status import BAD_TRANSITION, StatusPipeline, reason_required


class Door:
    """Stands in for a model: a status field with choices (no table needed)."""

    class Status(models.TextChoices):
        SHUT = "shut", "Shut"
        OPEN = "open", "Open"
        GONE = "gone", "Gone"

    PIPELINE = StatusPipeline(
        {Status.SHUT: {Status.OPEN, Status.GONE}, Status.OPEN: {Status.SHUT}}
    )

    class _meta:  # noqa: N801 - the name Django's models use
        @staticmethod
        def get_field(name):
            return models.CharField(name=name, choices=Door.Status.choices)

    def __init__(self, *, status):
        self.status = status


def test_an_allowed_change_is_made_and_the_old_status_returned():
    door = Door(status=Door.Status.SHUT)
    assert Door.PIPELINE.move(door, Door.Status.OPEN) == Door.Status.SHUT
    assert door.status == Door.Status.OPEN
    assert Door.PIPELINE.targets(Door.Status.OPEN) == {"shut"}


@pytest.mark.parametrize(
    ("current", "new"), [("open", "gone"), ("gone", "shut"), ("shut", "shut")]
)
def test_a_change_the_table_does_not_list_is_refused_in_words(current, new):
    door = Door(status=current)
    with pytest.raises(ServiceError) as refused:
        Door.PIPELINE.move(door, new)
    assert refused.value.code == BAD_TRANSITION
    assert refused.value.field == "status"
    assert door.status == current
    labels = dict(Door.Status.choices)
    assert labels[current] in refused.value.message
    assert labels[new] in refused.value.message


# --- a status that must say why -----------------------------------------------------


def test_a_reason_required_check_is_the_one_written_by_hand():
    made = reason_required(
        name="door_gone_with_a_reason",
        value="gone",
        reason_field="gone_reason",
        message="Say why the door is gone.",
    )
    assert made == models.CheckConstraint(
        condition=~models.Q(status="gone", gone_reason=""),
        name="door_gone_with_a_reason",
        violation_error_message="Say why the door is gone.",
    )
    hidden = reason_required(
        name="door_hidden_with_a_reason",
        field="is_hidden",
        value=True,
        reason_field="hidden_reason",
        message="Say why.",
    )
    assert hidden.condition == ~models.Q(is_hidden=True, hidden_reason="")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "reason", "holds"),
    [
        ("gone", "", False),
        ("gone", "Taken off for repair", True),
        ("open", "", True),
        ("shut", "", True),
    ],
)
def test_only_the_refusing_status_needs_a_reason(status, reason, holds):
    check = reason_required(
        name="door_gone_with_a_reason",
        value="gone",
        reason_field="gone_reason",
        message="Say why the door is gone.",
    )
    assert check.condition.check({"status": status, "gone_reason": reason}) is holds
