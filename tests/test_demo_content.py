"""The demo's public pages say only what the portal does: no "coming soon" promise,
every "可预约" beside a booking link; and the home page stays light on first load."""

import gzip
import re
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command

from community_portal.devtools.demo import pictures
from venues.models import Space, Venue

pytestmark = pytest.mark.django_db

PROMISES = ("即将开通", "敬请期待", "coming soon", "Coming soon", "即将上线")
BOOKING_LINK = re.compile(r'href="/spaces/[\w-]+/book/"')
HREF = re.compile(r'href="(/[^"#?]*)[^"]*"')
# Not pages of their own, or not public.
SKIP = ("/static/", "/media/", "/admin/", "/en/", "/accounts/logout/", "/photos/")
FIRST_LOAD_LIMIT = 150 * 1024


@pytest.fixture
def demo(monkeypatch):
    monkeypatch.setattr(pictures, "IMAGE_SIZE", (120, 80))
    call_command("load_demo", "--force", stdout=StringIO())


def test_public_pages_promise_nothing_that_does_not_exist(client, demo):
    home = client.get("/").content.decode()
    paths = {"/"} | {path for path in HREF.findall(home) if not path.startswith(SKIP)}
    paths |= {venue.get_absolute_url() for venue in Venue.objects.all()}
    paths |= {
        space.get_booking_url() for space in Space.objects.all() if space.is_bookable
    }

    checked = []
    for path in sorted(paths):
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        content = response.content.decode()
        checked.append(path)
        for promise in PROMISES:
            assert promise not in content, (path, promise)
        if "可预约" in content.replace("不可预约", ""):
            assert BOOKING_LINK.search(content), (path, "可预约 without a booking link")
    # The crawl reached the pages that matter, the talk corridor among them.
    assert {"/", "/activities/", "/matters/", "/venues/talk-corridor/"} <= set(checked)
    corridor = client.get("/venues/talk-corridor/").content.decode()
    assert 'href="/matters/"' in corridor and 'href="/matters/new/"' in corridor


def test_home_is_under_150_kb_on_first_load(client, demo):
    """What a first visit downloads, compressed as WhiteNoise serves it: the page,
    its stylesheets and scripts, and the pictures not lazy-loaded."""
    content = client.get("/").content
    html = content.decode()
    total = len(gzip.compress(content))
    assets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assets += re.findall(r'<script src="([^"]+)"', html)
    eager_images = [
        src
        for tag, src in re.findall(r'(<img[^>]*src="([^"]+)"[^>]*>)', html)
        if 'loading="lazy"' not in tag
    ]
    for url in assets + eager_images:
        path = urlsplit(url).path
        if path.startswith("/static/"):
            found = finders.find(path.removeprefix("/static/"))
            assert found, url
            data = Path(found).read_bytes()
        else:
            response = client.get(path)
            data = b"".join(response) if response.streaming else response.content
        total += len(gzip.compress(data)) if not path.endswith(".png") else len(data)
    assert total < FIRST_LOAD_LIMIT, f"{total} bytes"
