"""Reading notices: a person's list, newest first, and their unread count."""

from django.core.paginator import Page

from community_portal.accounts.models import User
from community_portal.pagination import paginate

from .models import Notice, PushSubscription


def notice_list(*, user: User, page: object = 1) -> Page:
    return paginate(
        Notice.objects.for_user(user).only(
            "kind", "title", "body", "url", "read_at", "created_at"
        ),
        page=page,
    )


def notice_unread_count(*, user: User) -> int:
    return Notice.objects.for_user(user).unread().count()


def push_subscription_count(*, user: User) -> int:
    return PushSubscription.objects.filter(user_id=user.pk).count()
