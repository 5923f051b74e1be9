"""Routes of the rights module, mounted at /rights/."""

from django.urls import path
from django.views.generic import RedirectView

from gonghui.rights.views import entry, lawyers, petitions, statistics, supervision

app_name = "rights"

urlpatterns = [
    # The module's address in the README and the menus: its desk is the petition list.
    path("", RedirectView.as_view(pattern_name="rights:petition_list"), name="index"),
    path("petitions/", petitions.petition_list, name="petition_list"),
    path("petitions/new/", petitions.petition_register, name="petition_register"),
    path("petitions/<int:pk>/", petitions.petition_detail, name="petition_detail"),
    path("petitions/<int:pk>/attachments/", petitions.attachment_upload, name="attachment_upload"),
    path(
        "petitions/<int:pk>/attachments/<int:attachment_pk>/",
        petitions.attachment_download,
        name="attachment_download",
    ),
    path(
        "petitions/<int:pk>/petitioners/<int:petitioner_pk>/id-number/",
        petitions.petitioner_reveal,
        name="petitioner_reveal",
    ),
    path("petitions/<int:pk>/<slug:step>/", petitions.petition_step, name="petition_step"),
    path("statistics/", statistics.petition_statistics, name="petition_statistics"),
    path("receptions/", supervision.reception_list, name="reception_list"),
    path("lawyers/", lawyers.lawyer_list, name="lawyer_list"),
    path("lawyers/new/", entry.lawyer_new, name="lawyer_new"),
    path("centres/new/", entry.centre_new, name="centre_new"),
    path("shifts/new/", entry.shift_new, name="shift_new"),
    path("shifts/copy/", entry.rota_copy, name="rota_copy"),
    path("shifts/", lawyers.shift_rota, name="shift_rota"),
    path("shifts/<int:pk>/", lawyers.shift_detail, name="shift_detail"),
    path("my-shifts/", lawyers.my_shifts, name="my_shifts"),
    path("committees/", supervision.committee_list, name="committee_list"),
    path("committees/new/", entry.committee_new, name="committee_new"),
    path("letters/", supervision.letter_list, name="letter_list"),
    path("letters/new/", entry.letter_new, name="letter_new"),
    path("letters/<int:pk>/docx/", supervision.letter_download, name="letter_download"),
    path("letters/<int:pk>/reply/", supervision.letter_reply, name="letter_reply"),
    path("letters/<int:pk>/refer/", supervision.letter_refer, name="letter_refer"),
]
