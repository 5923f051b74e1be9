from django.urls import path

from gonghui.hardship.views import archive, household, imports, programmes

app_name = "hardship"
urlpatterns = [
    path("", archive.archive_list, name="archive_list"),
    path("export/", archive.archive_export, name="archive_export"),
    path("reviews/", archive.review_queue, name="review_queue"),
    path("survey/", household.survey, name="survey"),
    path("import/", imports.import_archive, name="import_archive"),
    path("import/template/", imports.import_template, name="import_template"),
    path("summary/", programmes.summary, name="summary"),
    path("standards/", programmes.standards, name="standards"),
    path("programmes/education/", programmes.education, name="education"),
    path("programmes/winter/", programmes.winter, name="winter"),
    path("programmes/medical/", programmes.medical, name="medical"),
    path("<int:pk>/", household.household_detail, name="household_detail"),
    path("<int:pk>/archive/", household.archive, name="archive"),
    path("<int:pk>/review/", household.review, name="review"),
    path("<int:pk>/lift/", household.lift, name="lift"),
    path("<int:pk>/remove/", household.remove, name="remove"),
    path("<int:pk>/assistance/", household.assistance, name="assistance"),
    path("persons/<int:pk>/reveal/", household.reveal, name="reveal"),
]
