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
    Row("unions:tracker", lambda t: reverse("unions:tracker"), STAFF_200),
    Row("unions:reelections", lambda t: reverse("unions:reelections"), STAFF_200),
    Row("unions:joint_meetings", lambda t: reverse("unions:joint_meetings"), STAFF_200),
    Row(
        "unions:union_detail",
        lambda t: reverse("unions:union_detail", args=[t.jianning_union.pk]),
        {
            **STAFF_ONLY_403,
            "city_officer": 200,
            "jianning_officer": 200,
            "taining_officer": 404,
            "chair": 200,
        },
        label="建宁的基层工会",
    ),
    Row(
        "unions:union_detail",
        lambda t: reverse("unions:union_detail", args=[t.taining.pk]),
        {
            **STAFF_ONLY_403,
            "city_officer": 200,
            "jianning_officer": 404,
            "taining_officer": 200,
            "chair": 404,
        },
        label="泰宁县总工会",
    ),
    Row(
        "unions:record_election",
        lambda t: reverse("unions:record_election", args=[t.jianning_union.pk]),
        {
            **STAFF_ONLY_403,
            "city_officer": 302,
            "jianning_officer": 302,
            "taining_officer": 404,
            "chair": 302,
        },
        method="post",
        data={"elected_on": "2018-05-01", "term_years": "5"},
        label="建宁的基层工会",
    ),
    Row(
        "unions:record_body",
        lambda t: reverse("unions:record_body", args=[t.jianning_union.pk]),
        {
            **STAFF_ONLY_403,
            "city_officer": 302,
            "jianning_officer": 302,
            "taining_officer": 404,
            "chair": 302,
        },
        method="post",
        data={"body": "committee", "reported_on": "2018-05-01", "members": "9", "front_line": "4"},
        label="建宁的基层工会",
    ),
    Row(
        "unions:record_women_committee",
        lambda t: reverse("unions:record_women_committee", args=[t.jianning_union.pk]),
        {
            **STAFF_ONLY_403,
            "city_officer": 302,
            "jianning_officer": 302,
            "taining_officer": 404,
            "chair": 302,
        },
        method="post",
        data={"set_up_on": "2018-03-08", "chair": "王丽"},
        label="建宁的基层工会",
    ),
    Row(
        "unions:joint_meeting_edit",
        lambda t: reverse("unions:joint_meeting_edit", args=[t.jianning.pk, 2018]),
        {
            **STAFF_ONLY_403,
            "city_officer": 200,
            "jianning_officer": 200,
            "taining_officer": 404,
            "chair": 404,
        },
        label="建宁2018",
    ),
]
