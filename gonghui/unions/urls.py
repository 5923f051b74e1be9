from django.urls import path

from gonghui.unions import views

app_name = "unions"
urlpatterns = [
    path("", views.tracker, name="tracker"),
    path("reelections/", views.reelections, name="reelections"),
    path("joint-meetings/", views.joint_meetings, name="joint_meetings"),
    path(
        "joint-meetings/<int:pk>/<int:year>/", views.joint_meeting_edit, name="joint_meeting_edit"
    ),
    path("<int:pk>/", views.union_detail, name="union_detail"),
    path("<int:pk>/elections/", views.record_election, name="record_election"),
    path("<int:pk>/bodies/", views.record_body, name="record_body"),
    path("<int:pk>/women-committee/", views.record_women_committee, name="record_women_committee"),
]
