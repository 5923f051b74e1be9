"""Import a work plan from the Excel sheet cities use (序号, 工作任务, 责任领导, 责任部室, 责任单位,
完成时限; optionally 领域, 开始时间, 配合部室). Every bad cell is reported with its row and column;
nothing is written unless every row is good; then everything is written in one transaction.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction

from gonghui.core import audit, cells
from gonghui.core.spreadsheets import CellError, ImportRejected, Table, read_table
from gonghui.orgs.models import Org
from gonghui.orgs.scoping import visible_orgs
from gonghui.supervision.models import Area, Assignment, Task, WorkPlan

UNIT_SEPARATORS = re.compile(r"[、，,；;/\s]+")
OWN_UNIT_WORDS = {"本级", "本单位", "市总", "市总工会", "机关"}


def parse_deadline(raw: str, year: int) -> date | None:
    """A 完成时限 as written in plans: 2018-11-30, 2018/11/30, 2018年11月30日, 2018年11月底,
    11月底, 年底 / 年内 (the plan's year-end)."""
    text = raw.strip().replace(" ", "")
    if not text:
        return None
    if text in {"年底", "年内", "年末", "全年"}:
        return date(year, 12, 31)
    day = cells.parse_day(raw.strip())
    if day is not None or re.match(r"^\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}", text):
        # The shared rule of every import (core.cells): 2018-02-30 does not exist.
        return day
    match = re.match(r"^(?:(\d{4})年)?(\d{1,2})月(?:底|末|份|前)?$", text)
    if match:
        y, m = int(match[1] or year), int(match[2])
        if 1 <= m <= 12:
            return date(y, m, calendar.monthrange(y, m)[1])
        return None
    match = re.match(r"^(\d{4})年(?:底|末)?$", text)
    if match:
        return date(int(match[1]), 12, 31)
    return None


@dataclass(frozen=True)
class Deadline(cells.Cell):
    """A 完成时限 or 开始时间 as plans write them (parse_deadline), in the plan's year."""

    def parse(self, value: Any, context: cells.Context) -> date:
        if isinstance(value, date):
            return cells.parse_day(value)  # type: ignore[return-value]
        text = str(value)
        day = parse_deadline(text, context.options["year"])
        if day is None:
            raise cells.CellInvalid(
                f"无法识别的{self.label}“{text.strip()}”（应如 2018-11-30、2018年11月底、年底，"
                "且是真实存在的日期）"
            )
        return day


def _unit_index(user: Any) -> tuple[dict[str, list[Org]], Org | None]:
    index: dict[str, list[Org]] = {}
    own = user.org if getattr(user, "org_id", None) else None
    for org in visible_orgs(user).only("pk", "name", "short_name", "path", "level"):
        names = {
            org.name,
            org.short_name,
            org.name.removesuffix("总工会"),
            org.name.removesuffix("工会"),
        }
        for name in names - {""}:
            index.setdefault(name, []).append(org)
    return index, own


@dataclass(frozen=True)
class Units(cells.Cell):
    """责任单位: one or more units in the user's subtree, by name or short name (本级 = own)."""

    def prepare(self, context: cells.Context) -> None:
        context.lookups.setdefault(id(self), _unit_index(context.user))

    def parse(self, value: Any, context: cells.Context) -> list[Org]:
        index, own = context.lookups[id(self)]
        units: list[Org] = []
        problems: list[str] = []
        for name in (n for n in UNIT_SEPARATORS.split(str(value)) if n):
            if name in OWN_UNIT_WORDS and own is not None:
                units.append(own)
                continue
            found = index.get(name, [])
            if len(found) == 1:
                if found[0] not in units:
                    units.append(found[0])
            elif not found:
                problems.append(f"找不到责任单位“{name}”（或不在本单位管辖范围内）")
            else:
                problems.append(f"责任单位“{name}”不唯一，请写全称")
        if problems:
            raise cells.CellInvalid("；".join(problems))
        return units


# The plan sheet: header(s) → typed cell → field (a new plan column is one line here).
SCHEMA = cells.RowSchema(
    cells.Column(
        "number", ("序号",), cells.Text("序号", required=False, default="", max_length=16)
    ),
    cells.Column(
        "title",
        ("工作任务", "重点工作", "改革任务", "任务"),
        cells.Text("工作任务", max_length=300),
    ),
    cells.Column(
        "leader",
        ("责任领导", "牵头领导"),
        cells.Text("责任领导", required=False, default="", max_length=60),
    ),
    cells.Column(
        "department",
        ("责任部室", "牵头部室", "责任部门"),
        cells.Text("责任部室", required=False, default="", max_length=60),
    ),
    cells.Column("units", ("责任单位",), Units("责任单位")),
    cells.Column("deadline", ("完成时限", "时间节点", "完成时间"), Deadline("完成时限")),
    cells.Column(
        "area",
        ("领域", "工作领域", "类别"),
        cells.Text("领域", required=False, default="", max_length=120),
    ),
    cells.Column("start", ("开始时间", "开始日期"), Deadline("开始时间", required=False)),
    cells.Column(
        "co_departments",
        ("配合部室", "配合部门"),
        cells.Text("配合部室", required=False, default="", max_length=200),
    ),
    what="任务",
)
COLUMNS: dict[str, tuple[str, ...]] = SCHEMA.aliases


@dataclass
class PlannedTask:
    row: int
    number: str
    title: str
    leader: str
    department: str
    co_departments: str
    area: str
    start: date
    deadline: date
    units: list[Org] = field(default_factory=list)


def validate(table: Table, user: Any, year: int) -> list[PlannedTask]:
    """Every row checked; raises ImportRejected listing every bad cell (row and column)."""
    checked = SCHEMA.validate(table, context=SCHEMA.context(user, year=year))
    numbers = checked.columns.get("number")
    if numbers:
        # Repeated numbers are named on every row, bad or not: the sheet's own numbering.
        seen: dict[str, int] = {}
        for row, values in table.rows:
            number = values.get(numbers, "").strip()
            if not number:
                continue
            if number in seen:
                checked.error(row, "number", f"序号与第{seen[number]}行重复")
            seen.setdefault(number, row)
    planned: list[PlannedTask] = []
    for row in checked.rows:
        values = row.values
        start = values["start"] or date(year, 1, 1)
        if values["deadline"] < start:
            checked.error(row.number, "deadline", "完成时限早于开始时间")
            continue
        planned.append(
            PlannedTask(
                row=row.number,
                number=values["number"],
                title=values["title"],
                leader=values["leader"],
                department=values["department"],
                co_departments=values["co_departments"],
                area=values["area"],
                start=start,
                deadline=values["deadline"],
                units=values["units"],
            )
        )
    checked.raise_if_errors(table.filename)
    return planned


def import_plan(
    upload: Any, filename: str, user: Any, *, title: str, year: int, kind: str
) -> WorkPlan:
    """Read, validate and write a plan for the user's org (all or nothing)."""
    if not getattr(user, "org_id", None):
        raise ImportRejected([CellError(0, "", "", "当前账户不属于任何工会，不能导入计划")])
    table = read_table(upload, filename)
    planned = validate(table, user, year)
    if WorkPlan.objects.filter(org_id=user.org_id, year=year, title=title).exists():
        raise ImportRejected([CellError(0, "", "", f"{year}年已有名为“{title}”的计划")], filename)
    with transaction.atomic():
        plan = WorkPlan.objects.create(org_id=user.org_id, year=year, title=title, kind=kind)
        areas: dict[str, Area] = {}
        for order, item in enumerate(planned, start=1):
            area = None
            if item.area:
                area = areas.get(item.area)
                if area is None:
                    area = areas[item.area] = Area.objects.create(
                        plan=plan, number=len(areas) + 1, name=item.area
                    )
            task = Task.objects.create(
                plan=plan,
                area=area,
                number=item.number or str(order),
                title=item.title,
                lead_leader=item.leader,
                lead_department=item.department,
                co_departments=item.co_departments,
                start=item.start,
                deadline=item.deadline,
                order=order,
            )
            Assignment.objects.bulk_create([Assignment(task=task, org=org) for org in item.units])
        audit.record(
            "supervision.plan.imported",
            actor=user,
            obj=plan,
            org=plan.org,
            detail={"file": filename[:200], "tasks": len(planned)},
        )
    return plan
