from django.urls import path

from . import views

app_name = "volunteers"
urlpatterns = [
    path("teams/", views.team_list, name="team_list"),
    path("teams/<slug:slug>/", views.team_detail, name="team_detail"),
    # The volunteer alliance (悦公益).
    path("teams/<slug:slug>/join/", views.team_join, name="team_join"),
    path("volunteers/", views.hub, name="hub"),
    path("volunteers/leaderboard/", views.leaderboard, name="leaderboard"),
    path("volunteers/apply/", views.apply, name="apply"),
    path("volunteers/me/", views.me, name="me"),
    path("volunteers/me/certificate/", views.certificate, name="certificate"),
    path("volunteers/me/identity/", views.identity, name="identity"),
    path(
        "volunteers/me/certificate/issue/",
        views.certificate_issue,
        name="certificate_issue",
    ),
    path(
        "volunteers/certificates/verify/",
        views.certificate_verify,
        name="certificate_verify",
    ),
    path(
        "volunteers/certificates/verify/<str:serial>/",
        views.certificate_verify_serial,
        name="certificate_verify_serial",
    ),
    path(
        "volunteers/certificates/<str:serial>/",
        views.certificate_detail,
        name="certificate_detail",
    ),
    path("volunteers/shop/", views.shop, name="shop"),
    path("volunteers/shop/<int:pk>/redeem/", views.redeem, name="redeem"),
    path("volunteers/shop/confirm/", views.shop_confirm, name="shop_confirm"),
    path(
        "volunteers/activities/<int:pk>/",
        views.activity_volunteers,
        name="activity",
    ),
    path("volunteers/roles/<int:pk>/sign-up/", views.role_sign_up, name="role_sign_up"),
    path(
        "volunteers/shifts/<int:pk>/<slug:action>/",
        views.shift_action,
        name="shift_action",
    ),
    path("volunteers/leader/", views.leader, name="leader"),
    path(
        "volunteers/memberships/<int:pk>/decide/",
        views.membership_decide,
        name="membership_decide",
    ),
    path(
        "volunteers/staff/",
        views.staff_applications,
        name="staff_applications",
    ),
    path(
        "volunteers/staff/applications/<int:pk>/decide/",
        views.staff_application_decide,
        name="staff_application_decide",
    ),
    path(
        "volunteers/staff/hours/verify/",
        views.staff_hours_verify,
        name="staff_hours_verify",
    ),
    path(
        "volunteers/staff/hours/national-export/",
        views.staff_national_export,
        name="staff_national_export",
    ),
    path("services/", views.service_list, name="service_list"),
    path("services/new/", views.service_new, name="service_new"),
    path("services/<int:pk>/", views.service_detail, name="service_detail"),
    path(
        "services/<int:pk>/<slug:action>/",
        views.service_action,
        name="service_action",
    ),
]
