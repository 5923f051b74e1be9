from django.urls import path

from gonghui.dashboard import records, views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export.xlsx", views.export, name="dashboard_export"),
    path("briefing.docx", views.briefing_docx, name="dashboard_briefing"),
    path("records/<str:name>/", records.records, name="dashboard_records"),
    path("records/<str:name>/export.xlsx", records.records_export, name="dashboard_records_export"),
]
