from django.urls import path

from . import views

app_name = "grids"
urlpatterns = [
    path("grids/", views.grid_list, name="list"),
    path("grids/<int:number>/", views.grid_detail, name="detail"),
    path("grids/<int:number>/follow/", views.grid_follow, name="follow"),
    # Grid work, on the grid worker's phone.
    path("grids/work/", views.work_home, name="work_home"),
    path(
        "grids/work/visits/new/",
        views.entry_create,
        {"kind": "visit"},
        name="visit_create",
    ),
    path(
        "grids/work/visits/<int:pk>/",
        views.entry_detail,
        {"kind": "visit"},
        name="visit_detail",
    ),
    path(
        "grids/work/visits/<int:pk>/edit/",
        views.entry_edit,
        {"kind": "visit"},
        name="visit_edit",
    ),
    path(
        "grids/work/issues/new/",
        views.entry_create,
        {"kind": "issue"},
        name="issue_create",
    ),
    path(
        "grids/work/issues/<int:pk>/",
        views.entry_detail,
        {"kind": "issue"},
        name="issue_detail",
    ),
    path(
        "grids/work/issues/<int:pk>/edit/",
        views.entry_edit,
        {"kind": "issue"},
        name="issue_edit",
    ),
    path("grids/work/issues/<int:pk>/assign/", views.issue_assign, name="issue_assign"),
    path(
        "grids/work/issues/<int:pk>/resolve/", views.issue_resolve, name="issue_resolve"
    ),
    path(
        "grids/work/checks/new/",
        views.entry_create,
        {"kind": "check"},
        name="check_create",
    ),
    path(
        "grids/work/checks/<int:pk>/",
        views.entry_detail,
        {"kind": "check"},
        name="check_detail",
    ),
    path(
        "grids/work/checks/<int:pk>/edit/",
        views.entry_edit,
        {"kind": "check"},
        name="check_edit",
    ),
    # Staff.
    path("grids/staff/", views.staff_overview, name="staff_overview"),
    path(
        "grids/staff/export/visits.csv",
        views.staff_export,
        {"what": "visits"},
        name="export_visits",
    ),
    path(
        "grids/staff/export/checks.csv",
        views.staff_export,
        {"what": "checks"},
        name="export_checks",
    ),
]
