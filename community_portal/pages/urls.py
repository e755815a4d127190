"""The composed pages, at the root and without a namespace (``home``, ``me``)."""

from django.urls import path

from . import report_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("me/", views.me, name="me"),
    path("staff/", views.workbench, name="workbench"),
    # Before the queues: "report" is not a queue's key.
    path("staff/report/", report_views.report, name="report"),
    path("staff/<slug:key>/", views.workbench_queue, name="workbench_queue"),
]
