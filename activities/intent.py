"""A sign-up started before logging in, kept through the login or the creation of
an account and completed after it.

A visitor who is not logged in fills in the sign-up form (companions …) and taps
"Log in to sign up": the form's fields are kept in the session with the activity,
and the login page (or the sign-up page, for a new account) is given the
activity's sign-up address as ``next``. Logging in keeps the session's data, so
that address then finds the intent and signs the resident up as they asked, with
a message saying so; a refusal (full, not eligible …) shows the activity page with
the form as they filled it. The intent is used once, only for its activity, and
only for an hour; it is stored only from the visitor's own tap, and the login
page names the activity it is for.
"""

import time
from urllib.parse import urlencode

from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

SESSION_KEY = "activities_signup_intent"
MAX_AGE_SECONDS = 60 * 60
# What is not a field of the sign-up form: the token and which button was tapped.
NOT_FIELDS = {"csrfmiddlewaretoken", "account", "next"}
MAX_FIELDS, MAX_VALUES, MAX_LENGTH = 20, 20, 200


def keep_and_log_in(request, *, activity_id: int, title: str):
    """Keep the form's fields for after the login; to the login page (or, for the
    "create an account" button, the sign-up page) and back to the sign-up."""
    data = request.POST if request.method == "POST" else request.GET
    fields = {
        key: [value[:MAX_LENGTH] for value in values[:MAX_VALUES]]
        for key, values in list(data.lists())[:MAX_FIELDS]
        if key not in NOT_FIELDS
    }
    request.session[SESSION_KEY] = {
        "activity": activity_id,
        "fields": fields,
        "at": int(time.time()),
    }
    messages.info(
        request,
        _("Log in, or create an account, and you are signed up for “%(title)s”.")
        % {"title": title},
    )
    page = "accounts:signup" if data.get("account") == "new" else "login"
    register_url = reverse("activities:register", kwargs={"pk": activity_id})
    return redirect(f"{reverse(page)}?{urlencode({'next': register_url})}")


def pop(request, *, activity_id: int) -> QueryDict | None:
    """The kept fields for this activity, as a form's data (once), or ``None``."""
    intent = request.session.pop(SESSION_KEY, None)
    if (
        not isinstance(intent, dict)
        or intent.get("activity") != activity_id
        or not isinstance(intent.get("at"), int)
        or time.time() - intent["at"] > MAX_AGE_SECONDS
    ):
        return None
    data = QueryDict(mutable=True)
    for key, values in (intent.get("fields") or {}).items():
        data.setlist(key, values)
    return data
