"""The composed pages, at the root and without a namespace (``home``, ``me``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("me/", views.me, name="me"),
    path("staff/", views.workbench, name="workbench"),
    path("staff/<slug:key>/", views.workbench_queue, name="workbench_queue"),
]
