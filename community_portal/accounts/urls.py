"""Residents' account pages under /accounts/ (``/me/`` is mounted at the root).

Mounted before ``django.contrib.auth.urls``, which brings login, logout and the
password change and reset pages under the same prefix.
"""

from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("profile/", views.profile, name="profile"),
    path("household/", views.household, name="household"),
    path(
        "household/members/<int:member_id>/remove/",
        views.household_member_remove,
        name="household_member_remove",
    ),
    # Before django.contrib.auth.urls' own view at the same address: throttled mails.
    path(
        "password_reset/",
        views.ThrottledPasswordResetView.as_view(),
        name="password_reset",
    ),
    path("password_reset/sms/", views.password_reset_sms, name="password_reset_sms"),
    path(
        "password_reset/sms/code/",
        views.password_reset_sms_confirm,
        name="password_reset_sms_confirm",
    ),
]
