from django.urls import path

from . import views

app_name = "grids"
urlpatterns = [
    path("grids/", views.grid_list, name="list"),
    path("grids/<int:number>/", views.grid_detail, name="detail"),
]
