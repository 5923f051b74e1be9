"""This module's rows of the scoping matrix (see gonghui/orgs/tests/test_scoping_matrix.py)."""

from django.urls import reverse

from gonghui.matching.tests import factories
from gonghui.orgs.tests.matrix_types import STAFF_ONLY_403, Row

ALL_STAFF = {
    **STAFF_ONLY_403,
    "city_officer": 200,
    "jianning_officer": 200,
    "taining_officer": 200,
    "chair": 200,
}
# A 建宁 county record: the city and 建宁 see it; 泰宁 and 建宁's grassroots chair get 404.
JIANNING_COUNTY = {
    **STAFF_ONLY_403,
    "city_officer": 200,
    "jianning_officer": 200,
    "taining_officer": 404,
    "chair": 404,
}


def _flag_url(tree, name: str) -> str:
    """A flag on a 建宁 grassroots household (the chair's own unit sees it)."""
    flag = factories.flag(tree.jianning_union, tree.jianning)
    return reverse(name, args=[flag.pk])


def _run_url(tree, name: str) -> str:
    return reverse(name, args=[factories.run(factories.reference_list(tree.jianning)).pk])


ROWS = [
    Row("matching:list_index", lambda t: reverse("matching:list_index"), ALL_STAFF),
    Row("matching:flag_list", lambda t: reverse("matching:flag_list"), ALL_STAFF),
    Row("matching:summary", lambda t: reverse("matching:summary"), ALL_STAFF),
    Row(
        "matching:mapping",
        lambda t: reverse("matching:mapping", args=[factories.reference_list(t.jianning).pk]),
        JIANNING_COUNTY,
        label="建宁的名单",
    ),
    Row(
        "matching:run_detail",
        lambda t: _run_url(t, "matching:run_detail"),
        JIANNING_COUNTY,
        label="建宁的比对",
    ),
    Row(
        "matching:run_progress",
        lambda t: _run_url(t, "matching:run_progress"),
        JIANNING_COUNTY,
        label="建宁的比对",
    ),
    Row(
        "matching:run_again",
        lambda t: _run_url(t, "matching:run_again"),
        {**JIANNING_COUNTY, "city_officer": 302, "jianning_officer": 302},
        method="post",
        label="建宁的比对（已完成的不能重新比对：回到比对页）",
    ),
    Row(
        "matching:flag_detail",
        lambda t: _flag_url(t, "matching:flag_detail"),
        {**JIANNING_COUNTY, "chair": 200},
        label="建宁基层的疑点",
    ),
    Row(
        "matching:flag_confirm",
        lambda t: _flag_url(t, "matching:flag_confirm"),
        {
            **STAFF_ONLY_403,
            "city_officer": 302,
            "jianning_officer": 302,
            "taining_officer": 404,
            "chair": 302,
        },
        method="post",
        data={"version": 1},
        label="建宁基层的疑点",
    ),
    Row(
        "matching:flag_dismiss",
        lambda t: _flag_url(t, "matching:flag_dismiss"),
        {
            **STAFF_ONLY_403,
            "city_officer": 302,
            "jianning_officer": 302,
            "taining_officer": 404,
            "chair": 302,
        },
        method="post",
        data={"version": 1, "reason": "同名同生日，非同一人"},
        label="建宁基层的疑点",
    ),
]
