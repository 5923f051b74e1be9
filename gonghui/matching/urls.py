from django.urls import path

from gonghui.matching import views

app_name = "matching"
urlpatterns = [
    path("", views.list_index, name="list_index"),
    path("lists/<int:pk>/", views.mapping, name="mapping"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("runs/<int:pk>/progress/", views.run_progress, name="run_progress"),
    path("runs/<int:pk>/again/", views.run_again, name="run_again"),
    path("flags/", views.flag_list, name="flag_list"),
    path("flags/<int:pk>/", views.flag_detail, name="flag_detail"),
    path("flags/<int:pk>/confirm/", views.flag_confirm, name="flag_confirm"),
    path("flags/<int:pk>/dismiss/", views.flag_dismiss, name="flag_dismiss"),
    path("summary/", views.summary, name="summary"),
]
