"""The model-worker roster import (劳模名册导入): all rows valid, or nothing written."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from gonghui.core import audit, cells
from gonghui.core.spreadsheets import Table, read_table
from gonghui.honors.models import HonourLevel, ModelWorker, PensionStatus
from gonghui.orgs.models import Level, Org
from gonghui.orgs.scoping import visible_orgs


def _units(user: Any) -> tuple[dict[str, Org], set[str]]:
    """The user's grassroots unions by name, short name and credit code; ambiguous names apart."""
    return cells.names_index(
        visible_orgs(user)
        .filter(level=Level.GRASSROOTS)
        .only("pk", "name", "short_name", "credit_code", "path"),
        lambda org: (org.name, org.short_name, org.credit_code or ""),
    )


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
YES_NO = {
    **dict.fromkeys(("是", "Y", "y", "1", "√"), True),
    **dict.fromkeys(("否", "N", "n", "0"), False),
}

# The roster template: header(s) → typed cell → field, and the template's example row.
SCHEMA = cells.RowSchema(
    cells.Column("name", ("姓名",), cells.Text("姓名", max_length=60), "张建国"),
    cells.Column(
        "id_number",
        ("身份证号", "身份证号码", "公民身份号码"),
        cells.IdNumber(),
        "11010519491231002X",
    ),
    cells.Column(
        "unit",
        ("所在基层工会", "基层工会", "所在工会", "工会统一社会信用代码"),
        cells.OrgInScope("所在基层工会", names=_units, what="基层工会"),
        "某某公司工会委员会",
    ),
    cells.Column(
        "job",
        ("工作单位及职务", "单位及职务", "职务"),
        cells.Text("工作单位及职务", max_length=120, required=False, default=""),
        "某某公司高级技师",
    ),
    cells.Column(
        "level",
        ("称号级别", "级别", "劳模级别"),
        cells.Choice("称号级别", choices=LEVELS, hint="全国、省级或市级"),
        "省级",
    ),
    cells.Column(
        "awarded_on", ("授予日期", "表彰日期", "授予时间"), cells.Day("授予日期"), "2014-04-28"
    ),
    cells.Column(
        "front_line",
        ("一线职工", "是否一线职工", "是否一线"),
        cells.Choice("一线职工", required=False, default=False, choices=YES_NO, hint="“是”或“否”"),
        "是",
    ),
    cells.Column(
        "pension_status",
        ("补充养老保险",),
        cells.Choice(
            "补充养老保险",
            required=False,
            default=PensionStatus.NOT_APPLIED,
            choices=PENSIONS,
            hint="未申请、已申请或已落实",
        ),
        "已落实",
    ),
    cells.Column(
        "monthly_allowance",
        ("每月荣誉津贴", "每月荣誉津贴（元）", "月津贴", "荣誉津贴"),
        cells.Money("每月荣誉津贴", required=False, maximum=Decimal("999999.99")),
        "300",
    ),
    what="劳模",
)
COLUMNS: dict[str, tuple[str, ...]] = SCHEMA.aliases
HEADERS = SCHEMA.headers


def parse_date(text: str) -> date | None:
    """A date written as 2014-04-28, 2014/4/28, 2014.4.28 or 2014年4月28日; None otherwise
    (the shared rule of core.cells)."""
    return cells.parse_day(text)


def example_row(user: Any) -> list[str]:
    """The template's example row, naming a union the user may import for, so that the
    template imports as it is."""
    row = SCHEMA.example_row()
    unit = visible_orgs(user).filter(level=Level.GRASSROOTS).order_by("path").first()
    if unit is not None:
        row[HEADERS.index("所在基层工会")] = unit.credit_code or unit.name
    return row


def check_table(user: Any, table: Table) -> list[ModelWorker]:
    """Validate every row; raise ImportRejected listing every bad cell, else the new records."""
    checked = SCHEMA.validate(table, user)
    workers: list[ModelWorker] = []
    first_row: dict[str, int] = {}
    for row in checked.rows:
        values = dict(row.values)
        number = values.pop("id_number")
        worker = ModelWorker(**{k: v for k, v in values.items() if k != "unit"}, org=values["unit"])
        worker.set_id_number(number)
        key = worker.id_number_index
        if key in first_row:
            checked.error(row.number, "id_number", f"与第{first_row[key]}行的身份证号重复")
            continue
        first_row[key] = row.number
        workers.append(worker)
    existing = set(
        ModelWorker.objects.filter(id_number_index__in=list(first_row)).values_list(
            "id_number_index", flat=True
        )
    )
    for key in existing:
        checked.error(first_row[key], "id_number", "此人已在劳模名册中")
    checked.raise_if_errors(table.filename)
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
