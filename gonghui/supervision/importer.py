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
from gonghui.core.spreadsheets import CellError, ImportRejected, Table, map_columns, read_table
from gonghui.orgs.models import Org
from gonghui.orgs.scoping import visible_orgs
from gonghui.supervision.models import Area, Assignment, Task, WorkPlan

COLUMNS: dict[str, tuple[str, ...]] = {
    "number": ("序号",),
    "title": ("工作任务", "重点工作", "改革任务", "任务"),
    "leader": ("责任领导", "牵头领导"),
    "department": ("责任部室", "牵头部室", "责任部门"),
    "units": ("责任单位",),
    "deadline": ("完成时限", "时间节点", "完成时间"),
    "area": ("领域", "工作领域", "类别"),
    "start": ("开始时间", "开始日期"),
    "co_departments": ("配合部室", "配合部门"),
}
REQUIRED = {"title", "units", "deadline"}
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


def validate(table: Table, user: Any, year: int) -> list[PlannedTask]:
    """Every row checked; raises ImportRejected listing every bad cell (row and column)."""
    columns = map_columns(table.headers, COLUMNS, REQUIRED, table.filename)
    index, own = _unit_index(user)
    errors: list[CellError] = []
    planned: list[PlannedTask] = []
    seen_numbers: dict[str, int] = {}
    if not table.rows:
        raise ImportRejected([CellError(0, "", "", "表中没有任何任务")], table.filename)

    def cell(values: dict[str, str], name: str) -> str:
        return values.get(columns[name], "").strip() if name in columns else ""

    for row, values in table.rows:
        bad = len(errors)
        title = cell(values, "title")
        if not title:
            errors.append(CellError(row, columns["title"], "title", "工作任务不能为空"))
        elif len(title) > 300:
            errors.append(CellError(row, columns["title"], "title", "工作任务超过300字"))
        number = cell(values, "number")
        if number:
            if number in seen_numbers:
                errors.append(
                    CellError(
                        row, columns["number"], "number", f"序号与第{seen_numbers[number]}行重复"
                    )
                )
            seen_numbers.setdefault(number, row)
        start = date(year, 1, 1)
        raw_start = cell(values, "start")
        if raw_start:
            parsed = parse_deadline(raw_start, year)
            if parsed is None:
                errors.append(
                    CellError(row, columns["start"], "start", f"无法识别的日期“{raw_start}”")
                )
            else:
                start = parsed
        raw_deadline = cell(values, "deadline")
        deadline = parse_deadline(raw_deadline, year)
        if not raw_deadline:
            errors.append(CellError(row, columns["deadline"], "deadline", "完成时限不能为空"))
        elif deadline is None:
            errors.append(
                CellError(
                    row,
                    columns["deadline"],
                    "deadline",
                    f"无法识别的完成时限“{raw_deadline}”（应如 2018-11-30、2018年11月底）",
                )
            )
        elif deadline < start:
            errors.append(CellError(row, columns["deadline"], "deadline", "完成时限早于开始时间"))
        units: list[Org] = []
        raw_units = cell(values, "units")
        if not raw_units:
            errors.append(CellError(row, columns["units"], "units", "责任单位不能为空"))
        for name in (n for n in UNIT_SEPARATORS.split(raw_units) if n):
            if name in OWN_UNIT_WORDS and own is not None:
                units.append(own)
                continue
            found = index.get(name, [])
            if len(found) == 1:
                if found[0] not in units:
                    units.append(found[0])
            elif not found:
                errors.append(
                    CellError(
                        row,
                        columns["units"],
                        "units",
                        f"找不到责任单位“{name}”（或不在本单位管辖范围内）",
                    )
                )
            else:
                errors.append(
                    CellError(row, columns["units"], "units", f"责任单位“{name}”不唯一，请写全称")
                )
        for name, limit in (
            ("leader", 60),
            ("department", 60),
            ("co_departments", 200),
            ("area", 120),
        ):
            if len(cell(values, name)) > limit:
                errors.append(CellError(row, columns[name], name, f"超过{limit}字"))
        if len(errors) == bad and deadline is not None:
            planned.append(
                PlannedTask(
                    row=row,
                    number=number,
                    title=title,
                    leader=cell(values, "leader"),
                    department=cell(values, "department"),
                    co_departments=cell(values, "co_departments"),
                    area=cell(values, "area"),
                    start=start,
                    deadline=deadline,
                    units=units,
                )
            )
    if errors:
        raise ImportRejected(errors, table.filename)
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
