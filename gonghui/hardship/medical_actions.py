"""Writes of workers' mutual medical aid (职工医疗互助): enrol a union, record a claim, pay it.

The money is never typed: premiums are members × the phase's premium per person, and a
claim's payout follows `medical_rules.payout` from the out-of-pocket cost.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction

from gonghui.core import audit
from gonghui.hardship import medical_rules
from gonghui.hardship.actions import ActionError, ConflictError, today
from gonghui.hardship.models import MedicalAidClaim, MedicalAidEnrolment, MedicalAidPhase
from gonghui.orgs.models import Org
from gonghui.orgs.scoping import may_change


def _require_scope(user: Any, org: Org) -> None:
    if not may_change(user, org):
        raise ActionError(f"您无权办理“{org.name}”的职工医疗互助")


def _enrolled(phase: MedicalAidPhase, org: Org) -> str:
    other = MedicalAidEnrolment.objects.filter(phase=phase, org=org).first()
    if other is None:
        return ""
    return (
        f"{org.name}已于{other.enrolled_on}参加{phase.name}（{other.members}人），"
        "每个工会每期只参保一次"
    )


@transaction.atomic
def enrol(
    user: Any, phase: MedicalAidPhase, org: Org, *, members: int, enrolled_on: date
) -> MedicalAidEnrolment:
    """Enrol a union's members in a phase; the premiums are computed, never typed."""
    _require_scope(user, org)
    errors: dict[str, list[str]] = {}
    if members is None or members < 1:
        errors["members"] = ["参保人数至少为1人"]
    if enrolled_on > today():
        errors["enrolled_on"] = [f"参保日期{enrolled_on}晚于今天"]
    elif enrolled_on > phase.ends_on:
        errors["enrolled_on"] = [f"{phase.name}已于{phase.ends_on}结束，不能再参保"]
    enrolled = _enrolled(phase, org)
    if enrolled:
        errors["org"] = [enrolled]
    if errors:
        raise ActionError(errors)
    try:
        with transaction.atomic():
            enrolment = MedicalAidEnrolment.objects.create(
                phase=phase,
                org=org,
                members=members,
                premiums=medical_rules.premiums(members, phase.premium_per_person),
                enrolled_on=enrolled_on,
            )
    except IntegrityError:  # enrolled by someone else in the meantime
        raise ActionError({"org": [_enrolled(phase, org)]}) from None
    audit.record(
        "hardship.medical_enrolled",
        actor=user,
        obj=enrolment,
        detail={"phase": phase.number, "members": members, "premiums": str(enrolment.premiums)},
    )
    return enrolment


@transaction.atomic
def record_claim(
    user: Any,
    enrolment: MedicalAidEnrolment,
    *,
    claimant_name: str,
    hospital: str,
    out_of_pocket: Decimal,
    claimed_on: date,
    rule: medical_rules.PayoutRule = medical_rules.DEFAULT_RULE,
) -> MedicalAidClaim:
    """A member's claim (理赔申请) with its payout computed by the rule."""
    _require_scope(user, enrolment.org)
    phase = enrolment.phase
    errors: dict[str, list[str]] = {}
    if not claimant_name.strip():
        errors["claimant_name"] = ["请填写申请人姓名"]
    if not hospital.strip():
        errors["hospital"] = ["请填写就诊医院"]
    if out_of_pocket is None or out_of_pocket <= 0:
        errors["out_of_pocket"] = ["个人自付金额须大于0元"]
    elif medical_rules.payout(out_of_pocket, rule) <= 0:
        errors["out_of_pocket"] = [
            f"个人自付{out_of_pocket}元未超过起付线{rule.deductible}元，不予补助"
        ]
    if claimed_on > today():
        errors["claimed_on"] = [f"申请日期{claimed_on}晚于今天"]
    elif not phase.starts_on <= claimed_on <= phase.ends_on:
        errors["claimed_on"] = [
            f"申请日期须在{phase.name}保障期内（{phase.starts_on}至{phase.ends_on}）"
        ]
    if errors:
        raise ActionError(errors)
    claim = MedicalAidClaim.objects.create(
        enrolment=enrolment,
        claimant_name=claimant_name.strip(),
        hospital=hospital.strip(),
        out_of_pocket=out_of_pocket,
        payout=medical_rules.payout(out_of_pocket, rule),
        claimed_on=claimed_on,
    )
    audit.record(
        "hardship.medical_claimed",
        actor=user,
        obj=claim,
        org=enrolment.org,
        detail={"out_of_pocket": str(out_of_pocket), "payout": str(claim.payout)},
    )
    return claim


@transaction.atomic
def pay_claim(user: Any, claim: MedicalAidClaim, paid_on: date) -> MedicalAidClaim:
    """Record the payment (支付) of a claim's computed payout; once only."""
    _require_scope(user, claim.enrolment.org)
    if claim.paid_on:
        raise ActionError({"paid_on": [f"{claim.claimant_name}的补助已于{claim.paid_on}支付"]})
    if paid_on > today():
        raise ActionError({"paid_on": [f"支付日期{paid_on}晚于今天"]})
    if paid_on < claim.claimed_on:
        raise ActionError({"paid_on": [f"支付日期{paid_on}早于申请日期{claim.claimed_on}"]})
    updated = MedicalAidClaim.objects.filter(pk=claim.pk, paid_on__isnull=True).update(
        paid_on=paid_on
    )
    if updated == 0:
        raise ConflictError(
            f"{claim.claimant_name}的补助已由其他人登记支付，本次未保存。请刷新页面核对。"
        )
    claim.paid_on = paid_on
    audit.record(
        "hardship.medical_claim_paid",
        actor=user,
        obj=claim,
        org=claim.enrolment.org,
        detail={"payout": str(claim.payout), "on": paid_on},
    )
    return claim
