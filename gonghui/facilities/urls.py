from django.urls import path

from gonghui.facilities import views

app_name = "facilities"
urlpatterns = [
    path("", views.projects, name="projects"),
    path("projects/<int:pk>/", views.project_detail, name="project_detail"),
    path("projects/new/", views.project_add, name="project_add"),
    path("service-points/", views.service_points, name="service_points"),
    path("service-points/new/", views.service_point_add, name="service_point_add"),
]
