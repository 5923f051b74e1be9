"""Writes of the aid programmes: 金秋助学 applications (no double funding), standards."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction

from gonghui.core import audit
from gonghui.hardship.actions import ActionError, _require_scope, today
from gonghui.hardship.models import (
    EducationAidApplication,
    EducationAidRound,
    MinimumLivingStandard,
    Person,
)
from gonghui.orgs.models import Level, Org

Status = EducationAidApplication.Status


def _double_funding(round_: EducationAidRound, child: Person) -> str:
    other = (
        EducationAidApplication.objects.filter(
            year=round_.year, child_id_index=child.id_number_index
        )
        .exclude(status=Status.REJECTED)
        .select_related("org")
        .first()
    )
    if other is None:
        return ""
    return (
        f"{child.name}（身份证号{child.id_number_masked}）{round_.year}年已由{other.org.name}"
        "申报金秋助学，同一学生一年内不能重复资助"
    )


@transaction.atomic
def apply_education_aid(
    user: Any,
    round_: EducationAidRound,
    child: Person,
    *,
    school: str,
    level: str,
    applied_on: date,
) -> EducationAidApplication:
    """A child's application in a 金秋助学 round; refused when already funded that year."""
    household = child.household
    _require_scope(user, household.org)
    errors = []
    if not household.archived_on or household.archived_on > applied_on:
        errors.append("只有已建档困难职工家庭的子女才能申请金秋助学")
    if level not in round_.amounts:
        errors.append("该学段不在本年度资助范围内（高中、中职、大专、本科）")
    if not school.strip():
        errors.append("请填写录取学校")
    if applied_on > today() or not round_.opens_on <= applied_on <= round_.closes_on:
        errors.append(f"申请日期须在{round_.opens_on}至{round_.closes_on}之间")
    duplicate = _double_funding(round_, child)
    if duplicate:
        errors.append(duplicate)
    if errors:
        raise ActionError(errors)
    try:
        with transaction.atomic():
            application = EducationAidApplication.objects.create(
                round=round_,
                year=round_.year,
                org=household.org,
                household=household,
                child=child,
                child_name=child.name,
                child_id_index=child.id_number_index,
                child_id_masked=child.id_number_masked,
                school=school.strip(),
                level=level,
                amount=round_.amount_for(level),
                status=Status.APPLIED,
                applied_on=applied_on,
            )
    except IntegrityError:
        raise ActionError(_double_funding(round_, child) or "该学生本年度已申报") from None
    audit.record(
        "hardship.education_aid_applied",
        actor=user,
        obj=application,
        org=household.org,
        detail={"child": child.id_number_masked, "level": level, "year": round_.year},
    )
    return application


@transaction.atomic
def decide_education_aid(
    user: Any, application: EducationAidApplication, approve: bool, on: date
) -> EducationAidApplication:
    """Approve or reject an application (审批)."""
    _require_scope(user, application.round.org)
    if application.status != Status.APPLIED:
        raise ActionError("只有待审批的申请才能审批")
    application.status = Status.APPROVED if approve else Status.REJECTED
    application.approved_on = on
    application.save(update_fields=["status", "approved_on"])
    audit.record(
        "hardship.education_aid_decided",
        actor=user,
        obj=application,
        detail={"approved": approve, "on": on},
    )
    return application


@transaction.atomic
def pay_education_aid(
    user: Any, application: EducationAidApplication, on: date
) -> EducationAidApplication:
    """Record the payment (发放) of an approved application."""
    _require_scope(user, application.round.org)
    if application.status != Status.APPROVED:
        raise ActionError("只有已审批的申请才能发放")
    if application.approved_on and on < application.approved_on:
        raise ActionError("发放日期不能早于审批日期")
    application.status = Status.PAID
    application.paid_on = on
    application.save(update_fields=["status", "paid_on"])
    audit.record(
        "hardship.education_aid_paid",
        actor=user,
        obj=application,
        detail={"amount": str(application.amount), "on": on},
    )
    return application


def may_set_standards(user: Any) -> bool:
    """The 低保 standards are the city's data: city-level staff (and superusers) set them."""
    if user.is_superuser:
        return True
    org = getattr(user, "org", None)
    return bool(user.sees_subtree and org is not None and org.level == Level.CITY)


@transaction.atomic
def set_minimum_living_standard(
    user: Any, county: Org, year: int, amount: Decimal
) -> MinimumLivingStandard:
    """Set a county's monthly 低保标准 for a year (the city keeps this table)."""
    if not may_set_standards(user):
        raise ActionError("只有市总工会工作人员可以维护低保标准")
    _require_scope(user, county)
    if county.level != Level.COUNTY:
        raise ActionError("低保标准按县（市、区）设置")
    if amount <= 0:
        raise ActionError("低保标准必须大于0")
    if not 2000 <= year <= today().year + 1:
        raise ActionError("年度无效")
    standard, created = MinimumLivingStandard.objects.update_or_create(
        org=county, year=year, defaults={"monthly_amount": amount}
    )
    audit.record(
        "hardship.standard_set",
        actor=user,
        obj=standard,
        org=county,
        detail={"year": year, "amount": str(amount), "created": created},
    )
    return standard
