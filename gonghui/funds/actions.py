"""Named writes of the dues module: set a county's plan, import the tax office's monthly sheet."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gonghui.core import audit, creditcode
from gonghui.core.spreadsheets import CellError, ImportRejected, Table, map_columns, read_table
from gonghui.funds import rules, totals
from gonghui.funds.models import DuesPlan, DuesReceipt
from gonghui.orgs.models import Level, Org
from gonghui.orgs.scoping import require_change, visible_orgs


def set_plan(
    org: Org,
    year: int,
    amount: Decimal,
    *,
    actor: Any = None,
    monthly_curve: list[float] | None = None,
) -> DuesPlan:
    """Create or replace a county's yearly dues plan (年度征缴计划)."""
    require_change(actor, org, "经费征缴计划")
    if org.level != Level.COUNTY:
        raise ValidationError("经费征缴计划只能下达给县（市、区）总工会")
    if amount < 0:
        raise ValidationError("计划金额不能为负数")
    plan = DuesPlan.objects.filter(org=org, year=year).first() or DuesPlan(org=org, year=year)
    plan.amount = amount
    plan.monthly_curve = monthly_curve
    plan.full_clean()
    plan.save()
    audit.record(
        "funds.plan_set",
        actor=actor,
        obj=plan,
        detail={"year": year, "amount": str(amount), "curve": monthly_curve is not None},
    )
    return plan


# The tax office's column names vary a little between its systems: accepted aliases.
RECEIPT_COLUMNS: dict[str, tuple[str, ...]] = {
    "month": ("所属月份", "月份", "费款所属期", "所属期"),
    "county": ("县（市、区）", "县(市、区)", "县区", "所属县区", "县（市、区）工会"),
    "employer_name": ("缴费单位名称", "缴费单位", "单位名称", "纳税人名称"),
    "credit_code": ("统一社会信用代码", "社会信用代码", "纳税人识别号"),
    "payroll": ("工资总额", "计费工资总额", "计征依据"),
    "amount": ("缴费金额", "实缴金额", "经费金额"),
}
_MONTH = re.compile(r"^\s*(\d{4})\s*[-/.年]?\s*(\d{1,2})(?:\s*月)?(?:[-/.]\d{1,2}.*)?\s*$")


def parse_month(raw: str) -> date | None:
    """'2018-06', '2018/6', '201806', '2018年6月' or a date → the month's first day; else None."""
    match = _MONTH.match(raw)
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12 or year < 1950:
        return None
    return date(year, month, 1)


