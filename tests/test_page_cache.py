"""The anonymous page cache (community_portal/middleware.py): public pages are served
from the cache to visitors without a session, never to signed-in residents."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community_portal.context_processors import LARGE_TEXT_COOKIE

from .factories import ActivityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.CACHE_MIDDLEWARE_SECONDS = 30
    cache.clear()
    yield
    cache.clear()


def queries_for(client, url: str, **extra) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_a_second_anonymous_visit_is_served_from_the_cache(client):
    activity = ActivityFactory(title="重阳敬老")
    url = reverse("activities:list")

    first, _first_page = queries_for(client, url)
    activity.title = "改过的标题"
    activity.save()
    second, page = queries_for(client, url)

    assert first > 0
    assert second == 0
    assert "重阳敬老" in page  # cached for at most CACHE_MIDDLEWARE_SECONDS


def test_signed_in_residents_always_get_a_fresh_page(client, resident):
    activity = ActivityFactory(title="重阳敬老")
    url = reverse("activities:list")
    queries_for(client, url)  # cached for anonymous visitors

    client.force_login(resident)
    activity.title = "改过的标题"
    activity.save()
    queries, page = queries_for(client, url)

    assert queries > 0
    assert "改过的标题" in page


def test_the_display_cookie_and_the_language_get_their_own_pages(client):
    url = reverse("activities:list")
    _queries, plain = queries_for(client, url)

    client.cookies[LARGE_TEXT_COOKIE] = "1"
    _queries, large = queries_for(client, url)
    del client.cookies[LARGE_TEXT_COOKIE]
    _queries, english = queries_for(client, "/en/activities/")

    assert 'class="large-text"' not in plain
    assert 'class="large-text"' in large
    assert '<html lang="en"' in english


def test_it_is_off_when_configured_so(client, settings):
    settings.CACHE_MIDDLEWARE_SECONDS = 0
    url = reverse("activities:list")
    queries_for(client, url)
    queries, _page = queries_for(client, url)
    assert queries > 0


def test_a_csrf_cookie_or_another_browser_language_does_not_split_the_cache(client):
    activity = ActivityFactory(title="重阳敬老")
    url = reverse("activities:list")
    queries_for(client, url)
    activity.title = "改过的标题"
    activity.save()

    client.cookies["csrftoken"] = "x" * 32
    with_token, page = queries_for(client, url, HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")

    assert with_token == 0
    assert "重阳敬老" in page


def test_cached_pages_still_tell_browsers_what_they_vary_on(client):
    url = reverse("activities:list")
    first = client.get(url)
    second = client.get(url)

    for response in (first, second):
        vary = {header.strip().lower() for header in response["Vary"].split(",")}
        assert {"cookie", "accept-language"} <= vary
        assert "x-portal-variant" not in vary


def test_the_large_text_page_is_cached_apart_from_the_plain_one(client):
    url = reverse("activities:list")
    queries_for(client, url)
    client.cookies[LARGE_TEXT_COOKIE] = "1"
    first_large, large = queries_for(client, url)
    second_large, large_again = queries_for(client, url)

    assert first_large > 0
    assert second_large == 0
    assert 'class="large-text"' in large_again
