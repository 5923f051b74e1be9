"""This module's rows of the scoping matrix (see gonghui/orgs/tests/test_scoping_matrix.py)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from gonghui.honors.models import NominationStatus
from gonghui.honors.tests import factories
from gonghui.orgs.tests.matrix_types import STAFF_ONLY_403, Row

ALL_STAFF_200 = {
    **STAFF_ONLY_403,
    "city_officer": 200,
    "jianning_officer": 200,
    "taining_officer": 200,
    "chair": 200,
}
# A record of 建宁's grassroots union: the sibling county gets a 404, the chair sees it.
JIANNING_UNION_RECORD = {
    **STAFF_ONLY_403,
    "city_officer": 200,
    "jianning_officer": 200,
    "taining_officer": 404,
    "chair": 200,
}
# A record of 建宁 county itself: above the chair, so a 404 for the chair too.
JIANNING_COUNTY_RECORD = {**JIANNING_UNION_RECORD, "chair": 404}


def _worker_url(t: Any, suffix: str = "") -> str:
    worker = factories.model_worker(t.jianning_union)
    return reverse(f"honors:model_worker{suffix}", args=[worker.pk])


def _review_url(t: Any) -> str:
    nomination = factories.nomination(t.jianning_union, status=NominationStatus.RECOMMENDED)
    return reverse("honors:nomination_review", args=[nomination.pk])


def _county_competition(t: Any, route: str = "honors:competition") -> str:
    comp = factories.competition(t.jianning, title="建宁县重点项目劳动竞赛")
    factories.participant(comp, t.jianning_union)
    return reverse(route, args=[comp.pk])


def _city_competition(t: Any) -> str:
    comp = factories.competition(t.city)
    factories.participant(comp, t.jianning_union)
    return reverse("honors:competition", args=[comp.pk])


ROWS: list[Row] = [
    Row("honors:model_workers", lambda t: reverse("honors:model_workers"), ALL_STAFF_200),
    Row(
        "honors:model_workers_export",
        lambda t: reverse("honors:model_workers_export"),
        ALL_STAFF_200,
    ),
    Row(
        "honors:model_workers_import",
        lambda t: reverse("honors:model_workers_import"),
        ALL_STAFF_200,
    ),
    Row(
        "honors:model_workers_import",
        lambda t: reverse("honors:model_workers_import"),
        ALL_STAFF_200,  # no file: the page comes back saying so
        method="post",
        label="没有文件",
    ),
    Row(
        "honors:model_workers_template",
        lambda t: reverse("honors:model_workers_template"),
        ALL_STAFF_200,
    ),
    Row(
        "honors:model_worker",
        lambda t: _worker_url(t),
        JIANNING_UNION_RECORD,
        label="建宁的劳模",
    ),
    Row(
        "honors:model_worker",
        lambda t: reverse("honors:model_worker", args=[factories.model_worker(t.taining_union).pk]),
        {
            **STAFF_ONLY_403,
            "city_officer": 200,
            "jianning_officer": 404,
            "taining_officer": 200,
            "chair": 404,
        },
        label="泰宁的劳模",
    ),
    Row(
        "honors:model_worker_visit",
        lambda t: _worker_url(t, "_visit"),
        {
            **STAFF_ONLY_403,
            "city_officer": 302,
            "jianning_officer": 302,
            "taining_officer": 404,
            "chair": 302,
        },
        method="post",
        data={"visited_on": "2018-04-26", "visitor": "市委书记", "note": "五一走访"},
    ),
    Row(
        "honors:model_worker_reveal",
        lambda t: _worker_url(t, "_reveal"),
        {
            **STAFF_ONLY_403,
            # No persona of the test tree holds the right to see full ID numbers.
            "city_officer": 403,
            "jianning_officer": 403,
            "taining_officer": 404,
            "chair": 403,
        },
        method="post",
        data={"reason": "核对补充养老保险材料"},
    ),
    Row(
        "honors:model_worker_benefits",
        lambda t: _worker_url(t, "_benefits"),
        {
            **STAFF_ONLY_403,
            "city_officer": 302,
            "jianning_officer": 302,
            "taining_officer": 404,
            "chair": 302,
        },
        method="post",
        data={"pension_status": "granted", "monthly_allowance": "300.00", "version": 1},
    ),
    Row("honors:studios", lambda t: reverse("honors:studios"), ALL_STAFF_200),
    Row("honors:craftsmen", lambda t: reverse("honors:craftsmen"), ALL_STAFF_200),
    Row("honors:nominations", lambda t: reverse("honors:nominations"), ALL_STAFF_200),
    Row(
        "honors:nominations",
        lambda t: reverse("honors:nominations"),
        {
            **STAFF_ONLY_403,
            "city_officer": 302,
            "jianning_officer": 302,
            # 泰宁 cannot find 建宁's union (form error); the chair is below county level.
            "taining_officer": 200,
            "chair": 403,
        },
        method="post",
        label="推荐建宁的职工",
        data={
            "nominee": "李春梅",
            "unit": "91350430MA2XN00017",
            "year": 2018,
            "level_sought": "provincial",
            "front_line": "on",
        },
    ),
    Row(
        "honors:round",
        lambda t: reverse("honors:round", args=[2018, "provincial"]),
        ALL_STAFF_200,
    ),
    Row(
        "honors:round",
        lambda t: reverse("honors:round", args=[2018, "city"]),
        {**STAFF_ONLY_403, "city_officer": 404, "jianning_officer": 404},
        label="没有的推荐级别",
    ),
    Row(
        "honors:round_send",
        lambda t: reverse("honors:round_send", args=[2018, "provincial"]),
        {
            **STAFF_ONLY_403,
            "city_officer": 302,
            "jianning_officer": 403,
            "taining_officer": 403,
            "chair": 403,
        },
        method="post",
    ),
    Row(
        "honors:nomination_review",
        _review_url,
        {
            **STAFF_ONLY_403,
            "city_officer": 302,
            "jianning_officer": 403,
            "taining_officer": 404,
            "chair": 403,
        },
        method="post",
        data={"decision": "accept", "version": 1},
    ),
    Row("honors:competitions", lambda t: reverse("honors:competitions"), ALL_STAFF_200),
    Row(
        "honors:competitions",
        lambda t: reverse("honors:competitions"),
        {
            **STAFF_ONLY_403,
            "city_officer": 302,
            "jianning_officer": 302,
            "taining_officer": 302,
            "chair": 302,
        },
        method="post",
        label="组织竞赛",
        data={"kind": "skills", "title": "技能竞赛", "starts_on": "2018-04-10"},
    ),
    Row(
        "honors:competition",
        _county_competition,
        {**JIANNING_COUNTY_RECORD, "chair": 200},
        label="建宁主办、建宁基层工会参赛",
    ),
    Row(
        "honors:competition",
        lambda t: reverse(
            "honors:competition", args=[factories.competition(t.jianning, title="建宁竞赛").pk]
        ),
        JIANNING_COUNTY_RECORD,
        label="建宁主办、无人参赛",
    ),
    Row(
        "honors:competition",
        _city_competition,
        {
            **STAFF_ONLY_403,
            "city_officer": 200,
            "jianning_officer": 200,
            "taining_officer": 404,
            "chair": 200,
        },
        label="市总主办、建宁参赛",
    ),
    Row(
        "honors:competition_participant",
        lambda t: _county_competition(t, "honors:competition_participant"),
        {
            **STAFF_ONLY_403,
            "city_officer": 302,
            "jianning_officer": 302,
            "taining_officer": 404,
            # The chair sees the competition (its union takes part) but does not run it.
            "chair": 403,
        },
        method="post",
        data={"unit": "91350430MA2XN00017", "team": "机修班", "joined_on": "2018-04-02"},
    ),
    Row(
        "honors:competition_award",
        lambda t: _county_competition(t, "honors:competition_award"),
        {
            **STAFF_ONLY_403,
            # Without the unit's id (known only once the tree exists) the form comes back
            # with its error: 200 for those who run the competition (success: test_competitions).
            "city_officer": 200,
            "jianning_officer": 200,
            "taining_officer": 404,
            "chair": 403,
        },
        method="post",
        data={
            "kind": "team",
            "name": "安全生产班组",
            "title": "优秀班组",
            "awarded_on": "2018-06-01",
        },
    ),
]