def parse_money(raw: str) -> Decimal | None:
    """'12,345.60' or '12345.6' → Decimal; None when it is not a number."""
    try:
        value = Decimal(raw.replace(",", "").replace("，", "").replace("¥", "").strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


@dataclass(frozen=True)
class ImportResult:
    """What an accepted sheet added."""

    rows: int
    total: Decimal
    months: list[date]


def _county_names(user: Any) -> dict[str, Org]:
    """Every way a sheet may name a county the user may import for: 建宁, 建宁县, 350430…"""
    names: dict[str, Org] = {}
    for county in visible_orgs(user).filter(level=Level.COUNTY):
        for name in (county.short_name, county.name, county.name.removesuffix("总工会")):
            if name:
                names[name] = county
        if county.admin_code:
            names[county.admin_code] = county
    return names


def import_receipts(
    source: Any, filename: str, *, actor: Any, today: date | None = None
) -> ImportResult:
    """Import the tax office's monthly receipt sheet, all or nothing.

    Every row is checked (credit code, amounts not negative, amount = 2% of the payroll,
    a county the user may import for, a month not in the future, not imported before); any
    error rejects the whole sheet with every bad cell named (ImportRejected).
    """
    today = today or timezone.localdate()
    table = read_table(source, filename)
    return _import_table(table, actor=actor, today=today)


def _import_table(table: Table, *, actor: Any, today: date) -> ImportResult:
    columns = map_columns(table.headers, RECEIPT_COLUMNS, set(RECEIPT_COLUMNS), table.filename)
    counties = _county_names(actor)
    errors: list[CellError] = []
    parsed: list[tuple[int, DuesReceipt]] = []
    seen: dict[tuple[int, date, str], int] = {}

    for number, values in table.rows:
        row_errors: list[CellError] = []

        def bad(field: str, message: str, *, _n: int = number, _e: list = row_errors) -> None:
            _e.append(CellError(_n, columns[field], field, message))

        month = parse_month(values.get(columns["month"], ""))
        if month is None:
            bad("month", "月份格式不正确，应为 2018-06 这样的形式")
        elif month > rules.month_start(today):
            bad("month", f"所属月份{month:%Y-%m}尚未到来")
        county_name = values.get(columns["county"], "")
        county = counties.get(county_name.replace(" ", ""))
        if county is None:
            bad("county", f"未知的县（市、区）“{county_name}”，或不在您的管辖范围内")
        employer = values.get(columns["employer_name"], "")
        if not employer:
            bad("employer_name", "缴费单位名称不能为空")
        try:
            code = creditcode.validate(values.get(columns["credit_code"], ""))
        except creditcode.CreditCodeError as exc:
            code = ""
            bad("credit_code", exc.message)
        payroll = parse_money(values.get(columns["payroll"], ""))
        amount = parse_money(values.get(columns["amount"], ""))
        if payroll is None:
            bad("payroll", "工资总额不是数字")
        elif payroll < 0:
            bad("payroll", "工资总额不能为负数")
        if amount is None:
            bad("amount", "缴费金额不是数字")
        elif amount < 0:
            bad("amount", "缴费金额不能为负数")
        elif payroll is not None and payroll >= 0 and not rules.amount_matches(payroll, amount):
            bad(
                "amount",
                f"缴费金额{amount}元与工资总额的2%（{rules.dues_for(payroll)}元）不符",
            )
        if county is not None and month is not None and code:
            key = (county.pk, month, code)
            if key in seen:
                bad("credit_code", f"与第{seen[key]}行重复（同一单位同一月份）")
            else:
                seen[key] = number
        errors.extend(row_errors)
        if not row_errors:
            assert county is not None and month is not None
            assert payroll is not None and amount is not None
            receipt = DuesReceipt(
                org=county,
                county_id=county.pk,
                month=month,
                employer_name=employer[:120],
                credit_code=code,
                payroll=payroll,
                amount=amount,
            )
            parsed.append((number, receipt))

    errors.extend(_already_imported(parsed, columns))
    if errors:
        errors.sort(key=lambda e: (e.row, e.column))
        raise ImportRejected(errors, table.filename)
    _attach_unions([r for _, r in parsed])
    receipts = [r for _, r in parsed]
    with transaction.atomic():
        DuesReceipt.objects.bulk_create(receipts, batch_size=2000)
        totals.refresh({(r.county_id, r.month) for r in receipts})
        total = sum((r.amount for r in receipts), Decimal(0))
        months = sorted({r.month for r in receipts})
        audit.record(
            "funds.receipts_imported",
            actor=actor,
            detail={
                "file": table.filename,
                "rows": len(receipts),
                "total": str(total),
                "months": [m.strftime("%Y-%m") for m in months],
            },
        )
    return ImportResult(len(receipts), total, months)


def _already_imported(
    parsed: list[tuple[int, DuesReceipt]], columns: dict[str, str]
) -> list[CellError]:
    """Rows whose employer and month are in the database already (one query)."""
    if not parsed:
        return []
    existing = set(
        DuesReceipt.objects.filter(
            credit_code__in={r.credit_code for _, r in parsed},
            month__in={r.month for _, r in parsed},
        ).values_list("county_id", "month", "credit_code")
    )
    return [
        CellError(number, columns["credit_code"], "credit_code", "该单位该月份的经费已导入过")
        for number, r in parsed
        if (r.county_id, r.month, r.credit_code) in existing
    ]


def _attach_unions(receipts: list[DuesReceipt]) -> None:
    """Credit each receipt to the employer's own union where it has one in that county;
    an employer with no union pays a preparatory fund (筹备金) to the county union."""
    unions = {
        o.credit_code: o
        for o in Org.objects.filter(
            credit_code__in={r.credit_code for r in receipts}, level=Level.GRASSROOTS
        )
    }
    counties = {r.county_id: r.org for r in receipts}
    for receipt in receipts:
        union = unions.get(receipt.credit_code)
        county = counties[receipt.county_id]
        if union is not None and union.path.startswith(county.path):
            receipt.org = union
            receipt.preparatory = False
        else:
            receipt.preparatory = True
