from django.urls import path

from . import booking_views, gallery_views, selection_views, views

app_name = "venues"
urlpatterns = [
    path("venues/", views.venue_list, name="list"),
    path("venues/<slug:slug>/", views.venue_detail, name="detail"),
    path("alliances/", views.alliance_list, name="alliance_list"),
    path("alliances/<slug:slug>/", views.alliance_detail, name="alliance_detail"),
    path("matters/", views.matter_board, name="matter_board"),
    path("matters/new/", views.matter_create, name="matter_create"),
    path("matters/staff/", views.matter_staff, name="matter_staff"),
    path("matters/<int:pk>/", views.matter_detail, name="matter_detail"),
    path("matters/<int:pk>/edit/", views.matter_edit, name="matter_edit"),
    path("matters/<int:pk>/second/", views.matter_second, name="matter_second"),
    path("matters/<int:pk>/handle/", views.matter_handle, name="matter_handle"),
    path(
        "matters/<int:pk>/follow-up/",
        views.matter_follow_up,
        name="matter_follow_up",
    ),
    path("spaces/<slug:slug>/book/", booking_views.space_book, name="space_book"),
    path("bookings/", booking_views.booking_mine, name="booking_mine"),
    path("bookings/staff/", booking_views.booking_staff, name="booking_staff"),
    path("bookings/block/", booking_views.booking_block, name="booking_block"),
    path(
        "bookings/<int:pk>/cancel/", booking_views.booking_cancel, name="booking_cancel"
    ),
    path(
        "bookings/<int:pk>/decide/", booking_views.booking_decide, name="booking_decide"
    ),
    path(
        "bookings/<int:pk>/booking.ics", booking_views.booking_ics, name="booking_ics"
    ),
]

# The 悦珍阁 gallery and the 悦丰馆 exhibitions.
urlpatterns += [
    path("gallery/", gallery_views.gallery, name="gallery"),
    path("gallery/submit/", gallery_views.work_submit, name="gallery_submit"),
    path("gallery/mine/", gallery_views.works_mine, name="gallery_mine"),
    path("gallery/works/<int:pk>/", gallery_views.work_detail, name="gallery_work"),
    path(
        "gallery/exhibitions/<int:pk>/",
        gallery_views.exhibition_detail,
        name="gallery_exhibition",
    ),
]

# Selections with public voting (selection_views).
urlpatterns += [
    path("selections/", selection_views.selection_list, name="selection_list"),
    path(
        "selections/<slug:slug>/",
        selection_views.selection_detail,
        name="selection_detail",
    ),
    path(
        "selections/<slug:slug>/nominate/",
        selection_views.nomination_create,
        name="nomination_create",
    ),
    path(
        "selections/<slug:slug>/candidates/<int:pk>/vote/",
        selection_views.vote_cast,
        name="vote_cast",
    ),
    path(
        "selections/<slug:slug>/object/",
        selection_views.objection_create,
        name="objection_create",
    ),
]
