"""This module's rows of the scoping matrix (see gonghui/orgs/tests/test_scoping_matrix.py)."""

from django.urls import reverse

from gonghui.orgs.tests.matrix_types import STAFF_ONLY_403, Row

STAFF_200 = {
    **STAFF_ONLY_403,
    "city_officer": 200,
    "jianning_officer": 200,
    "taining_officer": 200,
    "chair": 200,
}

ROWS: list[Row] = [
    Row("funds:dues", lambda t: reverse("funds:dues"), STAFF_200),
    Row("funds:receipts", lambda t: reverse("funds:receipts"), STAFF_200),
    Row("funds:plans", lambda t: reverse("funds:plans"), STAFF_200),
    Row(
        "funds:plans",
        lambda t: reverse("funds:plans"),
        {
            **STAFF_ONLY_403,
            "city_officer": 302,
            "jianning_officer": 403,
            "taining_officer": 403,
            "chair": 403,
        },
        method="post",
        data={"year": "2018"},
        label="下达计划",
    ),
    Row("funds:import", lambda t: reverse("funds:import"), STAFF_200),
    Row("funds:import_template", lambda t: reverse("funds:import_template"), STAFF_200),
    Row(
        "funds:import",
        lambda t: reverse("funds:import"),
        {**STAFF_ONLY_403, "city_officer": 200, "jianning_officer": 200},
        method="post",
        label="空表单",
    ),
]
