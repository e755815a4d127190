"""Every registered model: who gets in, that every page answers, that change lists
do not grow in queries with their rows, that empty and forged forms are refused."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community_portal.accounts.roles import STAFF_EDITABLE_APPS
from tests.admin.rows import builder_for
from tests.admin.rows.venues import build_venues
from tests.admin.site import (
    REGISTERED,
    STAFF_VISIBLE,
    VIEW_ONLY,
    admin_url,
    junk_for,
    model_id,
    post_add,
    staff_access,
)
from venues.admin import PortalAdminMixin
from venues.models import (
    Venue,
)

# A matrix suite: CI runs it once, on PostgreSQL (.ci/run).
pytestmark = pytest.mark.matrix

# --- Who gets in ---------------------------------------------------------------------


@pytest.mark.parametrize("model", REGISTERED, ids=model_id)
def test_staff_reach_changelist_and_add_page_as_their_group_allows(
    client, staff_user, model
):
    client.force_login(staff_user)
    access = staff_access(model)
    changelist = client.get(admin_url(model, "changelist"))
    add = client.get(admin_url(model, "add"))
    assert changelist.status_code == (403 if access == "none" else 200)
    assert add.status_code == (200 if access == "full" else 403)


@pytest.mark.parametrize("model", REGISTERED, ids=model_id)
def test_everyone_else_is_sent_to_the_admin_login(outsider, model):
    login = reverse("admin:login")
    for view in ("changelist", "add"):
        url = admin_url(model, view)
        response = outsider.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(f"{login}?next="), response.url


def test_the_admin_index_lists_the_content_apps_for_staff(client, staff_user):
    client.force_login(staff_user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    labels = {app["app_label"] for app in response.context["app_list"]}
    assert set(STAFF_EDITABLE_APPS) | {"accounts"} <= labels
    assert "auth" not in labels


@pytest.mark.parametrize("model", STAFF_VISIBLE, ids=model_id)
def test_staff_open_the_change_page_of_every_model(client, staff_user, model):
    obj = builder_for(model)(1)[0]
    client.force_login(staff_user)
    response = client.get(admin_url(model, "change", obj.pk))
    assert response.status_code == 200
    # Staff may look at a user but not change one.
    assert response.context["has_change_permission"] is (model not in VIEW_ONLY)


@pytest.mark.parametrize("model", STAFF_VISIBLE, ids=model_id)
def test_changelist_queries_do_not_grow_with_the_rows(client, staff_user, model):
    build = builder_for(model)
    client.force_login(staff_user)
    url = admin_url(model, "changelist")
    client.get(url)  # warm the per-process caches (content types, …)

    build(3)
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert response.status_code == 200
    rows_few = response.context["cl"].result_count

    build(27)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["cl"].result_count > rows_few

    queries = "\n".join(query["sql"] for query in many.captured_queries)
    assert len(many) == len(few), f"{len(few)} → {len(many)} queries:\n{queries}"


def test_the_changelists_show_thumbnails(client, staff_user):
    venue = build_venues(1)[0]
    client.force_login(staff_user)
    response = client.get(admin_url(Venue, "changelist"))
    thumb = venue.cover.name.rsplit(".", 1)[0] + ".thumb.jpg"
    assert f'<img src="/media/{thumb}"' in response.content.decode()


def test_autocomplete_answers_staff_for_every_autocomplete_field(client, staff_user):
    client.force_login(staff_user)
    checked = 0
    for model, model_admin in admin.site._registry.items():
        if staff_access(model) != "full":
            continue
        inline_admins = [inline(model, admin.site) for inline in model_admin.inlines]
        for owner in [model_admin, *inline_admins]:
            for field_name in owner.autocomplete_fields:
                response = client.get(
                    reverse("admin:autocomplete"),
                    {
                        "app_label": owner.model._meta.app_label,
                        "model_name": owner.model._meta.model_name,
                        "field_name": field_name,
                        "term": "",
                    },
                )
                assert response.status_code == 200, (owner.model, field_name)
                checked += 1
    assert checked >= 10


@pytest.mark.parametrize(
    "model", [m for m in REGISTERED if staff_access(m) == "full"], ids=model_id
)
@pytest.mark.parametrize("kind", ["empty", "junk"])
def test_an_empty_or_junk_add_form_comes_back_with_errors(staff_client, model, kind):
    before = model._default_manager.count()
    data = junk_for(staff_client, model) if kind == "junk" else {}
    response = post_add(staff_client, model, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert model._default_manager.count() == before


def test_every_portal_admin_and_inline_uses_the_portal_mixin():
    """Checked image uploads and safe autocomplete widgets everywhere staff work."""
    for model, model_admin in admin.site._registry.items():
        if staff_access(model) == "none":
            continue
        assert isinstance(model_admin, PortalAdminMixin), model
        for inline in model_admin.inlines:
            assert issubclass(inline, PortalAdminMixin), inline
