"""The model-worker roster import (劳模名册导入): all rows valid, or nothing written."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from gonghui.core import audit, idnumbers
from gonghui.core.spreadsheets import CellError, ImportRejected, Table, map_columns, read_table
from gonghui.honors.models import HonourLevel, ModelWorker, PensionStatus
from gonghui.orgs.models import Level, Org
from gonghui.orgs.scoping import visible_orgs

COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("姓名",),
    "id_number": ("身份证号", "身份证号码", "公民身份号码"),
    "unit": ("所在基层工会", "基层工会", "所在工会", "工会统一社会信用代码"),
    "job": ("工作单位及职务", "单位及职务", "职务"),
    "level": ("称号级别", "级别", "劳模级别"),
    "awarded_on": ("授予日期", "表彰日期", "授予时间"),
    "front_line": ("一线职工", "是否一线职工", "是否一线"),
    "pension_status": ("补充养老保险",),
    "monthly_allowance": ("每月荣誉津贴", "每月荣誉津贴（元）", "月津贴", "荣誉津贴"),
}
REQUIRED = {"name", "id_number", "unit", "level", "awarded_on"}
HEADERS = [aliases[0] for aliases in COLUMNS.values()]

LEVELS = {
    **{str(label): value for value, label in HonourLevel.choices},
    "全国劳模": HonourLevel.NATIONAL,
    "全国劳动模范": HonourLevel.NATIONAL,
    "省劳模": HonourLevel.PROVINCIAL,
    "省级劳模": HonourLevel.PROVINCIAL,
    "省劳动模范": HonourLevel.PROVINCIAL,
    "市劳模": HonourLevel.CITY,
    "市级劳模": HonourLevel.CITY,
    "市劳动模范": HonourLevel.CITY,
}
PENSIONS = {str(label): value for value, label in PensionStatus.choices}
YES = {"是", "Y", "y", "1", "√"}
NO = {"否", "N", "n", "0", ""}
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


def parse_date(text: str) -> date | None:
    """A date written as 2014-04-28, 2014/4/28, 2014.4.28 or 2014年4月28日; None otherwise."""
    match = _DATE.fullmatch(text.strip())
    if not match:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _units(user: Any) -> tuple[dict[str, Org], set[str]]:
    """The user's grassroots unions by name, short name and credit code; ambiguous names apart."""
    found: dict[str, Org] = {}
    ambiguous: set[str] = set()
    for org in (
        visible_orgs(user)
        .filter(level=Level.GRASSROOTS)
        .only("pk", "name", "short_name", "credit_code", "path")
    ):
        for key in {org.name, org.short_name, org.credit_code or ""} - {""}:
            if key in found and found[key].pk != org.pk:
                ambiguous.add(key)
            found[key] = org
    return found, ambiguous


def _row(
    number: int,
    values: dict[str, str],
    columns: dict[str, str],
    units: tuple[dict[str, Org], set[str]],
    errors: list[CellError],
) -> ModelWorker | None:
    def cell(field: str) -> str:
        return values.get(columns[field], "").strip() if field in columns else ""

    def bad(field: str, message: str) -> None:
        errors.append(CellError(number, columns.get(field, ""), field, message))

    before = len(errors)
    worker = ModelWorker(name=cell("name")[:60], job=cell("job")[:120])
    if not worker.name:
        bad("name", "姓名不能为空")
    try:
        worker.set_id_number(cell("id_number"))
    except idnumbers.IdNumberError as exc:
        bad("id_number", str(exc))
    by_key, ambiguous = units
    unit = cell("unit")
    if unit in ambiguous:
        bad("unit", f"“{unit}”对应多个基层工会，请改填统一社会信用代码")
    elif unit in by_key or unit.upper() in by_key:
        worker.org = by_key[unit] if unit in by_key else by_key[unit.upper()]
    else:
        bad("unit", f"在您的管辖范围内找不到基层工会“{unit}”")
    level = LEVELS.get(cell("level"))
    if level is None:
        bad("level", f"称号级别“{cell('level')}”不正确，应为全国、省级或市级")
    else:
        worker.level = level
    awarded_on = parse_date(cell("awarded_on"))
    if awarded_on is None:
        bad("awarded_on", f"授予日期“{cell('awarded_on')}”不正确，应为2014-04-28这样的日期")
    elif awarded_on > date.today():
        bad("awarded_on", f"授予日期{awarded_on}晚于今天")
    else:
        worker.awarded_on = awarded_on
    front = cell("front_line")
    if front in YES or front in NO:
        worker.front_line = front in YES
    else:
        bad("front_line", f"一线职工一栏应填“是”或“否”，不是“{front}”")
    pension = cell("pension_status") or str(PensionStatus.NOT_APPLIED.label)
    if pension in PENSIONS:
        worker.pension_status = PENSIONS[pension]
    else:
        bad("pension_status", f"补充养老保险一栏应填未申请、已申请或已落实，不是“{pension}”")
    allowance = cell("monthly_allowance") or "0"
    try:
        amount = Decimal(allowance.replace(",", ""))
        if not 0 <= amount < 1_000_000 or amount != amount.quantize(Decimal("0.01")):
            raise InvalidOperation
        worker.monthly_allowance = amount
    except InvalidOperation:
        bad("monthly_allowance", f"每月荣誉津贴“{allowance}”不是有效金额")
    return worker if len(errors) == before else None


def check_table(user: Any, table: Table) -> list[ModelWorker]:
    """Validate every row; raise ImportRejected listing every bad cell, else the new records."""
    columns = map_columns(table.headers, COLUMNS, REQUIRED, table.filename)
    units = _units(user)
    errors: list[CellError] = []
    workers: list[ModelWorker] = []
    first_row: dict[str, int] = {}
    for number, values in table.rows:
        worker = _row(number, values, columns, units, errors)
        if worker is None:
            continue
        key = worker.id_number_index
        if key in first_row:
            message = f"与第{first_row[key]}行的身份证号重复"
            errors.append(CellError(number, columns["id_number"], "id_number", message))
            continue
        first_row[key] = number
        workers.append(worker)
    existing = set(
        ModelWorker.objects.filter(id_number_index__in=list(first_row)).values_list(
            "id_number_index", flat=True
        )
    )
    for key in existing:
        errors.append(
            CellError(first_row[key], columns["id_number"], "id_number", "此人已在劳模名册中")
        )
    if not table.rows:
        errors.append(CellError(0, "", "", "文件中没有数据行"))
    if errors:
        raise ImportRejected(sorted(errors, key=lambda e: (e.row, e.column)), table.filename)
    return workers


def import_model_workers(user: Any, source: Any, filename: str) -> int:
    """Import a roster (xlsx or csv): every row valid and written, or ImportRejected and nothing."""
    table = read_table(source, filename)
    workers = check_table(user, table)
    with transaction.atomic():
        ModelWorker.objects.bulk_create(workers, batch_size=500)
        audit.record(
            "honors.model_workers_imported",
            actor=user,
            detail={"filename": filename[:200], "rows": len(workers)},
        )
    return len(workers)
