"""Routes of the honours module (mounted at /honors/)."""

from django.urls import path

from gonghui.honors.views import competitions, nominations, workers

app_name = "honors"

urlpatterns = [
    path("", workers.model_workers, name="model_workers"),
    path("workers/export/", workers.model_workers_export, name="model_workers_export"),
    path("workers/import/", workers.model_workers_import, name="model_workers_import"),
    path("workers/template/", workers.model_workers_template, name="model_workers_template"),
    path("workers/<int:pk>/", workers.model_worker_detail, name="model_worker"),
    path("workers/<int:pk>/reveal/", workers.model_worker_reveal, name="model_worker_reveal"),
    path("workers/<int:pk>/visit/", workers.model_worker_visit, name="model_worker_visit"),
    path("workers/<int:pk>/benefits/", workers.model_worker_benefits, name="model_worker_benefits"),
    path("studios/", workers.studios, name="studios"),
    path("craftsmen/", workers.craftsmen, name="craftsmen"),
    path("nominations/", nominations.nominations, name="nominations"),
    path("nominations/<int:year>/<slug:level>/", nominations.nomination_round, name="round"),
    path("nominations/<int:year>/<slug:level>/send/", nominations.round_send, name="round_send"),
    path("nominations/review/<int:pk>/", nominations.nomination_review, name="nomination_review"),
    path("competitions/", competitions.competitions, name="competitions"),
    path("competitions/<int:pk>/", competitions.competition_detail, name="competition"),
    path(
        "competitions/<int:pk>/participants/",
        competitions.competition_participant,
        name="competition_participant",
    ),
    path("competitions/<int:pk>/awards/", competitions.competition_award, name="competition_award"),
]
