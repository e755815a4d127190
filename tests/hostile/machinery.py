"""Sending a hostile payload and checking what came back and what was written."""

from urllib.parse import quote

from django.apps import apps
from django.contrib import messages
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from hypothesis import strategies as st

from tests.hostile.form import Form
from tests.hostile.values import (
    BAD_UTF8,
    PROJECT_APPS,
    XSS_MARKERS,
    upload,
)


# Values that only exist once the world is built (ids of its rows).
def world_valid(form: Form, name: str, w) -> st.SearchStrategy:
    ids = {
        "building": [w.building.pk],
        "topic": [w.topic.pk],
        "category": [w.category.pk],
        "assignee": [w.users["staff"].pk, w.users["grid_worker"].pk],
        "teams": [w.team.pk],
        "team": [w.team.pk],
        "shift": [s.pk for s in w.volunteer.shifts.all()],
        "entry": [w.pending_hours.pk],
        "walk-in-user": [w.users["volunteer"].pk],
    }
    if form.name.startswith("service-new") and name == "category":
        from volunteers.models import ServiceCategory

        ids["category"] = list(ServiceCategory.objects.values_list("pk", flat=True)[:3])
    return st.sampled_from([str(pk) for pk in ids[name]] or ["1"])


# --- sending and checking ----------------------------------------------------------------


def _count_query() -> tuple[list[str], str]:
    """One query that counts the rows of every table of the portal's apps (a query per
    table would make each example slow)."""
    models = [
        model
        for label in PROJECT_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    ]
    quote_name = connection.ops.quote_name
    # Table names from the models, quoted: no outside text in this SQL.
    sql = "SELECT " + ", ".join(  # noqa: S608
        f"(SELECT COUNT(*) FROM {quote_name(model._meta.db_table)})"  # noqa: S608
        for model in models
    )
    return [model._meta.label for model in models], sql


def _snapshot(watched) -> tuple:
    labels, sql = _count_query()
    with connection.cursor() as cursor:
        cursor.execute(sql)
        counts = dict(zip(labels, cursor.fetchone(), strict=True))
    rows = [
        type(obj)._base_manager.filter(pk=obj.pk).values().first() for obj in watched
    ]
    return counts, rows


def _diff(before: tuple, after: tuple) -> str:
    changed = [
        f"{label}: {before[0][label]} → {after[0][label]}"
        for label in before[0]
        if before[0][label] != after[0][label]
    ]
    for old, new in zip(before[1], after[1], strict=True):
        if old != new:
            changed.append(
                "row changed: "
                + ", ".join(
                    f"{key}: {old.get(key)!r:.60} → {(new or {}).get(key)!r:.60}"
                    for key in old
                    if old.get(key) != (new or {}).get(key)
                )
            )
    return "; ".join(changed)


def _text(value) -> str:
    return "\ufffd" if value is BAD_UTF8 else value


def _urlencoded(data: dict) -> str:
    parts = []
    for name, values in data.items():
        for value in values if isinstance(values, list) else [values]:
            encoded = "%C0%AF%FF%FE" if value is BAD_UTF8 else quote(value, safe="")
            parts.append(f"{quote(name, safe='')}={encoded}")
    return "&".join(parts)


def _message_levels(response) -> set[int]:
    """The levels of the messages this request added: still queued after a redirect,
    moved to the loaded ones when the page showed them."""
    storage = getattr(response.wsgi_request, "_messages", None)
    added = [
        *getattr(storage, "_queued_messages", []),
        *getattr(storage, "_loaded_messages", []),
    ]
    return {message.level for message in added}


def _send(client: Client, form: Form, url: str, data: dict, files: dict, encoding):
    if form.method == "get":
        plain = {
            name: [_text(v) for v in value] if isinstance(value, list) else _text(value)
            for name, value in data.items()
        }
        return client.get(url, plain)
    if encoding == "urlencoded" and not files:
        return client.post(
            url, _urlencoded(data), content_type="application/x-www-form-urlencoded"
        )
    plain = {
        name: [_text(v) for v in value] if isinstance(value, list) else _text(value)
        for name, value in data.items()
    }
    for name, kinds in files.items():
        plain[name] = [upload(kind) for kind in kinds]
    return client.post(url, plain)


class Rollback(Exception):
    """Raised at the end of every example to roll its savepoint back."""


def run_example(form: Form, world, payload: dict, files: dict, encoding: str):
    """Send one payload as the form's role inside a savepoint that is rolled back."""
    cache.clear()
    try:
        with transaction.atomic():
            client = Client()
            if form.role:
                client.force_login(world.users[form.role])
            url = form.url(world)
            if form.get_first:
                first = client.get(url)
                url = first.url if 300 <= first.status_code < 400 else url
            before = _snapshot(form.watch(world))
            response = _send(client, form, url, payload, files, encoding)
            after = _snapshot(form.watch(world))
            _check(form, response, before, after)
            raise Rollback
    except Rollback:
        pass


def _check(form: Form, response, before, after) -> None:
    status = response.status_code
    assert status < 500, f"{form.name}: {status}"
    levels = _message_levels(response)
    redirected = status in (201, 204) or 300 <= status < 400
    succeeded = messages.SUCCESS in levels or messages.INFO in levels
    refused = messages.ERROR in levels or not (redirected or succeeded)
    if form.method == "get" or (refused and not succeeded):
        assert before == after, (
            f"{form.name} answered {status} (shown again or refused) yet wrote: "
            + _diff(before, after)
        )
    content_type = response.get("Content-Type", "")
    if content_type.startswith("text/html") and not getattr(
        response, "streaming", False
    ):
        body = response.content.decode("utf-8", "replace")
        for marker in XSS_MARKERS:
            assert marker not in body, f"{form.name}: {marker!r} echoed unescaped"
