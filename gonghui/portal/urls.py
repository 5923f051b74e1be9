from django.urls import path

from gonghui.portal import views

urlpatterns = [
    path("", views.home, name="portal_home"),
    path("help/", views.ask, name="portal_ask"),
    path("help/done/", views.filed, name="portal_filed"),
    path("track/", views.track, name="portal_track"),
    path("book/<int:shift_id>/", views.book, name="portal_book"),
    path("queue/", views.queue, name="portal_queue"),
    path("queue/<int:pk>/", views.request_detail, name="portal_request"),
    path("queue/<int:pk>/survey/", views.hand_off, name="portal_hand_off"),
]
