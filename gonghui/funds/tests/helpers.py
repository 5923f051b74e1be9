"""Small builders of dues records for the tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from gonghui.core import creditcode
from gonghui.funds import rules
from gonghui.funds.models import DuesPlan, DuesReceipt
from gonghui.orgs.models import Org

_counter = iter(range(10**6))


def code(region: str = "350430") -> str:
    """A fresh valid credit code."""
    first17 = f"91{region}MA{next(_counter):07d}"[:17]
    return first17 + creditcode.check_char(first17)


def plan(org: Org, year: int, amount: int) -> DuesPlan:
    return DuesPlan.objects.create(org=org, year=year, amount=Decimal(amount))


def receipt(org: Org, month: date, amount: int, **extra: object) -> DuesReceipt:
    """A receipt of `amount` yuan (payroll 50×) for the month."""
    payroll = Decimal(amount) * 50
    values = {
        "employer_name": "测试单位",
        "credit_code": code(),
        "payroll": payroll,
        "amount": rules.dues_for(payroll),
        **extra,
    }
    return DuesReceipt.objects.create(org=org, month=month, **values)
