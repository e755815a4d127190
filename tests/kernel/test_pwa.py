"""The installable portal: the manifest, the service worker at the root, the offline
page and the committed icons."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from PIL import Image

from community_portal import pwa

pytestmark = pytest.mark.django_db


def test_the_manifest_names_the_portal_in_chinese_and_is_installable(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/manifest+json")
    manifest = json.loads(response.content)
    assert manifest["name"] == "新时代文明实践中心 · XX花园社区"
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/"
    assert manifest["scope"] == "/"
    assert manifest["theme_color"] == pwa.THEME_COLOUR
    sizes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes


def test_the_english_manifest_starts_on_the_english_home_page(client):
    manifest = json.loads(client.get("/en/manifest.webmanifest").content)
    assert manifest["start_url"] == "/en/"
    assert manifest["lang"] == "en"


@pytest.mark.parametrize("path, size", [(p, s) for p, s, _ in pwa.ICONS])
def test_each_icon_is_a_committed_png_of_its_size(path, size):
    image = Image.open(Path(settings.BASE_DIR) / "static" / path)
    assert image.format == "PNG"
    assert f"{image.width}x{image.height}" == size


def test_the_maskable_icon_fills_its_square():
    image = Image.open(Path(settings.BASE_DIR) / "static/img/app/icon-maskable-512.png")
    assert image.convert("RGBA").getpixel((2, 2))[3] == 255  # no transparent corner


def test_every_page_links_the_manifest_and_registers_the_worker(client):
    body = client.get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in body
    assert 'src="/static/js/pwa.js"' in body
    assert 'data-worker="/sw.js"' in body


def test_the_worker_is_served_from_the_root_uncached_with_its_scope(client):
    response = client.get("/sw.js", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    config = json.loads(body.split("var CONFIG = ", 1)[1].split(";\n", 1)[0])
    assert config["version"] == pwa.cache_version()
    assert "/static/css/portal.css" in config["shell"]
    assert config["offline"] == {"/en/": "/en/offline/", "/": "/offline/"}
    assert config["workPrefixes"] == ["/en/grids/work/", "/grids/work/"]
    assert config["title"] == "新时代文明实践中心"
    for handler in ("install", "activate", "fetch", "push", "notificationclick"):
        assert f'addEventListener("{handler}"' in body


def test_the_cache_version_changes_with_the_release():
    with override_settings(DEBUG=True, PWA_RELEASE="2026.12.01"):
        first = pwa.cache_version()
        assert pwa.cache_version() == first  # stable within one deploy
    with override_settings(DEBUG=True, PWA_RELEASE="2026.12.02"):
        assert pwa.cache_version() != first


def test_the_cache_version_changes_with_a_shell_file(monkeypatch):
    with override_settings(DEBUG=True):
        before = pwa.cache_version()
        real = pwa._static_bytes
        monkeypatch.setattr(
            pwa,
            "_static_bytes",
            lambda path: real(path) + (b"/* new */" if path == "js/portal.js" else b""),
        )
        assert pwa.cache_version() != before


def test_the_offline_page_is_branded_and_in_chinese(client):
    response = client.get("/offline/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "新时代文明实践中心" in body
    assert 'href="/grids/work/"' in body
