"""Every error a resident can meet is a branded page in Chinese with a way back: 400,
403, 404, 405, 500 and a failed CSRF check; a ServiceError escaping a view becomes one of
them (ServiceErrorMiddleware)."""

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpResponse
from django.template import loader
from django.test import Client
from django.urls import path
from django.views.decorators.http import require_POST

from community_portal.errors import Refusal, ServiceError
from community_portal.urls import urlpatterns as portal_urlpatterns
from community_portal.views import bad_request

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.test_error_pages")]

MENU = 'aria-label="主菜单"'
HOME_LINK = 'href="/"'
BACK_HOME = "回到首页"
# What Django's own technical pages say; none of it may reach a resident.
TECHNICAL = (
    "Bad Request (400)",
    "403 Forbidden",
    "CSRF verification failed",
    "<h1>Not Found</h1>",
    "Server Error (500)",
    "Traceback",
)


def _raise(exception):
    def view(request):
        raise exception

    return view


# A tiny URLconf for these tests: the portal's own, plus views that fail on purpose.
urlpatterns = [
    path("_test/suspicious/", _raise(SuspiciousOperation("bad input"))),
    path("_test/denied/", _raise(PermissionDenied)),
    path("_test/broken/", _raise(RuntimeError("a bug"))),
    path(
        "_test/service/not-found/",
        _raise(ServiceError("thing_not_found", "没有这个东西")),
    ),
    path(
        "_test/service/not-allowed/",
        _raise(ServiceError("edit_not_allowed", "不能修改")),
    ),
    path(
        "_test/service/invalid/",
        _raise(ServiceError("too_late", "太晚了", kind=Refusal.INVALID)),
    ),
    path("_test/post-only/", require_POST(lambda request: HttpResponse("done"))),
    *portal_urlpatterns,
]
handler400 = "community_portal.views.bad_request"


def assert_branded(response, *, status: int, text: str, menu: bool = True):
    content = response.content.decode()
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert text in content
    assert HOME_LINK in content
    assert BACK_HOME in content
    assert (MENU in content) is menu
    for phrase in TECHNICAL:
        assert phrase not in content, phrase


def test_404_is_branded_with_the_menu(client):
    response = client.get("/no-such-page/")

    assert_branded(response, status=404, text="没有找到这个页面")


def test_403_is_branded_with_the_menu(client):
    response = client.get("/_test/denied/")

    assert_branded(response, status=403, text="您无权进行此操作。")


def test_405_from_opening_a_buttons_address_is_branded_with_the_menu(client):
    response = client.get("/_test/post-only/")

    assert_branded(response, status=405, text="这个地址不能直接打开")
    assert response["Allow"] == "POST"
    assert client.post("/_test/post-only/").content == b"done"


def test_403_offers_a_visitor_the_login(client, resident):
    assert "登录" in client.get("/_test/denied/").content.decode()


def test_400_from_a_suspicious_operation_is_branded_with_the_menu(client):
    response = client.get("/_test/suspicious/")

    assert_branded(response, status=400, text="请再试一次。")


def test_400_shows_the_signed_in_menu(client, resident):
    client.force_login(resident)

    content = client.get("/_test/suspicious/").content.decode()

    # The request reached the page: the signed-in menu with the resident's name.
    assert 'action="/accounts/logout/"' in content
    assert "张小明" in content


def test_a_form_sent_without_its_csrf_token_gets_the_branded_403(resident):
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        "/accounts/login/", {"username": resident.username, "password": "x"}
    )

    assert_branded(response, status=403, text="请再试一次。")
    assert settings.CSRF_FAILURE_VIEW == "community_portal.views.csrf_failure"


def test_500_is_branded_without_the_menu(client):
    client.raise_request_exception = False

    response = client.get("/_test/broken/")

    # Rendered without context processors: the brand and a way home, no menu.
    assert_branded(response, status=500, text="出了点问题", menu=False)


def test_a_service_error_not_found_gives_the_branded_404(client):
    response = client.get("/_test/service/not-found/")

    assert_branded(response, status=404, text="没有找到这个页面")


def test_a_service_error_not_allowed_gives_the_branded_403(client):
    response = client.get("/_test/service/not-allowed/")

    assert_branded(response, status=403, text="您无权进行此操作。")


def test_a_service_error_invalid_gives_the_branded_400(client):
    response = client.get("/_test/service/invalid/")

    assert_branded(response, status=400, text="请再试一次。")


def test_service_error_middleware_sits_after_authentication_and_messages():
    middleware = settings.MIDDLEWARE
    position = middleware.index("community_portal.middleware.ServiceErrorMiddleware")

    assert position > middleware.index(
        "django.contrib.auth.middleware.AuthenticationMiddleware"
    )
    assert position > middleware.index(
        "django.contrib.messages.middleware.MessageMiddleware"
    )


def test_400_still_branded_when_the_request_cannot_feed_the_menu(rf):
    class BrokenRequest(type(rf.get("/"))):
        @property
        def COOKIES(self):  # noqa: N802 — Django's name
            raise ValueError("unreadable cookies")

    request = rf.get("/")
    request.__class__ = BrokenRequest
    # Drawn with the request, the page fails (the context processors read it) ...
    with pytest.raises(ValueError, match="unreadable"):
        loader.get_template("400.html").render(request=request)

    # ... so the handler draws it without: still branded, never Django's own.
    response = bad_request(request, SuspiciousOperation("bad"))

    assert_branded(response, status=400, text="请再试一次。", menu=True)
