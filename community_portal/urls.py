"""URL configuration. Chinese pages live at unprefixed URLs, English ones under /en/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from community_portal import photo_views, views

admin.site.site_header = admin.site.site_title = views.ADMIN_TITLE
admin.site.index_title = views.ADMIN_INDEX_TITLE

# Django's own 400 page renders without the request (no menu); ours has it. 403 and
# 404 are Django's handlers with our templates; 500 is 500.html without a context.
handler400 = "community_portal.views.bad_request"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # The service worker's scope is its folder: it must live at the root.
    path("sw.js", views.service_worker, name="service_worker"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Private photos, after a check of who may see them (never under /media/).
    path(
        "photos/<slug:kind>/<int:pk>/",
        photo_views.private_photo,
        name="private_photo",
    ),
]

urlpatterns += i18n_patterns(
    path("", include("community_portal.pages.urls")),
    path("display/", views.toggle_large_text, name="toggle_large_text"),
    path("manifest.webmanifest", views.web_manifest, name="web_manifest"),
    path("offline/", views.offline, name="offline"),
    path("admin/", admin.site.urls),
    path("accounts/", include("community_portal.accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("community_portal.notices.urls")),
    path("", include("venues.urls")),
    path("", include("grids.urls")),
    path("", include("volunteers.urls")),
    path("", include("activities.urls")),
    prefix_default_language=False,
)

if settings.BENCH_FLOOR_PAGE:
    urlpatterns += [path("bench/floor/", views.bench_floor, name="bench_floor")]

if settings.DEBUG:
    # Uploaded media in development; production serves /media/ from the web server.
    urlpatterns += [
        path(
            f"{settings.MEDIA_URL.strip('/')}/<path:path>",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]
