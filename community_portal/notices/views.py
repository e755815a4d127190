import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from community_portal.errors import ServiceError

from .push import push_enabled
from .selectors import notice_list, push_subscription_count
from .services import notices_mark_read, push_subscribe, push_unsubscribe

MAX_SUBSCRIPTION_BYTES = 4096


@login_required
@require_GET
def notices(request):
    """My notices, newest first; the ones shown are marked read (still marked
    "new" on this page, once)."""
    page = notice_list(user=request.user, page=request.GET.get("page"))
    unread = {notice.pk for notice in page if notice.read_at is None}
    notices_mark_read(user=request.user, notice_ids=list(unread))
    return render(request, "notices/list.html", {"page": page, "unread": unread})


@login_required
@require_GET
def push(request):
    """Receive my notices by web push on this device (static/js/push.js)."""
    return render(
        request,
        "notices/push.html",
        {
            "push_enabled": push_enabled(),
            "vapid_public_key": settings.WEBPUSH_VAPID_PUBLIC_KEY,
            "devices": push_subscription_count(user=request.user),
        },
    )


def _subscription(request) -> dict:
    """The browser's PushSubscription.toJSON(), posted as JSON."""
    if request.content_type != "application/json":
        return {}
    if len(request.body) > MAX_SUBSCRIPTION_BYTES:
        return {}
    try:
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return {}
    if not isinstance(data, dict):
        return {}
    keys = data.get("keys") if isinstance(data.get("keys"), dict) else {}
    values = {
        "endpoint": data.get("endpoint"),
        "p256dh": keys.get("p256dh"),
        "auth": keys.get("auth"),
    }
    return {k: v for k, v in values.items() if isinstance(v, str)}


def _devices(user) -> str:
    count = push_subscription_count(user=user)
    return ngettext(
        "Your account receives push notifications on %(devices)s device.",
        "Your account receives push notifications on %(devices)s devices.",
        count,
    ) % {"devices": count}


def _refused(message: str) -> JsonResponse:
    return JsonResponse({"ok": False, "message": message}, status=400)


@login_required
@require_POST
def push_subscribe_view(request):
    data = _subscription(request)
    if len(data) != 3:
        return _refused(_("This browser's push address is not valid."))
    try:
        push_subscribe(
            user=request.user,
            user_agent=request.headers.get("User-Agent", ""),
            **data,
        )
    except ServiceError as error:
        return _refused(error.message)
    return JsonResponse(
        {
            "ok": True,
            "message": _("This device now receives your notices."),
            "devices": _devices(request.user),
        }
    )


@login_required
@require_POST
def push_unsubscribe_view(request):
    endpoint = _subscription(request).get("endpoint", "")
    push_unsubscribe(user=request.user, endpoint=endpoint)
    return JsonResponse(
        {
            "ok": True,
            "message": _("This device no longer receives your notices."),
            "devices": _devices(request.user),
        }
    )
