"""Writes that matter in hardship assistance: each validates, writes, audits and returns.

Views, imports and the API call these; they never repeat them. Edits of a household carry the
`version` the user saw, so that of two concurrent edits the second is refused, not lost.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from gonghui.core import audit, idnumbers
from gonghui.core.crypto import blind_index, encrypt
from gonghui.hardship import rules
from gonghui.hardship.models import (
    ArchiveLevel,
    Assistance,
    AssistanceKind,
    Cause,
    CloseKind,
    FundingSource,
    Household,
    MinimumLivingStandard,
    Person,
    Programme,
    RemovalReason,
    Review,
    ReviewDecision,
    RigidExpense,
)
from gonghui.hardship.models.household import CategoryChoice, Relationship
from gonghui.orgs.models import Level, Org
from gonghui.orgs.scoping import may_change


class ActionError(ValidationError):
    """The act was refused; the message (Chinese) says why."""


class ConflictError(ActionError):
    """Someone else changed the household since the form was opened."""


CONFLICT_MESSAGE = (
    "该家庭档案已被其他人修改（您打开页面之后有人保存了新的内容），"
    "为避免覆盖对方的修改，本次操作未保存。请刷新页面，核对最新内容后重新操作。"
)


@dataclass
class MemberInput:
    """One member as typed on the survey form or read from a sheet."""

    name: str
    id_number: str
    relationship: str = Relationship.SELF
    monthly_income: Decimal = Decimal(0)
    health: str = "healthy"
    disability: str = ""
    employment: str = "employed"
    school: str = ""
    school_level: str = ""


@dataclass
class SurveyInput:
    """What a survey (调查摸底) records about a household."""

    org: Org
    surveyed_on: date
    members: list[MemberInput]
    address: str = ""
    employer: str = ""
    phone: str = ""
    migrant_worker: bool = False
    level: str = ArchiveLevel.COUNTY
    causes: list[str] = field(default_factory=list)
    other_yearly_income: Decimal = Decimal(0)
    expenses: list[tuple[str, Decimal, str]] = field(default_factory=list)
    accident_losses: Decimal = Decimal(0)
    category_override: str = ""
    override_reason: str = ""
    file_number: str = ""
    # A draft (网上申请转入): the head only, incomes not yet surveyed, so no category is
    # computed and the household cannot be archived until a full survey completes it.
    draft: bool = False


def today() -> date:
    return timezone.localdate()


def _require_scope(user: Any, org: Org) -> None:
    if not may_change(user, org):
        raise ActionError(f"您无权办理“{org.name}”的困难职工档案")


def county_of(org: Org) -> Org:
    """The county-level union above (or at) the org."""
    if org.level == Level.COUNTY:
        return org
    ids = [int(p) for p in org.path.strip("/").split("/") if p]
    county = Org.objects.filter(pk__in=ids, level=Level.COUNTY).first()
    if county is None:
        raise ActionError(f"“{org.name}”不属于任何县（市、区）总工会，无法建档")
    return county


def standard_for(county: Org, year: int) -> Decimal:
    """The county's monthly 低保标准 for the year, or a clear error when the city has not set it."""
    found = MinimumLivingStandard.for_county(county, year)
    if found is None:
        raise ActionError(f"尚未设置{county.name}{year}年的最低生活保障标准，请市总工会先录入")
    return found.monthly_amount


def _money(value: Any, label: str, errors: list[str]) -> Decimal:
    try:
        amount = Decimal(str(value if value not in (None, "") else 0))
    except ArithmeticError:
        errors.append(f"{label}不是有效的金额")
        return Decimal(0)
    if amount < 0:
        errors.append(f"{label}不能为负数")
    return amount


def _check_date(day: date | None, label: str, errors: list[str]) -> None:
    if day is None:
        errors.append(f"请填写{label}")
    elif day > today():
        errors.append(f"{label}{day.isoformat()}晚于今天")


def _choose_category(
    suggested: rules.Category, override: str, reason: str, errors: list[str]
) -> tuple[str, str]:
    if override and override != suggested.value:
        if override not in CategoryChoice.values:
            errors.append("困难类别无效")
        if not reason.strip():
            errors.append(f"测算类别为“{suggested.label}”，改为其他类别须填写理由")
        return override, reason.strip()
    return suggested.value, ""


