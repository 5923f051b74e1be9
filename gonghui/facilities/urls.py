from django.urls import path

from gonghui.facilities import views

app_name = "facilities"
urlpatterns = [
    path("", views.projects, name="projects"),
    path("projects/<int:pk>/", views.project_detail, name="project_detail"),
    path("service-points/", views.service_points, name="service_points"),
]
