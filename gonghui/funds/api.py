"""Dues in the JSON API: receipts, the per-county figures as of a date, posting a receipt.

Figures come from the dues page's own query (`queries.county_table`); a posted receipt's
fields go through the sheet's own typed cells (`actions.RECEIPT_SCHEMA`, core.cells) and the
same write (`actions.record_receipt`), so it is checked exactly like a row of the tax office's
sheet (credit code, the 2% rule, the month, not received before), with the same Chinese
messages, and the monthly totals stay exact.
"""
# Ninja reads these annotations at run time: no `from __future__ import annotations` here.

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from gonghui.api.types import Day, ErrorOut, ObjectId, Pagination, PlainText
from gonghui.core.spreadsheets import ImportRejected
from gonghui.funds import actions, queries, rules
from gonghui.funds.models import DuesReceipt
from gonghui.orgs.counties import visible_counties
from gonghui.orgs.models import Level, Org, Role
from gonghui.orgs.scoping import get_for_user_or_404

router = Router(tags=["工会经费"])


class ReceiptOut(Schema):
    id: int
    org_id: int = Field(description="收款工会（县级工会，或缴费单位自己的基层工会）")
    org_name: str
    county_id: int | None
    month: date = Field(description="所属月份（该月第一天）")
    employer_name: str
    credit_code: str
    payroll: float
    amount: float
    preparatory: bool = Field(description="筹备金（缴费单位尚未建会）")

    @staticmethod
    def resolve_org_name(receipt: DuesReceipt) -> str:
        return receipt.org.display_name


class ReceiptIn(Schema):
    """Loosely typed on purpose: each field is checked by the sheet's own cell (core.cells),
    which refuses with the same Chinese message as the import page."""

    county: ObjectId = Field(description="县级工会的 id")
    month: PlainText = Field(max_length=20, description="所属月份，如 2018-06")
    employer_name: PlainText = Field(max_length=200, description="缴费单位名称（至多120字）")
    credit_code: PlainText = Field(max_length=40, description="统一社会信用代码（18位）")
    payroll: Decimal | PlainText = Field(description="工资总额（元，至多两位小数，不为负）")
    amount: Decimal | PlainText = Field(description="缴费金额（元，应为工资总额的2%）")


class CountyDuesOut(Schema):
    county_id: int
    county_name: str
    plan: float = Field(description="本年征缴计划（元）")
    collected: float = Field(description="本年1月至截至日已结束月份的征缴额（元）")
    collected_last_year: float = Field(description="上年同期征缴额（元）")
    share_pct: float | None = Field(description="完成年度计划比例（%）；无计划为空")
    expected_pct: float = Field(description="序时进度（%）")
    growth_pct: float | None = Field(description="同比增长（%）；上年同期无收入为空")
    status: str = Field(description="done / green / amber / red / no_plan")
    status_label: str


class DuesFiguresOut(Schema):
    as_of: date
    counties: list[CountyDuesOut]
    total: CountyDuesOut = Field(description="所列县合计（county_id 为 0）")


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


def _figures(
    county_id: int, name: str, plan: Decimal, collected: Decimal, last: Decimal, expected: float
) -> dict[str, Any]:
    share = rules.share(collected, plan)
    status = rules.status(share, expected)
    return {
        "county_id": county_id,
        "county_name": name,
        "plan": float(plan),
        "collected": float(collected),
        "collected_last_year": float(last),
        "share_pct": _pct(share),
        "expected_pct": round(expected * 100, 1),
        "growth_pct": _pct(rules.growth(collected, last)),
        "status": status,
        "status_label": rules.Status.LABELS[status],
    }


@router.get(
    "/receipts/",
    response={200: list[ReceiptOut], 422: ErrorOut},
    summary="可见的经费收入（按月份区间、县筛选）",
)
@paginate(Pagination)
def list_dues_receipts(
    request: HttpRequest,
    month_from: Day | None = None,
    month_to: Day | None = None,
    county: ObjectId | None = None,
) -> object:
    """Receipts in the account's subtree for months in [month_from, month_to], newest first."""
    receipts = DuesReceipt.objects.for_user(request.user).select_related("org")
    if month_from is not None:
        receipts = receipts.filter(month__gte=rules.month_start(month_from))
    if month_to is not None:
        receipts = receipts.filter(month__lte=rules.month_start(month_to))
    if county is not None:
        receipts = receipts.filter(county_id=county)
    receipts = receipts.order_by("-month", "county_id", "employer_name", "pk")
    return receipts


@router.get(
    "/dues/",
    response={200: DuesFiguresOut, 404: ErrorOut, 422: ErrorOut},
    summary="各县工会经费征缴情况（计划、已征缴、完成比例、同比）截至某日",
)
def get_dues_figures(
    request: HttpRequest, as_of: Day | None = None, county: ObjectId | None = None
) -> dict[str, Any]:
    """Each visible county's plan, collected, share and growth as of the date (the dues page)."""
    day = as_of or timezone.localdate()
    counties = visible_counties(request.user, day)
    if county is not None:
        counties = [get_for_user_or_404(Org, request.user, pk=county, level=Level.COUNTY)]
    rows = queries.county_table(counties, day)
    zero = Decimal(0)
    plan = sum((r.plan for r in rows), zero)
    collected = sum((r.collected for r in rows), zero)
    last = sum((r.collected_last_year for r in rows), zero)
    # The total's time line is the straight one, as on the dues page.
    expected = rules.expected_share(day.year, day)
    return {
        "as_of": day,
        "counties": [
            _figures(
                r.county.pk,
                r.county.display_name,
                r.plan,
                r.collected,
                r.collected_last_year,
                r.expected,
            )
            for r in rows
        ],
        "total": _figures(0, "合计", plan, collected, last, expected),
    }


@router.post(
    "/receipts/",
    response={201: ReceiptOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="登记一笔经费收入",
)
def post_dues_receipt(request: HttpRequest, payload: ReceiptIn) -> Status:
    """Record one employer's dues for a month, checked like a row of the tax office's sheet.

    404 for a county outside the account's subtree; 422 naming the field for a bad credit
    code, an amount that is not 2% of the payroll, a month to come, or a receipt already in.
    """
    user = request.user
    if not (user.is_superuser or user.has_role(Role.ADMINISTRATOR, Role.OFFICER)):  # type: ignore[union-attr]
        raise PermissionDenied("只有工会工作人员可以登记经费收入")
    county = get_for_user_or_404(Org, user, pk=payload.county)
    if county.level != Level.COUNTY:
        raise ValidationError({"county": "经费收入须登记到县（市、区）总工会"})
    values = actions.RECEIPT_SCHEMA.clean_payload(
        payload.dict(), actions.RECEIPT_SCHEMA.context(user), skip={"county"}
    )
    values["county"] = county
    try:
        receipt = actions.record_receipt(values, actor=user)
    except IntegrityError:
        # The same receipt posted at the same moment by another writer: the one checked
        # before this write but committed first. Refused like a receipt already in.
        if not DuesReceipt.objects.filter(
            county=county, month=values["month"], credit_code=values["credit_code"]
        ).exists():
            raise
        raise ValidationError({"credit_code": "该单位该月份的经费已导入过"}) from None
    except ImportRejected as exc:
        # The first refusal, by its field: the uniform error names one field.
        first = exc.errors[0]
        raise (
            ValidationError({first.field: first.message})
            if first.field
            else ValidationError(first.message)
        ) from None
    return Status(201, receipt)
