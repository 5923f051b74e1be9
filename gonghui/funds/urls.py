from django.urls import path

from gonghui.funds import views

app_name = "funds"
urlpatterns = [
    path("", views.dues, name="dues"),
    path("plans/", views.plans, name="plans"),
    path("receipts/", views.receipts, name="receipts"),
    path("receipts/import/", views.import_receipts, name="import"),
    path("receipts/import/template/", views.receipts_template, name="import_template"),
]
