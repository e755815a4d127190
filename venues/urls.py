from django.urls import path

from . import views

app_name = "venues"
urlpatterns = [
    path("venues/", views.venue_list, name="list"),
    path("venues/<slug:slug>/", views.venue_detail, name="detail"),
    path("alliances/", views.alliance_list, name="alliance_list"),
    path("alliances/<slug:slug>/", views.alliance_detail, name="alliance_detail"),
]
