"""The one service error and the one refusal policy."""

import pytest
from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404

from community_portal.errors import Refusal, ServiceError, add_to_form, raise_refusal


@pytest.mark.parametrize(
    ("code", "kind", "status"),
    [
        ("not_found", Refusal.NOT_FOUND, 404),
        ("activity_not_found", Refusal.NOT_FOUND, 404),
        ("not_allowed", Refusal.NOT_ALLOWED, 403),
        ("edit_not_allowed", Refusal.NOT_ALLOWED, 403),
        ("closed", Refusal.INVALID, 400),
    ],
)
def test_the_kind_follows_the_code_unless_given(code, kind, status):
    error = ServiceError(code, "message")
    assert (error.kind, error.http_status) == (kind, status)


def test_an_explicit_kind_wins_over_the_code():
    error = ServiceError("closed", "hidden", kind=Refusal.NOT_FOUND)
    assert error.http_status == 404
    assert ServiceError.not_allowed("no").kind == Refusal.NOT_ALLOWED
    assert ServiceError.not_found("no", code="x_missing").code == "x_missing"


def test_raise_refusal_maps_404_and_403_and_leaves_invalid_to_the_form():
    with pytest.raises(Http404):
        raise_refusal(ServiceError("not_found", "gone"))
    with pytest.raises(PermissionDenied):
        raise_refusal(ServiceError("not_allowed", "no"))
    raise_refusal(ServiceError("closed", "closed"))  # returns


class _Form(forms.Form):
    title = forms.CharField()


def test_add_to_form_puts_the_message_on_its_field_or_the_whole_form():
    form = _Form(data={"title": "x"})
    assert form.is_valid()
    add_to_form(form, ServiceError("bad", "Bad title", field="title"))
    add_to_form(form, ServiceError("bad", "Bad moment", field="no_such_field"))
    assert form.errors["title"] == ["Bad title"]
    assert form.non_field_errors() == ["Bad moment"]