def _bump(household: Household, expected_version: int | None, **changes: Any) -> None:
    """Save the changes only if nobody saved since `expected_version`; else ConflictError."""
    version = household.version if expected_version is None else expected_version
    updated = Household.objects.filter(pk=household.pk, version=version).update(
        **changes, version=F("version") + 1, updated_at=timezone.now()
    )
    if updated == 0:
        raise ConflictError(CONFLICT_MESSAGE)
    household.refresh_from_db()


def _validate_members(
    members: Sequence[MemberInput], errors: list[str]
) -> list[tuple[MemberInput, str]]:
    """Each member with its canonical ID number; problems appended to `errors`."""
    if not members:
        errors.append("家庭成员至少要有户主一人")
    heads = [m for m in members if m.relationship == Relationship.SELF]
    if members and len(heads) != 1:
        errors.append("家庭成员中须有且只有一位户主（与户主关系为“本人”）")
    seen: set[str] = set()
    valid: list[tuple[MemberInput, str]] = []
    for number, member in enumerate(members, start=1):
        who = member.name.strip() or f"第{number}位成员"
        if not member.name.strip():
            errors.append(f"第{number}位成员未填写姓名")
        try:
            canonical = idnumbers.validate(member.id_number)
        except idnumbers.IdNumberError as exc:
            errors.append(f"{who}：{exc.message}")
            continue
        if canonical in seen:
            errors.append(f"{who}：身份证号{idnumbers.mask(canonical)}在本户中重复")
        seen.add(canonical)
        _money(member.monthly_income, f"{who}的月收入", errors)
        valid.append((member, canonical))
    return valid


@transaction.atomic
def survey_household(user: Any, data: SurveyInput, request: HttpRequest | None = None) -> Household:
    """Record a surveyed household (调查摸底) with its members, incomes and suggested category."""
    _require_scope(user, data.org)
    errors: list[str] = []
    county = county_of(data.org)
    _check_date(data.surveyed_on, "调查日期", errors)
    valid = _validate_members(data.members, errors)
    other = _money(data.other_yearly_income, "其他家庭年收入", errors)
    losses = _money(data.accident_losses, "意外损失", errors)
    expenses = [(k, _money(a, "刚性支出", errors), n) for k, a, n in data.expenses if a]
    if data.level not in ArchiveLevel.values:
        errors.append("档案级别无效")
    bad_causes = [c for c in data.causes if c not in Cause.values]
    if bad_causes:
        errors.append("致困原因无效：" + "、".join(bad_causes))
    if errors:
        raise ActionError(errors)
    yearly = sum((Decimal(m.monthly_income or 0) * 12 for m in data.members), Decimal(0)) + other
    rigid = sum((a for _, a, _ in expenses), Decimal(0))
    standard: Decimal | None = None
    per_capita, suggested, category, reason = Decimal(0), "", "", ""
    if not data.draft:
        standard = standard_for(county, data.surveyed_on.year)
        assessment = rules.assess(yearly, rigid, len(data.members), standard, losses)
        per_capita, suggested = assessment.per_capita, assessment.category.value
        category, reason = _choose_category(
            assessment.category, data.category_override, data.override_reason, errors
        )
    if errors:
        raise ActionError(errors)
    head, head_id = next((m, c) for m, c in valid if m.relationship == Relationship.SELF)
    fields = {
        "org": data.org,
        "county": county,
        "file_number": data.file_number,
        "head_name": head.name.strip(),
        "head_id_masked": idnumbers.mask(head_id),
        "employer": data.employer,
        "migrant_worker": data.migrant_worker,
        "address": data.address,
        "phone": data.phone,
        "level": data.level,
        "causes": list(data.causes),
        "member_count": len(data.members),
        "other_yearly_income": other,
        "yearly_income": yearly,
        "rigid_expenses": rigid,
        "accident_losses": losses,
        "per_capita_income": per_capita,
        "standard_amount": standard,
        "suggested_category": suggested,
        "category": category,
        "category_override_reason": reason,
        "surveyed_on": data.surveyed_on,
    }
    # A full survey of the head of an unfinished draft in the county completes that draft in
    # place, so what pointed at the draft (the worker's online request) follows the household.
    draft = (
        None
        if data.draft
        else Household.objects.select_for_update(of=("self",))
        .filter(
            county=county,
            archived_on__isnull=True,
            category="",
            members__relationship=Relationship.SELF,
            members__id_number_index=blind_index(head_id, purpose="id"),
        )
        .first()
    )
    if draft is None:
        household = Household.objects.create(**fields)
    else:
        household = draft
        Person.objects.filter(household=household).delete()
        RigidExpense.objects.filter(household=household).delete()
        _bump(household, None, **fields)
    Person.objects.bulk_create([person_from(household, m, c) for m, c in valid], batch_size=500)
    RigidExpense.objects.bulk_create(
        [RigidExpense(household=household, kind=k, yearly_amount=a, note=n) for k, a, n in expenses]
    )
    audit.record(
        "hardship.household_surveyed",
        actor=user,
        obj=household,
        request=request,
        detail={
            "head": household.head_id_masked,
            "members": household.member_count,
            "per_capita": str(per_capita),
            "suggested": suggested,
            "category": category,
            "draft": data.draft,
            "completed_draft": draft is not None,
        },
    )
    return household


