from django.urls import path

from gonghui.dashboard import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export.xlsx", views.export, name="dashboard_export"),
    path("briefing.docx", views.briefing_docx, name="dashboard_briefing"),
]
