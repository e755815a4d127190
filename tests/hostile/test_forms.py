"""Every form, sent hostile values by hypothesis and the sure values on every run."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from activities.models import Registration
from community_portal.permissions import Role
from tests.hostile.form import Form
from tests.hostile.forms import FORMS
from tests.hostile.machinery import run_example, world_valid
from tests.hostile.values import (
    BAD_UTF8,
    FROM_WORLD,
    OMIT,
    field_values,
    file_values,
)

# A matrix suite: CI runs it once, on PostgreSQL (.ci/run).
pytestmark = pytest.mark.matrix

# The values most likely to break something, sent in every field of every form at once
# on every run (hypothesis draws them only now and then).
SURE_VALUES = [
    "\x00",
    "abc\x00def",
    str(10**30),
    "9223372036854775808",
    "-1",
    "0000-00-00",
    "9999-99-99",
    "x" * 10_001,
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR 1=1 --",
    "abc",  # a word without "/" or ".": Django's redirect() tries it as a URL name
    "",
    "   ",
    BAD_UTF8,
]


@pytest.mark.parametrize("form", FORMS, ids=str)
@given(data=st.data())
def test_form_survives_hostile_input(form: Form, world, data):
    payload = {}
    for name, strategy in form.fields.items():
        if strategy is FROM_WORLD:
            strategy = world_valid(form, name, world)
        value = data.draw(field_values(strategy), label=name)
        if value is not OMIT:
            payload[name] = value
    files = {}
    for name in form.files:
        kinds = data.draw(file_values, label=name)
        if kinds is not OMIT:
            files[name] = kinds
    encoding = data.draw(st.sampled_from(["multipart", "urlencoded"]), label="body")

    run_example(form, world, payload, files, encoding)


@pytest.mark.parametrize("form", FORMS, ids=str)
def test_form_survives_each_sure_value(form: Form, world):
    failures = []
    for value in SURE_VALUES:
        for encoding in ("multipart", "urlencoded"):
            payload = dict.fromkeys(form.fields, value)
            files = dict.fromkeys(form.files, ["text", "bomb"])
            try:
                run_example(form, world, payload, files, encoding)
            except Exception as error:  # noqa: BLE001 - collect them all, then fail
                failures.append(f"{value!r:.40} ({encoding}): {error!r:.300}")
    assert not failures, f"{form.name}:\n" + "\n".join(failures)


def test_registration_fixture_is_what_the_forms_expect(world):
    """The world holds what the forms need: a test that only met refusals would
    prove little."""
    assert Registration.objects.filter(
        activity=world.past, user=world.users["resident"], checked_in_at__isnull=False
    ).exists()
    assert world.users["leader"].groups.filter(name=Role.TEAM_LEADER).exists()
