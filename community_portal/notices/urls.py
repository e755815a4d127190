from django.urls import path

from . import views

app_name = "notices"

urlpatterns = [
    path("notices/", views.notices, name="list"),
    path("notices/push/", views.push, name="push"),
    path("notices/push/subscribe/", views.push_subscribe_view, name="push_subscribe"),
    path(
        "notices/push/unsubscribe/",
        views.push_unsubscribe_view,
        name="push_unsubscribe",
    ),
]
