from django.urls import path

from . import views

app_name = "volunteers"
urlpatterns = [
    path("teams/", views.team_list, name="team_list"),
    path("teams/<slug:slug>/", views.team_detail, name="team_detail"),
]
