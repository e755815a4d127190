from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .selectors import notice_list
from .services import notices_mark_read


@login_required
@require_GET
def notices(request):
    """My notices, newest first; the ones shown are marked read (still marked
    "new" on this page, once)."""
    page = notice_list(user=request.user, page=request.GET.get("page"))
    unread = {notice.pk for notice in page if notice.read_at is None}
    notices_mark_read(user=request.user, notice_ids=list(unread))
    return render(request, "notices/list.html", {"page": page, "unread": unread})
