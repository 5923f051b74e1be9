"""Routes of the rights module, mounted at /rights/."""

from django.urls import path

from gonghui.rights.views import lawyers, petitions, statistics, supervision

app_name = "rights"

urlpatterns = [
    path("petitions/", petitions.petition_list, name="petition_list"),
    path("petitions/new/", petitions.petition_register, name="petition_register"),
    path("petitions/<int:pk>/", petitions.petition_detail, name="petition_detail"),
    path("petitions/<int:pk>/<slug:step>/", petitions.petition_step, name="petition_step"),
    path("statistics/", statistics.petition_statistics, name="petition_statistics"),
    path("receptions/", supervision.reception_list, name="reception_list"),
    path("lawyers/", lawyers.lawyer_list, name="lawyer_list"),
    path("shifts/", lawyers.shift_rota, name="shift_rota"),
    path("shifts/<int:pk>/", lawyers.shift_detail, name="shift_detail"),
    path("my-shifts/", lawyers.my_shifts, name="my_shifts"),
    path("committees/", supervision.committee_list, name="committee_list"),
    path("letters/", supervision.letter_list, name="letter_list"),
    path("letters/<int:pk>/reply/", supervision.letter_reply, name="letter_reply"),
    path("letters/<int:pk>/refer/", supervision.letter_refer, name="letter_refer"),
]
