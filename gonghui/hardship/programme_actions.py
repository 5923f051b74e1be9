"""Writes of the aid programmes: 金秋助学 applications (no double funding), standards."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction

from gonghui.core import audit
from gonghui.hardship.actions import (
    ActionError,
    ConflictError,
    _require_scope,
    today,
)
from gonghui.hardship.models import (
    EducationAidApplication,
    EducationAidRound,
    MinimumLivingStandard,
    Person,
)
from gonghui.hardship.models.household import Relationship, SchoolLevel
from gonghui.orgs.models import Level, Org
from gonghui.orgs.scoping import may_change

Status = EducationAidApplication.Status
# Only children (and grandchildren) of the household are funded (DOMAIN.md, 金秋助学).
CHILD_RELATIONSHIPS = (Relationship.CHILD, Relationship.GRANDCHILD)


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


def may_decide(user: Any, round_: EducationAidRound) -> bool:
    """Staff of the round's org (or above) approve and pay: a city round, city officers."""
    return may_change(user, round_.org)


def _require_round_staff(user: Any, round_: EducationAidRound) -> None:
    if not may_decide(user, round_):
        raise ActionError(
            f"{round_.name}由{round_.org.name}主办，只有该会（或上级）的工作人员可以审批和发放"
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
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if not round_.org.contains(household.org):
        refuse("round", f"{household}不属于{round_.org.name}，不能申报{round_.name}")
    if not household.archived_on or household.archived_on > applied_on:
        refuse("child", "只有已建档困难职工家庭的子女才能申请金秋助学")
    elif household.closed_on and household.closed_on <= applied_on:
        refuse("child", f"{household}已于{household.closed_on}出档，不能再申请金秋助学")
    if child.relationship not in CHILD_RELATIONSHIPS:
        refuse("child", f"{child.name}不是户主的子女（孙子女），金秋助学资助的是困难职工家庭的子女")
    if level not in round_.amounts:
        labels = dict(SchoolLevel.choices)
        offered = "、".join(str(labels.get(key, key)) for key in round_.amounts)
        refuse(
            "level", f"学段“{labels.get(level, level)}”不在{round_.name}的资助范围内（{offered}）"
        )
    if not school.strip():
        refuse("school", "请填写录取学校")
    if applied_on > today():
        refuse("applied_on", f"申请日期{applied_on}晚于今天")
    elif not round_.opens_on <= applied_on <= round_.closes_on:
        refuse("applied_on", f"申请日期须在{round_.opens_on}至{round_.closes_on}之间")
    duplicate = _double_funding(round_, child)
    if duplicate:
        refuse("child", duplicate)
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
        message = _double_funding(round_, child) or "该学生本年度已申报"
        raise ActionError({"child": [message]}) from None
    audit.record(
        "hardship.education_aid_applied",
        actor=user,
        obj=application,
        org=household.org,
        detail={"child": child.id_number_masked, "level": level, "year": round_.year},
    )
    return application


def _decision_problems(application: EducationAidApplication, on: date) -> list[str]:
    problems = []
    if application.status != Status.APPLIED:
        problems.append(f"状态为“{application.get_status_display()}”，只有待审批的申请才能审批")
    if on > today():
        problems.append(f"审批日期{on}晚于今天")
    elif on < application.applied_on:
        problems.append(f"审批日期{on}早于申请日期{application.applied_on}")
    return problems


def _payment_problems(application: EducationAidApplication, on: date) -> list[str]:
    problems = []
    if application.status != Status.APPROVED:
        problems.append(f"状态为“{application.get_status_display()}”，只有已审批的申请才能发放")
    if on > today():
        problems.append(f"发放日期{on}晚于今天")
    elif application.approved_on and on < application.approved_on:
        problems.append(f"发放日期{on}早于审批日期{application.approved_on}")
    return problems


def _move(application: EducationAidApplication, from_status: str, **changes: Any) -> None:
    """Write the change only if the status is still the one validated (else ConflictError):
    of two staff deciding the same application at once, the second is told, not applied."""
    updated = EducationAidApplication.objects.filter(pk=application.pk, status=from_status).update(
        **changes
    )
    if updated == 0:
        raise ConflictError(
            f"{application.child_name}的申请已被其他人处理（您打开页面之后状态已改变），"
            "本次操作未保存。请刷新页面后重新操作。"
        )
    for name, value in changes.items():
        setattr(application, name, value)


def _each(
    applications: Sequence[EducationAidApplication],
    user: Any,
    check: Callable[[EducationAidApplication], list[str]],
) -> None:
    """Validate every application first; one refusal refuses all, naming the child."""
    if not applications:
        raise ActionError("请至少选择一份申请")
    errors = []
    for application in applications:
        _require_round_staff(user, application.round)
        single = len(applications) == 1
        errors.extend(
            problem if single else f"{application.child_name}（{application.school}）：{problem}"
            for problem in check(application)
        )
    if errors:
        raise ActionError(errors)


@transaction.atomic
def decide_education_aids(
    user: Any, applications: Sequence[EducationAidApplication], approve: bool, on: date
) -> list[EducationAidApplication]:
    """Approve (or reject) the applications (审批), all or none."""
    _each(applications, user, lambda a: _decision_problems(a, on))
    status = Status.APPROVED if approve else Status.REJECTED
    for application in applications:
        _move(application, Status.APPLIED, status=status, approved_on=on)
        audit.record(
            "hardship.education_aid_decided",
            actor=user,
            obj=application,
            detail={"approved": approve, "on": on, "batch": len(applications)},
        )
    return list(applications)


def decide_education_aid(
    user: Any, application: EducationAidApplication, approve: bool, on: date
) -> EducationAidApplication:
    """Approve or reject an application (审批)."""
    return decide_education_aids(user, [application], approve, on)[0]


@transaction.atomic
def pay_education_aids(
    user: Any, applications: Sequence[EducationAidApplication], on: date
) -> list[EducationAidApplication]:
    """Record the payment (发放) of approved applications, all or none."""
    _each(applications, user, lambda a: _payment_problems(a, on))
    for application in applications:
        _move(application, Status.APPROVED, status=Status.PAID, paid_on=on)
        audit.record(
            "hardship.education_aid_paid",
            actor=user,
            obj=application,
            detail={"amount": str(application.amount), "on": on, "batch": len(applications)},
        )
    return list(applications)


def pay_education_aid(
    user: Any, application: EducationAidApplication, on: date
) -> EducationAidApplication:
    """Record the payment (发放) of an approved application."""
    return pay_education_aids(user, [application], on)[0]


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
