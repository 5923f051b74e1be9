"""The org pages' rows of the scoping matrix (see test_scoping_matrix.py)."""

from django.urls import reverse

from gonghui.orgs.tests.matrix_types import STAFF_ONLY_403, Row

ROWS = [
    Row(
        "home",
        lambda t: reverse("home"),
        {
            "city_officer": 200,
            "jianning_officer": 200,
            "taining_officer": 200,
            "chair": 200,
            "lawyer": 200,
            "judge": 200,
            "worker": 200,
            "anonymous": 302,
        },
    ),
    Row("login", lambda t: reverse("login"), {"anonymous": 200, "city_officer": 302}),
    Row("logout", lambda t: reverse("logout"), {"anonymous": 302, "worker": 302}, method="post"),
    Row(
        "password_change",
        lambda t: reverse("password_change"),
        {"anonymous": 302, "city_officer": 200, "lawyer": 200, "judge": 200, "worker": 200},
    ),
    Row(
        "org_tree",
        lambda t: reverse("org_tree"),
        {
            **STAFF_ONLY_403,
            "city_officer": 302,
            "jianning_officer": 302,
            "taining_officer": 302,
            "chair": 302,
        },
    ),
    Row(
        "org_detail",
        lambda t: reverse("org_detail", args=[t.jianning.pk]),
        {
            **STAFF_ONLY_403,
            "city_officer": 200,
            "jianning_officer": 200,
            "taining_officer": 404,
            "chair": 404,
        },
        label="建宁县总工会",
    ),
    Row(
        "org_detail",
        lambda t: reverse("org_detail", args=[t.jianning_union.pk]),
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
        "org_detail",
        lambda t: reverse("org_detail", args=[t.city.pk]),
        {
            **STAFF_ONLY_403,
            "city_officer": 200,
            "jianning_officer": 404,
            "taining_officer": 404,
            "chair": 404,
        },
        label="市总工会",
    ),
    # The tree's moves and merges: superusers only (every persona here is refused).
    *(
        Row(
            name,
            lambda t, name=name: reverse(name),
            {
                **STAFF_ONLY_403,
                "city_officer": 403,
                "jianning_officer": 403,
                "taining_officer": 403,
                "chair": 403,
            },
        )
        for name in ("org_move", "org_merge")
    ),
]