def person_from(
    household: Household, member: MemberInput, canonical: str, index: str = ""
) -> Person:
    """An unsaved Person with its encrypted ID number; birth date and sex read from the number.

    `canonical` must be validated already; `index` is its blind index when the caller has it.
    """
    # `canonical` is already validated: read birth date and sex straight from it (imports
    # make tens of thousands of these, and each validation costs).
    person = Person(
        household=household,
        relationship=member.relationship,
        name=member.name.strip(),
        birth_date=date(int(canonical[6:10]), int(canonical[10:12]), int(canonical[12:14])),
        sex="M" if int(canonical[16]) % 2 else "F",
        health=member.health or "healthy",
        disability=member.disability or "",
        employment=member.employment or "employed",
        school=member.school,
        school_level=member.school_level or "",
        monthly_income=Decimal(member.monthly_income or 0),
    )
    # Not set_id_number(): it would validate the number a second time.
    person.id_number_cipher = encrypt(canonical)
    person.id_number_index = index or blind_index(canonical, purpose="id")
    person.id_number_masked = idnumbers.mask(canonical)
    return person


def archive_conflicts(household: Household, indexes: Sequence[str]) -> list[str]:
    """Messages for members already in another open archive anywhere in the system."""
    others = (
        Person.objects.filter(archive_lock__in=list(indexes))
        .exclude(household=household)
        .select_related("household__county")
    )
    ours = {p.id_number_index: p for p in household.members.all()}
    messages = []
    for other in others:
        mine = ours.get(other.id_number_index)
        name = mine.name if mine else ""
        messages.append(
            f"{name}（身份证号{other.id_number_masked}）已在{other.household.county.name}"
            "的困难职工档案中，同一人只能在一个档案中，不能重复建档"
        )
    return messages


