"""Named writes of the dues module: set a county's plan, import the tax office's monthly sheet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gonghui.core import audit, cells
from gonghui.core.spreadsheets import CellError, read_table
from gonghui.funds import rules, totals
from gonghui.funds.models import DuesPlan, DuesReceipt
from gonghui.orgs.models import Level, Org
from gonghui.orgs.scoping import require_change, visible_orgs

# "The caller did not say what it saw": no stale-page check.
UNSEEN: Any = object()


def set_plan(
    org: Org,
    year: int,
    amount: Decimal,
    *,
    actor: Any = None,
    monthly_curve: list[float] | None = None,
    seen_amount: Decimal | None = UNSEEN,
) -> DuesPlan:
    """Create or replace a county's yearly dues plan (年度征缴计划).

    With `seen_amount` (the plan the page showed; None for no plan), a plan changed meanwhile
    by someone else is refused rather than overwritten.
    """
    require_change(actor, org, "经费征缴计划")
    if org.level != Level.COUNTY:
        raise ValidationError("经费征缴计划只能下达给县（市、区）总工会")
    if amount < 0:
        raise ValidationError("计划金额不能为负数")
    with transaction.atomic():
        found = DuesPlan.objects.select_for_update().filter(org=org, year=year).first()
        if seen_amount is not UNSEEN and (found.amount if found else None) != seen_amount:
            raise ValidationError(
                f"{org.display_name}{year}年的征缴计划已被他人修改（您打开页面之后有人保存了新的计划），"
                "为避免覆盖对方的修改，本次未保存。请刷新页面，核对后重新填写。",
                code="stale",
            )
        return _write_plan(found or DuesPlan(org=org, year=year), amount, monthly_curve, actor)


def _write_plan(
    plan: DuesPlan, amount: Decimal, monthly_curve: list[float] | None, actor: Any
) -> DuesPlan:
    year = plan.year
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


def _county_names(user: Any) -> tuple[dict[str, Org], set[str]]:
    """Every way a sheet may name a county the user may import for: 建宁, 建宁县, 350430…"""
    return cells.names_index(
        visible_orgs(user).filter(level=Level.COUNTY),
        lambda c: (c.short_name, c.name, c.name.removesuffix("总工会"), c.admin_code or ""),
    )


# The tax office's sheet (its column names vary a little between its systems: aliases).
RECEIPT_SCHEMA = cells.RowSchema(
    cells.Column(
        "month", ("所属月份", "月份", "费款所属期", "所属期"), cells.Month("所属月份"), "2018-06"
    ),
    cells.Column(
        "county",
        ("县（市、区）", "县(市、区)", "县区", "所属县区", "县（市、区）工会"),
        cells.OrgInScope("县（市、区）", names=_county_names, what="县（市、区）"),
        "建宁县",
    ),
    cells.Column(
        "employer_name",
        ("缴费单位名称", "缴费单位", "单位名称", "纳税人名称"),
        cells.Text("缴费单位名称", max_length=120),
        "建宁溪源机械有限公司",
    ),
    cells.Column(
        "credit_code",
        ("统一社会信用代码", "社会信用代码", "纳税人识别号"),
        cells.CreditCode(),
        "91350430MA2XN00017",
    ),
    cells.Column(
        "payroll", ("工资总额", "计费工资总额", "计征依据"), cells.Money("工资总额"), "100000"
    ),
    cells.Column("amount", ("缴费金额", "实缴金额", "经费金额"), cells.Money("缴费金额"), "2000"),
    what="经费收入",
)
RECEIPT_COLUMNS: dict[str, tuple[str, ...]] = RECEIPT_SCHEMA.aliases


def parse_month(raw: str) -> date | None:
    """'2018-06', '2018/6', '201806', '2018年6月' or a real date → the month's first day; else
    None (the shared rule of core.cells: 2018-02-30 is not a month's date)."""
    return cells.parse_month(raw)


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
    checked = RECEIPT_SCHEMA.validate(table, actor, today=today)
    return record_receipts(checked, actor=actor, filename=table.filename)


def record_receipt(values: dict[str, Any], *, actor: Any) -> DuesReceipt:
    """Record one receipt whose cells are clean already (the API's payload): the same
    checks across cells, the same write, as a row of the sheet."""
    checked = cells.Validated([cells.CleanRow(0, values)], [], {})
    record_receipts(checked, actor=actor, filename="api")
    return DuesReceipt.objects.select_related("org").get(
        county=values["county"], month=values["month"], credit_code=values["credit_code"]
    )


def record_receipts(checked: cells.Validated, *, actor: Any, filename: str) -> ImportResult:
    """Check the rows against each other and the database, then write them all or none."""
    parsed: list[tuple[int, DuesReceipt]] = []
    seen: dict[tuple[int, date, str], int] = {}
    for row in checked.rows:
        values = row.values
        payroll, amount = values["payroll"], values["amount"]
        if not rules.amount_matches(payroll, amount):
            checked.error(
                row.number,
                "amount",
                f"缴费金额{amount}元与工资总额的2%（{rules.dues_for(payroll)}元）不符",
            )
            continue
        county, month, code = values["county"], values["month"], values["credit_code"]
        key = (county.pk, month, code)
        if key in seen:
            checked.error(row.number, "credit_code", f"与第{seen[key]}行重复（同一单位同一月份）")
            continue
        seen[key] = row.number
        receipt = DuesReceipt(
            org=county,
            county_id=county.pk,
            month=month,
            employer_name=values["employer_name"],
            credit_code=code,
            payroll=payroll,
            amount=amount,
        )
        parsed.append((row.number, receipt))

    checked.errors.extend(_already_imported(parsed, checked.columns))
    checked.raise_if_errors(filename)
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
                "file": filename,
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
        CellError(
            number, columns.get("credit_code", ""), "credit_code", "该单位该月份的经费已导入过"
        )
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
