from django.urls import path

from . import door_views, feed_views, staff_views, views

app_name = "activities"
urlpatterns = [
    path("activities/", views.activity_list, name="list"),
    path("activities/calendar/", views.activity_calendar, name="calendar"),
    path("activities/feed.ics", feed_views.activity_feed, name="feed"),
    path(
        "activities/staff/satisfaction/",
        staff_views.satisfaction,
        name="staff_satisfaction",
    ),
    path("activities/<int:pk>/", views.activity_detail, name="detail"),
    path(
        "activities/checkin/<str:code>/",
        staff_views.checkin_link,
        name="checkin_link",
    ),
    path("activities/door/<str:token>/", door_views.door, name="door"),
    path(
        "activities/<int:pk>/door-poster/",
        door_views.door_poster,
        name="door_poster",
    ),
    path("activities/<int:pk>/event.ics", feed_views.activity_ics, name="ics"),
    path("activities/<int:pk>/register/", views.activity_register, name="register"),
    path(
        "activities/<int:pk>/cancel/",
        views.activity_cancel_registration,
        name="cancel_registration",
    ),
    path("activities/<int:pk>/rate/", views.activity_rate, name="rate"),
    path("activities/<int:pk>/checkin/", staff_views.activity_checkin, name="checkin"),
    path(
        "activities/<int:pk>/checkin/<int:registration_pk>/",
        staff_views.registration_checkin,
        name="checkin_registration",
    ),
    path("activities/<int:pk>/walk-in/", staff_views.walk_in_add, name="walk_in"),
    path("activities/<int:pk>/record/", staff_views.activity_record, name="record"),
    path("highlights/", views.highlight_list, name="highlights"),
]