@transaction.atomic
def archive_household(
    user: Any,
    household: Household,
    archived_on: date,
    *,
    level: str | None = None,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Household:
    """Archive (建档) a surveyed household, refusing anyone already in another open archive."""
    _require_scope(user, household.org)
    errors: list[str] = []
    if household.closed_on:
        errors.append("该家庭已出档，不能再次建档；如情况变化请重新调查")
    elif household.archived_on:
        errors.append(f"该家庭已于{household.archived_on.isoformat()}建档")
    _check_date(archived_on, "建档日期", errors)
    if archived_on and archived_on < household.surveyed_on:
        errors.append("建档日期不能早于调查日期")
    if not household.category:
        errors.append("该家庭的入户调查尚未完成（收入未填写、未测算困难类别），请先填写调查摸底表")
    elif household.category == rules.Category.NONE:
        errors.append("测算结果不符合建档条件，如确需建档请先调整困难类别并填写理由")
    if level and level not in ArchiveLevel.values:
        errors.append("档案级别无效")
    if errors:
        raise ActionError(errors)
    members = list(household.members.all())
    conflicts = archive_conflicts(household, [p.id_number_index for p in members])
    if conflicts:
        raise ActionError(conflicts)
    _bump(
        household,
        expected_version,
        archived_on=archived_on,
        level=level or household.level,
    )
    try:
        with transaction.atomic():
            for person in members:
                Person.objects.filter(pk=person.pk).update(archive_lock=person.id_number_index)
    except IntegrityError:
        # Someone archived the same person between our check and our write.
        raise ActionError(
            archive_conflicts(household, [p.id_number_index for p in members])
            or ["家庭成员已在其他困难职工档案中，不能重复建档"]
        ) from None
    audit.record(
        "hardship.household_archived",
        actor=user,
        obj=household,
        request=request,
        detail={
            "archived_on": archived_on,
            "level": household.level,
            "category": household.category,
        },
    )
    return household


@dataclass
class ReviewInput:
    """A yearly review: the new incomes (by member id) and the decision."""

    reviewed_on: date
    member_incomes: dict[int, Decimal]
    decision: str = ReviewDecision.KEEP
    other_yearly_income: Decimal = Decimal(0)
    rigid_expenses: Decimal = Decimal(0)
    accident_losses: Decimal = Decimal(0)
    category_override: str = ""
    override_reason: str = ""
    removal_reason: str = ""
    note: str = ""


@transaction.atomic
def review_household(
    user: Any,
    household: Household,
    data: ReviewInput,
    *,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Review:
    """Record the yearly review (年审): new incomes, recomputed category, and the decision."""
    _require_scope(user, household.org)
    errors: list[str] = []
    if not household.is_open:
        errors.append("只有在档家庭才能年审")
    _check_date(data.reviewed_on, "年审日期", errors)
    if household.archived_on and data.reviewed_on and data.reviewed_on < household.archived_on:
        errors.append("年审日期不能早于建档日期")
    if (
        household.last_reviewed_on
        and data.reviewed_on
        and data.reviewed_on < household.last_reviewed_on
    ):
        errors.append(f"年审日期不能早于上次年审（{household.last_reviewed_on.isoformat()}）")
    if data.decision not in ReviewDecision.values:
        errors.append("年审结论无效")
    if data.decision == ReviewDecision.REMOVE and data.removal_reason not in RemovalReason.values:
        errors.append("退档须选择退档原因")
    members = {p.pk: p for p in household.members.all()}
    incomes = {
        pk: _money(v, f"{members[pk].name}的月收入", errors)
        for pk, v in data.member_incomes.items()
        if pk in members
    }
    other = _money(data.other_yearly_income, "其他家庭年收入", errors)
    rigid = _money(data.rigid_expenses, "年刚性支出", errors)
    losses = _money(data.accident_losses, "意外损失", errors)
    if errors:
        raise ActionError(errors)
    standard = standard_for(household.county, data.reviewed_on.year)
    monthly = [incomes.get(pk, p.monthly_income) for pk, p in members.items()]
    yearly = sum((m * 12 for m in monthly), Decimal(0)) + other
    assessment = rules.assess(yearly, rigid, max(len(members), 1), standard, losses)
    category, reason = _choose_category(
        assessment.category, data.category_override, data.override_reason, errors
    )
    if (
        data.decision in (ReviewDecision.KEEP, ReviewDecision.RECATEGORIZE)
        and category == rules.Category.NONE
    ):
        errors.append("年审测算已不符合建档条件，请选择“解困脱困”或“退档”，或调整类别并填写理由")
    if errors:
        raise ActionError(errors)
    for pk, amount in incomes.items():
        Person.objects.filter(pk=pk).update(monthly_income=amount)
    _bump(
        household,
        expected_version,
        last_reviewed_on=data.reviewed_on,
        other_yearly_income=other,
        yearly_income=yearly,
        rigid_expenses=rigid,
        accident_losses=losses,
        per_capita_income=assessment.per_capita,
        standard_amount=standard,
        suggested_category=assessment.category.value,
        category=category,
        category_override_reason=reason,
    )
    review = Review.objects.create(
        household=household,
        reviewed_on=data.reviewed_on,
        yearly_income=yearly,
        rigid_expenses=rigid,
        member_count=len(members),
        per_capita_income=assessment.per_capita,
        category=category,
        decision=data.decision,
        note=data.note[:200],
        reviewed_by=user if getattr(user, "pk", None) else None,
    )
    audit.record(
        "hardship.household_reviewed",
        actor=user,
        obj=household,
        request=request,
        detail={"reviewed_on": data.reviewed_on, "category": category, "decision": data.decision},
    )
    if data.decision == ReviewDecision.LIFT:
        _close(user, household, CloseKind.LIFTED, data.reviewed_on, "", data.note, None, request)
    elif data.decision == ReviewDecision.REMOVE:
        _close(
            user,
            household,
            CloseKind.REMOVED,
            data.reviewed_on,
            data.removal_reason,
            data.note,
            None,
            request,
        )
    return review


def _close(
    user: Any,
    household: Household,
    kind: str,
    closed_on: date,
    reason: str,
    note: str,
    expected_version: int | None,
    request: HttpRequest | None,
) -> Household:
    errors: list[str] = []
    if not household.is_open:
        errors.append("只有在档家庭才能解困脱困或退档")
    _check_date(closed_on, "出档日期", errors)
    if household.archived_on and closed_on and closed_on < household.archived_on:
        errors.append("出档日期不能早于建档日期")
    if kind == CloseKind.REMOVED and reason not in RemovalReason.values:
        errors.append("请选择退档原因")
    if errors:
        raise ActionError(errors)
    _bump(
        household,
        expected_version,
        closed_on=closed_on,
        close_kind=kind,
        removal_reason=reason if kind == CloseKind.REMOVED else "",
        close_note=(note or "")[:200],
    )
    # The files stay (closed, not deleted); only the "one open archive" lock is released.
    Person.objects.filter(household=household).update(archive_lock=None)
    audit.record(
        f"hardship.household_{kind}",
        actor=user,
        obj=household,
        request=request,
        detail={"closed_on": closed_on, "reason": reason, "note": (note or "")[:200]},
    )
    return household


@transaction.atomic
def lift_household(
    user: Any,
    household: Household,
    closed_on: date,
    note: str = "",
    *,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Household:
    """Close the archive because the household is out of hardship (解困脱困)."""
    _require_scope(user, household.org)
    return _close(user, household, CloseKind.LIFTED, closed_on, "", note, expected_version, request)


@transaction.atomic
def remove_household(
    user: Any,
    household: Household,
    closed_on: date,
    reason: str,
    note: str = "",
    *,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Household:
    """Remove the household from the archive (退档) for a reason: ineligible, moved, deceased…"""
    _require_scope(user, household.org)
    return _close(
        user, household, CloseKind.REMOVED, closed_on, reason, note, expected_version, request
    )


@transaction.atomic
def record_assistance(
    user: Any,
    household: Household,
    *,
    kind: str,
    amount: Decimal,
    given_on: date,
    funding_source: str = FundingSource.COUNTY,
    programme: str = Programme.NONE,
    note: str = "",
    request: HttpRequest | None = None,
) -> Assistance:
    """Record an assistance given to an archived household (帮扶)."""
    _require_scope(user, household.org)
    errors: list[str] = []
    if kind not in AssistanceKind.values:
        errors.append("帮扶类别无效")
    if funding_source not in FundingSource.values:
        errors.append("资金来源无效")
    if programme not in Programme.values:
        errors.append("所属项目无效")
    value = _money(amount, "帮扶金额", errors)
    if value == 0:
        errors.append("帮扶金额须大于0")
    _check_date(given_on, "帮扶日期", errors)
    if household.archived_on is None:
        errors.append("该家庭尚未建档，不能登记帮扶")
    elif given_on and given_on < household.archived_on:
        errors.append("帮扶日期不能早于建档日期")
    if household.closed_on and given_on and given_on > household.closed_on:
        errors.append("该家庭已出档，出档后的帮扶不能登记在档案中")
    if errors:
        raise ActionError(errors)
    assistance = Assistance.objects.create(
        household=household,
        kind=kind,
        amount=value,
        given_on=given_on,
        funding_source=funding_source,
        programme=programme,
        note=note[:200],
        given_by=user if getattr(user, "pk", None) else None,
    )
    audit.record(
        "hardship.assistance_recorded",
        actor=user,
        obj=household,
        request=request,
        detail={"kind": kind, "amount": str(value), "given_on": given_on, "programme": programme},
    )
    return assistance
