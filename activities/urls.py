from django.urls import path

from . import feed_views, views

app_name = "activities"
urlpatterns = [
    path("activities/", views.activity_list, name="list"),
    path("activities/feed.ics", feed_views.activity_feed, name="feed"),
    path("activities/<int:pk>/", views.activity_detail, name="detail"),
    path("activities/<int:pk>/event.ics", feed_views.activity_ics, name="ics"),
]
