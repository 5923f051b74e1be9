"""This module's rows of the scoping matrix (see gonghui/orgs/tests/test_scoping_matrix.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.urls import reverse

from gonghui.conftest import staff_actor
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
        staff_actor(),
        actions.SurveyInput(
            org=t.jianning_union,
            surveyed_on=date(2017, 3, 1),
            members=[actions.MemberInput("王建国", make_id(), "self", Decimal(600))],
        ),
    )
    if archive:
        actions.archive_household(staff_actor(), household, date(2017, 4, 1))
    return household


def _url(name: str, **kw: Any) -> Any:
    def build(t: Any) -> str:
        if name == "hardship:reveal":
            return reverse(name, args=[_household(t).members.first().pk])
        return reverse(name, args=[_household(t, **kw).pk])

    return build


def _redirects(base: dict[str, int], status: int = 302) -> dict[str, int]:
    return {k: (status if v == 200 else v) for k, v in base.items()}


def _programmes(t: Any) -> dict[str, Any]:
    """A city 金秋助学 round, 冬送温暖 campaign and 医疗互助 phase, each with a 建宁 record."""
    from gonghui.hardship.models import (
        EducationAidRound,
        MedicalAidClaim,
        MedicalAidEnrolment,
        MedicalAidPhase,
        WinterCampaign,
        WinterDelivery,
    )

    household = _household(t)
    campaign = WinterCampaign.objects.create(
        org=t.city,
        year=2018,
        name="2018年冬送温暖",
        starts_on=date(2017, 12, 15),
        ends_on=date(2018, 2, 15),
    )
    phase = MedicalAidPhase.objects.create(
        number=9,
        name="第九期职工医疗互助",
        starts_on=date(2017, 7, 1),
        ends_on=date(2018, 6, 30),
        premium_per_person=Decimal(120),
    )
    enrolment = MedicalAidEnrolment.objects.create(
        phase=phase,
        org=t.jianning_union,
        members=10,
        premiums=Decimal(1200),
        enrolled_on=date(2017, 6, 20),
    )
    return {
        "household": household,
        "round": EducationAidRound.objects.create(
            org=t.city,
            year=2018,
            name="2018年金秋助学",
            amounts={"senior": "1000"},
            opens_on=date(2018, 6, 1),
            closes_on=date(2018, 9, 30),
        ),
        "campaign": campaign,
        "target": WinterDelivery.objects.create(
            campaign=campaign,
            org=t.jianning_union,
            household=household,
            group="archived",
            recipient_name=household.head_name,
            amount=Decimal(0),
        ),
        "phase": phase,
        "enrolment": enrolment,
        "claim": MedicalAidClaim.objects.create(
            enrolment=enrolment,
            claimant_name="李明",
            hospital="建宁县医院",
            out_of_pocket=Decimal(5000),
            payout=Decimal(1200),
            claimed_on=date(2018, 3, 1),
        ),
    }


def _programme_url(name: str, key: str = "", attr: str = "pk") -> Any:
    def build(t: Any) -> str:
        made = _programmes(t)
        return reverse(name, args=[getattr(made[key], attr)]) if key else reverse(name)

    return build


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
    # Nobody of the personas holds the right to export full ID numbers.
    Row(
        "hardship:archive_export_full",
        lambda t: reverse("hardship:archive_export_full"),
        {
            **STAFF_200,
            **dict.fromkeys(("city_officer", "jianning_officer", "taining_officer", "chair"), 403),
        },
    ),
    Row(
        "hardship:archive_export_full",
        lambda t: reverse("hardship:archive_export_full"),
        {
            **STAFF_200,
            **dict.fromkeys(("city_officer", "jianning_officer", "taining_officer", "chair"), 403),
        },
        method="post",
        label="无权限",
        data={"reason": "报送民政"},
    ),
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
    Row(
        "hardship:education_act",
        _programme_url("hardship:education_act"),
        _redirects(STAFF_200),
        method="post",
        label="无效操作也回到列表",
    ),
    Row("hardship:education_pick", _programme_url("hardship:education_pick"), STAFF_200),
    Row(
        "hardship:education_apply",
        _programme_url("hardship:education_apply", "household"),
        JIANNING_RECORD,
    ),
    Row(
        "hardship:winter_campaign",
        _programme_url("hardship:winter_campaign", "campaign"),
        STAFF_200,
    ),
    Row(
        "hardship:winter_add",
        _programme_url("hardship:winter_add", "campaign"),
        _redirects(STAFF_200),
        method="post",
        label="无效输入也回到名单",
    ),
    Row(
        "hardship:winter_deliver",
        _programme_url("hardship:winter_deliver", "target"),
        JIANNING_RECORD,
    ),
    Row(
        "hardship:medical_phase",
        _programme_url("hardship:medical_phase", "phase", "number"),
        STAFF_200,
    ),
    Row(
        "hardship:medical_enrolment",
        _programme_url("hardship:medical_enrolment", "enrolment"),
        JIANNING_RECORD,
    ),
    Row(
        "hardship:medical_pay",
        _programme_url("hardship:medical_pay", "claim"),
        _redirects(JIANNING_RECORD),
        method="post",
        label="未填日期也回到理赔页",
    ),
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
