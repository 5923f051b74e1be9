"""This module's rows of the scoping matrix (see gonghui/orgs/tests/test_scoping_matrix.py)."""

from datetime import date

from django.urls import reverse

from gonghui.facilities.models import ConstructionProject
from gonghui.orgs.tests.matrix_types import STAFF_ONLY_403, Row

STAFF_200 = {
    **STAFF_ONLY_403,
    "city_officer": 200,
    "jianning_officer": 200,
    "taining_officer": 200,
    "chair": 200,
}


def _jianning_project(tree) -> str:
    project = ConstructionProject.objects.create(
        org=tree.jianning, kind="palace", name="建宁工人文化宫"
    )
    project.stages.create(stage="planned", reached_on=date(2016, 3, 1))
    return reverse("facilities:project_detail", args=[project.pk])


ROWS: list[Row] = [
    Row("facilities:projects", lambda t: reverse("facilities:projects"), STAFF_200),
    Row("facilities:service_points", lambda t: reverse("facilities:service_points"), STAFF_200),
    Row("facilities:project_add", lambda t: reverse("facilities:project_add"), STAFF_200),
    Row(
        "facilities:service_point_add",
        lambda t: reverse("facilities:service_point_add"),
        STAFF_200,
    ),
    Row(
        "facilities:project_detail",
        _jianning_project,
        {
            **STAFF_ONLY_403,
            "city_officer": 200,
            "jianning_officer": 200,
            "taining_officer": 404,
            "chair": 404,
        },
        label="建宁工人文化宫",
    ),
]
