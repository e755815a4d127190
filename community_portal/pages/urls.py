"""The composed pages, at the root and without a namespace (``home``, ``me``)."""

from django.urls import path

from . import elder_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("me/", views.me, name="me"),
    path("staff/", views.workbench, name="workbench"),
    path("staff/elders/", elder_views.elder_roster, name="elder_roster"),
    path("staff/<slug:key>/", views.workbench_queue, name="workbench_queue"),
]
