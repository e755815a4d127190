"""The ``rate_limit`` decorator on a view of its own, and on matters and service requests."""

import datetime

import pytest
from django.http import HttpResponse, HttpResponseRedirect
from django.test import override_settings
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from community_portal.ratelimit import (
    rate_limit,
    rate_limit_message,
)
from community_portal.urls import urlpatterns as portal_urlpatterns
from tests.factories import UserFactory
from tests.ratelimit.support import (
    HOME_ADDRESS,
    OTHER_ADDRESS,
)

# ---- the decorator, on a view of its own -------------------------------------------

calls = []


@require_http_methods(["GET", "POST"])
@rate_limit(key="demo_form")
def demo_form(request):
    """Like a matter form: a good POST writes and redirects, a bad one comes back."""
    calls.append(request.method)
    if request.method == "POST" and request.POST.get("ok"):
        return HttpResponseRedirect("/done/")
    return HttpResponse("the form")


urlpatterns = [path("demo-form/", demo_form), *portal_urlpatterns]


@pytest.fixture
def demo(settings, clock):
    settings.ROOT_URLCONF = __name__
    settings.RATE_LIMITS = {"demo_form": "2/h"}
    calls.clear()
    return calls


def post_demo(client, data, address=HOME_ADDRESS):
    return client.post("/demo-form/", data, REMOTE_ADDR=address)


@pytest.mark.django_db
def test_the_decorator_answers_429_without_running_the_view(client, demo):
    assert post_demo(client, {"ok": "1"}).status_code == 302
    assert post_demo(client, {"ok": "1"}).status_code == 302
    demo.clear()

    response = post_demo(
        client,
        {
            "ok": "1",
            "title": "楼道灯坏了 <script>x</script>",
            "description": "3幢2单元的灯不亮",
            "password": "secret-pass-word",
        },
    )

    assert response.status_code == 429
    assert demo == []  # the view never ran: nothing written
    assert response["Retry-After"] == str(50 * 60)
    content = response.content.decode()
    assert rate_limit_message(key="demo_form") in content
    # What was typed is shown back to copy, escaped, and never a password.
    assert "楼道灯坏了 &lt;script&gt;x&lt;/script&gt;" in content
    assert "3幢2单元的灯不亮" in content
    assert "secret-pass-word" not in content
    assert 'href="/demo-form/"' in content


@pytest.mark.django_db
def test_the_decorator_counts_only_posts_that_wrote(client, demo):
    for _ in range(4):
        assert post_demo(client, {"title": ""}).status_code == 200  # form errors

    assert post_demo(client, {"ok": "1"}).status_code == 302
    assert post_demo(client, {"ok": "1"}).status_code == 302
    assert post_demo(client, {"ok": "1"}).status_code == 429


@pytest.mark.django_db
def test_the_decorator_never_limits_get_and_resets_with_the_window(client, demo, clock):
    post_demo(client, {"ok": "1"})
    post_demo(client, {"ok": "1"})
    assert post_demo(client, {"ok": "1"}).status_code == 429
    assert post_demo(client, {"ok": "1"}, address=OTHER_ADDRESS).status_code == 302

    for _ in range(5):
        assert client.get("/demo-form/", REMOTE_ADDR=HOME_ADDRESS).status_code == 200

    clock.advance(3600)
    assert post_demo(client, {"ok": "1"}).status_code == 302


@pytest.mark.django_db
def test_the_decorator_counts_a_user_across_addresses(client, demo, resident):
    client.force_login(resident)
    post_demo(client, {"ok": "1"}, address="192.0.2.1")
    post_demo(client, {"ok": "1"}, address="192.0.2.2")

    assert post_demo(client, {"ok": "1"}, address="192.0.2.3").status_code == 429


# --- The limit on the other two writes the issue names ------------------------------


@pytest.mark.django_db
@override_settings(RATE_LIMITS={"matter": "2/h"})
def test_raising_matters_is_limited(client, clock):
    from venues.models import Matter

    client.force_login(UserFactory())
    data = {"title": "楼道灯坏了", "description": "3单元二楼的灯不亮。", "category": ""}
    data["category"] = Matter.Category.values[0]
    statuses = [
        client.post(reverse("venues:matter_create"), data).status_code for _ in range(3)
    ]
    assert statuses[:2] == [302, 302]
    assert statuses[2] == 429
    assert Matter.objects.count() == 2


@pytest.mark.django_db
@override_settings(RATE_LIMITS={"service_request": "1/h"})
def test_ordering_services_is_limited(client, clock):
    from volunteers.models import ServiceCategory, ServiceRequest

    client.force_login(UserFactory())
    category = ServiceCategory.objects.filter(is_active=True).first()
    wanted_at = (timezone.localtime() + datetime.timedelta(days=2)).strftime(
        "%Y-%m-%dT%H:%M"
    )
    data = {
        "category": category.pk,
        "description": "帮忙买药",
        "wanted_at": wanted_at,
        "place": "5幢2单元301",
    }
    first = client.post(reverse("volunteers:service_new"), data)
    second = client.post(reverse("volunteers:service_new"), data)
    assert first.status_code == 302, first.context["form"].errors
    assert second.status_code == 429
    assert ServiceRequest.objects.count() == 1


@pytest.mark.django_db
def test_a_post_with_uploads_keeps_its_slot_even_when_the_form_comes_back(client, demo):
    """Six huge photos with an empty title cost their checks: no slot is given back."""
    from tests.factories import jpeg_upload

    for _try in range(2):
        response = client.post(
            "/demo-form/", {"photos": jpeg_upload()}, REMOTE_ADDR=HOME_ADDRESS
        )
        assert response.status_code == 200  # the form again
    response = client.post(
        "/demo-form/", {"photos": jpeg_upload()}, REMOTE_ADDR=HOME_ADDRESS
    )
    assert response.status_code == 429
    assert demo == ["POST", "POST"]
    # Without uploads, a form that comes back still gives its slot back.
    assert post_demo(client, {"title": ""}, OTHER_ADDRESS).status_code == 200
    assert post_demo(client, {"title": ""}, OTHER_ADDRESS).status_code == 200
    assert post_demo(client, {"title": ""}, OTHER_ADDRESS).status_code == 200
