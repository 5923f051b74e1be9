"""This module's rows of the scoping matrix (see gonghui/orgs/tests/test_scoping_matrix.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.urls import reverse

from gonghui.orgs.tests.matrix_types import PERSONAS, STAFF_ONLY_403, Row

STAFF_200 = {
    **STAFF_ONLY_403,
    "city_officer": 200,
    "jianning_officer": 200,
    "taining_officer": 200,
    "chair": 200,
}
# A record of a 建宁 grassroots union: its county and its union see it, 泰宁 gets a 404.
JIANNING_RECORD = {
    **STAFF_ONLY_403,
    "city_officer": 200,
    "jianning_officer": 200,
    "taining_officer": 404,
    "chair": 200,
}


def _household(t: Any, *, archive: bool = True) -> Any:
    """A household of the 建宁 grassroots union (archived unless told otherwise)."""
    from gonghui.hardship import actions
    from gonghui.hardship.models import MinimumLivingStandard
    from gonghui.hardship.tests.conftest import make_id

    MinimumLivingStandard.objects.get_or_create(
        org=t.jianning, year=2017, defaults={"monthly_amount": Decimal(520)}
    )
    household = actions.survey_household(
        None,
        actions.SurveyInput(
            org=t.jianning_union,
            surveyed_on=date(2017, 3, 1),
            members=[actions.MemberInput("王建国", make_id(), "self", Decimal(600))],
        ),
    )
    if archive:
        actions.archive_household(None, household, date(2017, 4, 1))
    return household


def _url(name: str, **kw: Any) -> Any:
    def build(t: Any) -> str:
        if name == "hardship:reveal":
            return reverse(name, args=[_household(t).members.first().pk])
        return reverse(name, args=[_household(t, **kw).pk])

    return build


def _redirects(base: dict[str, int], status: int = 302) -> dict[str, int]:
    return {k: (status if v == 200 else v) for k, v in base.items()}


# The API answers sessions with 401: only tokens are credentials (see test_api.py).
NO_SESSION_AUTH = dict.fromkeys(PERSONAS, 401)

ROWS = [
    Row("api:list_households", lambda t: "/api/v1/hardship/households/", NO_SESSION_AUTH),
    Row(
        "api:get_household",
        lambda t: f"/api/v1/hardship/households/{_household(t).pk}",
        NO_SESSION_AUTH,
    ),
    Row("hardship:archive_list", lambda t: reverse("hardship:archive_list"), STAFF_200),
    Row("hardship:archive_export", lambda t: reverse("hardship:archive_export"), STAFF_200),
    Row("hardship:survey", lambda t: reverse("hardship:survey"), STAFF_200),
    Row("hardship:review_queue", lambda t: reverse("hardship:review_queue"), STAFF_200),
    Row("hardship:import_archive", lambda t: reverse("hardship:import_archive"), STAFF_200),
    Row("hardship:import_template", lambda t: reverse("hardship:import_template"), STAFF_200),
    Row("hardship:summary", lambda t: reverse("hardship:summary"), STAFF_200),
    Row("hardship:standards", lambda t: reverse("hardship:standards"), STAFF_200),
    Row(
        "hardship:standards",
        lambda t: reverse("hardship:standards"),
        _redirects(STAFF_200),
        method="post",
        label="保存（无效输入也回到本页）",
    ),
    Row("hardship:education", lambda t: reverse("hardship:education"), STAFF_200),
    Row("hardship:winter", lambda t: reverse("hardship:winter"), STAFF_200),
    Row("hardship:medical", lambda t: reverse("hardship:medical"), STAFF_200),
    Row("hardship:household_detail", _url("hardship:household_detail"), JIANNING_RECORD),
    Row(
        "hardship:archive",
        _url("hardship:archive", archive=False),
        _redirects(JIANNING_RECORD),
        method="post",
    ),
    Row("hardship:review", _url("hardship:review"), JIANNING_RECORD),
    Row("hardship:lift", _url("hardship:lift"), JIANNING_RECORD),
    Row("hardship:remove", _url("hardship:remove"), JIANNING_RECORD),
    Row("hardship:assistance", _url("hardship:assistance"), JIANNING_RECORD),
    Row(
        "hardship:reveal",
        _url("hardship:reveal"),
        {**JIANNING_RECORD, "city_officer": 403, "jianning_officer": 403, "chair": 403},
        label="未获授权的工作人员",
    ),
]
