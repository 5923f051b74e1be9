from django.urls import path

from gonghui.supervision.views import appraisal, plans, reports

app_name = "supervision"

urlpatterns = [
    path("", plans.overview, name="overview"),
    path("overview.xlsx", plans.overview_xlsx, name="overview_xlsx"),
    path("tasks/<int:pk>/", plans.task_detail, name="task"),
    path("league/", plans.league, name="league"),
    path("league.xlsx", plans.league_xlsx, name="league_xlsx"),
    path("import/", plans.plan_import, name="import"),
    path("notice/", plans.notice_page, name="notice"),
    path("notice.docx", plans.notice_docx, name="notice_docx"),
    path("notice.xlsx", plans.notice_xlsx, name="notice_xlsx"),
    path("desk/", reports.desk, name="desk"),
    path(
        "assignments/<int:pk>/reports/<int:year>/<int:quarter>/",
        reports.report_edit,
        name="report_edit",
    ),
    path("reports/<int:pk>/", reports.report_detail, name="report"),
    path("reports/<int:pk>/submit/", reports.report_submit, name="report_submit"),
    path("reports/<int:pk>/accept/", reports.report_accept, name="report_accept"),
    path("reports/<int:pk>/return/", reports.report_return, name="report_return"),
    path("review/", reports.review_queue, name="review"),
    path("attachments/<int:pk>/", reports.attachment_download, name="attachment"),
    path("milestones/<int:pk>/done/", reports.milestone_done, name="milestone_done"),
    path("innovation/", appraisal.innovation, name="innovation"),
    path("innovation/reviews/<int:pk>/", appraisal.review_score, name="review_score"),
    path("submissions/", appraisal.submissions, name="submissions"),
]
