"""bench/run.sh's template floor: an empty page through base.html, routed only when
``BENCH_FLOOR_PAGE`` is set."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import Resolver404, resolve

from community_portal import views

pytestmark = pytest.mark.django_db


def test_the_floor_page_is_not_routed_by_default():
    with pytest.raises(Resolver404):
        resolve("/bench/floor/")


def test_the_floor_page_is_base_html_with_nothing_in_it():
    request = RequestFactory().get("/bench/floor/")
    request.user = AnonymousUser()

    response = views.bench_floor(request)

    assert response.status_code == 200
    assert b"</html>" in response.content
