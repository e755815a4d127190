"""The composed pages, at the root and without a namespace (``home``, ``me``)."""

from django.urls import path

from . import elder_views, ledgers_views, report_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("me/", views.me, name="me"),
    path("staff/", views.workbench, name="workbench"),
    # Before the queues: "report" and "elders" are not queues' keys.
    path("staff/report/", report_views.report, name="report"),
    path("staff/elders/", elder_views.elder_roster, name="elder_roster"),
    path("staff/<slug:key>/", views.workbench_queue, name="workbench_queue"),
    path("staff/report/ledger.xlsx", ledgers_views.ledger_xlsx, name="ledger_xlsx"),
    path("staff/report/ledger.docx", ledgers_views.ledger_docx, name="ledger_docx"),
    path(
        "staff/report/ledgers/<int:pk>/",
        ledgers_views.ledger_export,
        name="ledger_export",
    ),
    path(
        "staff/report/ledgers/<int:pk>/download/",
        ledgers_views.ledger_export_download,
        name="ledger_export_download",
    ),
]
