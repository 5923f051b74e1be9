"""The dashboard's rows of the scoping matrix."""

from django.urls import reverse

from gonghui.orgs.tests.matrix_types import STAFF_ONLY_403, Row

COUNTY_OFFICERS_OWN = {"city_officer": 200, "jianning_officer": 200, "taining_officer": 404}

ROWS = [
    Row(
        "dashboard",
        lambda t: reverse("dashboard"),
        {
            **STAFF_ONLY_403,
            "city_officer": 200,
            "jianning_officer": 200,
            "taining_officer": 200,
            "chair": 200,
        },
    ),
    Row(
        "dashboard",
        lambda t: f"{reverse('dashboard')}?org={t.jianning.pk}",
        {**STAFF_ONLY_403, **COUNTY_OFFICERS_OWN, "chair": 404},
        label="建宁",
    ),
    Row(
        "dashboard_export",
        lambda t: f"{reverse('dashboard_export')}?org={t.jianning.pk}",
        {**STAFF_ONLY_403, **COUNTY_OFFICERS_OWN, "chair": 404},
        label="建宁",
    ),
    Row(
        "dashboard_briefing",
        lambda t: f"{reverse('dashboard_briefing')}?org={t.jianning.pk}",
        {
            **STAFF_ONLY_403,
            "city_officer": 302,
            "jianning_officer": 302,
            "taining_officer": 404,
            "chair": 404,
        },
        method="post",
        label="建宁",
    ),
    Row(
        "dashboard_briefing",
        lambda t: f"{reverse('dashboard_briefing')}?org={t.jianning.pk}",
        {**STAFF_ONLY_403, "city_officer": 405, "jianning_officer": 405},
        label="GET",
    ),
    Row(
        "dashboard_export",
        lambda t: f"{reverse('dashboard_export')}?org={t.jianning.pk}&table=findings",
        {**STAFF_ONLY_403, **COUNTY_OFFICERS_OWN},
        label="建宁问题",
    ),
    Row(
        "dashboard_records",
        lambda t: (
            f"{reverse('dashboard_records', args=['hardship.archived_households'])}"
            f"?org={t.jianning.pk}"
        ),
        {**STAFF_ONLY_403, **COUNTY_OFFICERS_OWN, "chair": 404},
        label="建宁",
    ),
    Row(
        "dashboard_records",
        lambda t: (
            f"{reverse('dashboard_records', args=['rights.on_time_rate'])}?org={t.jianning.pk}"
        ),
        {**STAFF_ONLY_403, **dict.fromkeys(COUNTY_OFFICERS_OWN, 404), "chair": 404},
        label="比率无记录",
    ),
    Row(
        "dashboard_records_export",
        lambda t: (
            f"{reverse('dashboard_records_export', args=['rights.petition_cases'])}"
            f"?org={t.jianning.pk}"
        ),
        {**STAFF_ONLY_403, **COUNTY_OFFICERS_OWN, "chair": 404},
        label="建宁",
    ),
]
