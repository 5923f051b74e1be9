"""The API's rows of the scoping matrix: a browser session is not an API credential.

Token scoping (a 建宁 token cannot read 泰宁) is tested in test_api.py.
"""

from gonghui.orgs.tests.matrix_types import PERSONAS, Row

NO_SESSION_AUTH = dict.fromkeys(PERSONAS, 401)
PUBLIC = dict.fromkeys(PERSONAS, 200)

ROWS = [
    Row("api:api-root", lambda t: "/api/v1/", dict.fromkeys(PERSONAS, 404)),
    Row("api:openapi-json", lambda t: "/api/v1/openapi.json", PUBLIC),
    Row("api:openapi-view", lambda t: "/api/v1/docs", PUBLIC),
    Row("api:list_orgs", lambda t: "/api/v1/orgs/", NO_SESSION_AUTH),
    Row("api:get_org", lambda t: f"/api/v1/orgs/{t.jianning.pk}", NO_SESSION_AUTH),
    Row(
        "api:list_indicators", lambda t: f"/api/v1/indicators/?org={t.jianning.pk}", NO_SESSION_AUTH
    ),
    Row("api:list_tasks", lambda t: "/api/v1/supervision/tasks/", NO_SESSION_AUTH),
    Row("api:get_assignment", lambda t: "/api/v1/supervision/assignments/1", NO_SESSION_AUTH),
    Row(
        "api:post_progress_report",
        lambda t: "/api/v1/supervision/assignments/1/reports",
        NO_SESSION_AUTH,
        method="post",
    ),
    Row("api:list_dues_receipts", lambda t: "/api/v1/funds/receipts/", NO_SESSION_AUTH),
    Row("api:post_dues_receipt", lambda t: "/api/v1/funds/receipts/", NO_SESSION_AUTH, "post"),
    Row("api:get_dues_figures", lambda t: "/api/v1/funds/dues/", NO_SESSION_AUTH),
]
