"""Community staff on a desktop: create and publish an activity in the admin, then find
it on the residents' activity list."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from activities.models import Activity

pytestmark = pytest.mark.e2e


def test_staff_publishes_an_activity_in_the_admin(desktop):
    page = desktop.page
    title = "楼道微课堂：垃圾分类小知识"
    starts = (timezone.localtime() + datetime.timedelta(hours=2)).replace(
        minute=0, second=0, microsecond=0
    )
    ends = starts + datetime.timedelta(hours=1, minutes=30)

    desktop.goto("/admin/")
    assert "/admin/login/" in page.url
    desktop.log_in("staff")
    assert desktop.path() == "/admin/"

    desktop.follow(
        page.locator("a[href='/admin/activities/activity/add/']").first,
        "/admin/activities/activity/add/",
    )
    page.locator("#id_title").fill(title)
    page.locator("#id_status").select_option(Activity.Status.PUBLISHED)
    page.locator("#id_summary").fill("五分钟讲清楚四类垃圾怎么分，欢迎邻居们来听。")
    page.locator("#id_starts_at_0").fill(starts.strftime("%Y-%m-%d"))
    page.locator("#id_starts_at_1").fill(starts.strftime("%H:%M:%S"))
    page.locator("#id_ends_at_0").fill(ends.strftime("%Y-%m-%d"))
    page.locator("#id_ends_at_1").fill(ends.strftime("%H:%M:%S"))
    page.locator("#id_location").fill("3幢楼道口")
    page.locator("#id_strand").select_option(index=1)
    desktop.follow(
        page.locator("input[type=submit][name=_save]").last,
        re.compile(r"/admin/activities/activity/(\?.*)?$"),
    )
    expect(page.locator(".messagelist .success")).to_be_visible()

    activity = Activity.objects.get(title=title)
    assert activity.status == Activity.Status.PUBLISHED
    assert activity.starts_at == starts

    desktop.goto("/activities/")
    link = page.locator(f"main a[href='/activities/{activity.pk}/']").first
    expect(link).to_contain_text(title)
    desktop.follow(link, f"/activities/{activity.pk}/")
    expect(page.locator("h1")).to_have_text(title)
    desktop.finish("staff_admin")
