from django.urls import path

from gonghui.core import views

urlpatterns = [
    path("", views.job_list, name="jobs"),
    path("<int:pk>/", views.job_page, name="job"),
    path("<int:pk>/progress/", views.job_progress, name="job_progress"),
    path("<int:pk>/download/", views.job_download, name="job_download"),
    path("<int:pk>/rerun/", views.job_rerun, name="job_rerun"),
]
