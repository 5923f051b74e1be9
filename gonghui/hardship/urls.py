from django.urls import path

from gonghui.hardship.views import (
    archive,
    education,
    household,
    imports,
    medical,
    programmes,
    winter,
)

app_name = "hardship"
urlpatterns = [
    path("", archive.archive_list, name="archive_list"),
    path("export/", archive.archive_export, name="archive_export"),
    path("export/full-ids/", archive.archive_export_full, name="archive_export_full"),
    path("reviews/", archive.review_queue, name="review_queue"),
    path("survey/", household.survey, name="survey"),
    path("import/", imports.import_archive, name="import_archive"),
    path("import/template/", imports.import_template, name="import_template"),
    path("summary/", programmes.summary, name="summary"),
    path("standards/", programmes.standards, name="standards"),
    path("programmes/education/", education.education, name="education"),
    path("programmes/education/act/", education.education_act, name="education_act"),
    path("programmes/education/apply/", education.education_pick, name="education_pick"),
    path(
        "programmes/education/apply/<int:pk>/",
        education.education_apply,
        name="education_apply",
    ),
    path("programmes/winter/", winter.winter, name="winter"),
    path("programmes/winter/<int:pk>/", winter.winter_campaign, name="winter_campaign"),
    path("programmes/winter/<int:pk>/add/", winter.winter_add, name="winter_add"),
    path(
        "programmes/winter/targets/<int:pk>/deliver/",
        winter.winter_deliver,
        name="winter_deliver",
    ),
    path("programmes/medical/", medical.medical, name="medical"),
    path("programmes/medical/<int:number>/", medical.medical_phase, name="medical_phase"),
    path(
        "programmes/medical/enrolments/<int:pk>/",
        medical.medical_enrolment,
        name="medical_enrolment",
    ),
    path("programmes/medical/claims/<int:pk>/pay/", medical.medical_pay, name="medical_pay"),
    path("<int:pk>/", household.household_detail, name="household_detail"),
    path("<int:pk>/archive/", household.archive, name="archive"),
    path("<int:pk>/review/", household.review, name="review"),
    path("<int:pk>/lift/", household.lift, name="lift"),
    path("<int:pk>/remove/", household.remove, name="remove"),
    path("<int:pk>/assistance/", household.assistance, name="assistance"),
    path("persons/<int:pk>/reveal/", household.reveal, name="reveal"),
]
