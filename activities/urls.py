from django.urls import path

from . import views

app_name = "activities"
urlpatterns = [
    path("activities/", views.activity_list, name="list"),
    path("activities/<int:pk>/", views.activity_detail, name="detail"),
]
