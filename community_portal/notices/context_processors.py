"""The unread count in the header of every page: one query, and only when a
signed-in page renders it; none for anonymous visitors."""

from django.utils.functional import SimpleLazyObject

from .selectors import notice_unread_count


def unread_notices(request):
    user = getattr(request, "user", None)
    return {
        "unread_notices": SimpleLazyObject(
            lambda: (
                notice_unread_count(user=user)
                if user is not None and user.is_authenticated
                else 0
            )
        )
    }
