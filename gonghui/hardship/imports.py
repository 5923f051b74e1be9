"""Import of the archive sheets counties keep (困难职工档案表): all rows good, or nothing.

One row per person; the rows of a household share its 户编号 and must agree on the household's
columns. Every bad cell is reported with its row and column; nothing is written unless the
whole file is good, and then everything is written in one transaction.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, connections, router, transaction
from django.db.models import Model, Q
from django.utils import timezone

from gonghui.core import audit, cells, idnumbers
from gonghui.core.crypto import blind_index
from gonghui.core.spreadsheets import CellError, ImportRejected, Table, map_columns
from gonghui.hardship import rules
from gonghui.hardship.actions import MemberInput, may_act_on, person_from, today
from gonghui.hardship.models import (
    ArchiveLevel,
    Cause,
    Household,
    MinimumLivingStandard,
    Person,
    RigidExpense,
)
from gonghui.hardship.models.household import Employment, Health, Relationship
from gonghui.orgs.models import Level, Org

SPEC: dict[str, tuple[str, ...]] = {
    "file_number": ("户编号", "档案编号", "家庭编号"),
    "county": ("县（市、区）", "县(市、区)", "县区", "所属县区"),
    "union": ("所在工会", "基层工会"),
    "address": ("家庭住址", "住址"),
    "level": ("档案级别", "建档级别"),
    "causes": ("致困原因", "困难原因"),
    "surveyed_on": ("调查日期",),
    "archived_on": ("建档日期",),
    "expenses": ("家庭年刚性支出", "年刚性支出", "刚性支出"),
    "relationship": ("与户主关系", "关系"),
    "name": ("姓名",),
    "id_number": ("身份证号", "身份证号码", "公民身份号码"),
    "monthly_income": ("月收入", "月收入（元）", "月收入(元)"),
    "health": ("健康状况",),
    "employment": ("就业状况",),
}
REQUIRED = {"file_number", "county", "archived_on", "relationship", "name", "id_number"}
REQUIRED |= {"monthly_income"}
HOUSEHOLD_FIELDS = ("county", "union", "address", "level", "causes", "archived_on", "expenses")
TEMPLATE_HEADERS = [
    "户编号",
    "县（市、区）",
    "所在工会",
    "家庭住址",
    "档案级别",
    "致困原因",
    "建档日期",
    "家庭年刚性支出",
    "与户主关系",
    "姓名",
    "身份证号",
    "月收入",
    "健康状况",
    "就业状况",
]

LEVEL_NAMES = {str(label): value for value, label in ArchiveLevel.choices}
LEVEL_NAMES.update({"全国": "national", "地方档": "county", "地方": "county", "县档": "county"})
CAUSE_NAMES = {str(label): value for value, label in Cause.choices}
CAUSE_NAMES.update({"疾病": "illness", "残疾": "disability", "子女上学": "schooling"})
RELATIONSHIPS = {str(label): value for value, label in Relationship.choices}
RELATIONSHIPS.update({"本人": "self", "户主": "self", "妻": "spouse", "夫": "spouse"})
RELATIONSHIPS.update({"子": "child", "女": "child", "儿子": "child", "女儿": "child"})
RELATIONSHIPS.update({"父亲": "parent", "母亲": "parent", "父": "parent", "母": "parent"})
HEALTH = {str(label): value for value, label in Health.choices}
EMPLOYMENT = {str(label): value for value, label in Employment.choices}
ID_NUMBER = cells.IdNumber()
HEALTH_CELL = cells.Choice("健康状况", required=False, choices=HEALTH)
EMPLOYMENT_CELL = cells.Choice("就业状况", required=False, choices=EMPLOYMENT)


@dataclass
class Row:
    number: int
    values: dict[str, str]
    member: MemberInput | None = None
    canonical: str = ""
    index: str = ""  # blind index of the canonical ID number, computed once
    fields: dict[str, str] | None = None  # field → stripped cell text, filled on first read


@dataclass
class Group:
    """The rows of one household (same 户编号)."""

    key: str
    rows: list[Row] = field(default_factory=list)
    county: Org | None = None
    union: Org | None = None
    archived_on: date | None = None
    level: str = ArchiveLevel.COUNTY
    causes: list[str] = field(default_factory=list)
    expenses: Decimal = Decimal(0)


class Sheet:
    """Validates a table of rows and collects every error before anything is written."""

    def __init__(self, user: Any, table: Table) -> None:
        self.user = user
        self.table = table
        self.errors: list[CellError] = []
        self.columns = map_columns(table.headers, SPEC, REQUIRED, table.filename)
        self.counties = self._counties()
        self.unions: dict[tuple[int, str], Org | None] = {}
        self.context = cells.Context(user=user, today=today())

    def error(self, row: int, name: str, message: str) -> None:
        self.errors.append(CellError(row, self.columns.get(name, ""), name, message))

    def cell(self, row: Row, name: str) -> str:
        if row.fields is None:
            # Read each mapped cell once: validation asks for them ~20 times a row.
            row.fields = {f: row.values.get(c, "").strip() for f, c in self.columns.items()}
        return row.fields.get(name, "")

    def _counties(self) -> dict[str, Org]:
        """County unions the user may import into, by full name, short name and code."""
        found: dict[str, Org] = {}
        for org in Org.objects.filter(level=Level.COUNTY):
            if not may_act_on(self.user, org):
                continue
            for key in (org.name, org.short_name, org.admin_code, org.name.removesuffix("总工会")):
                if key:
                    found[key] = org
        return found

    def raw(self, row: Row, name: str) -> Any:
        """The cell as the sheet holds it: a number or date cell typed, else its text."""
        column = self.columns.get(name)
        typed = self.table.typed.get(row.number, {})
        return typed[column] if column in typed else self.cell(row, name)

    def clean(self, row: Row, name: str, cell: cells.Cell) -> Any:
        """The cell through its shared typed cell (core.cells); None and an error if refused."""
        try:
            return cell.clean(self.raw(row, name), self.context)
        except cells.CellInvalid as exc:
            self.error(row.number, name, exc.message)
            return None

    def parse_date(self, row: Row, name: str, label: str) -> date | None:
        return self.clean(row, name, cells.Day(label, required=False))

    def parse_money(self, row: Row, name: str, label: str) -> Decimal:
        amount = self.clean(row, name, cells.Money(label, required=False))
        return Decimal(0) if amount is None else amount

    def validate(self) -> list[Group]:
        groups: dict[str, Group] = {}
        first_values: dict[str, dict[str, str]] = {}
        seen_ids: dict[str, int] = {}
        if not self.table.rows:
            self.errors.append(CellError(0, "", "", "文件中没有数据行"))
        for number, values in self.table.rows:
            row = Row(number, values)
            key = self.cell(row, "file_number")
            if not key:
                self.error(number, "file_number", "户编号为空：同一户的各行须填写相同的户编号")
                continue
            group = groups.get(key)
            if group is None:
                group = groups[key] = Group(key)
                first_values[key] = {f: self.cell(row, f) for f in HOUSEHOLD_FIELDS}
                self._household_columns(group, row)
            else:
                for name in HOUSEHOLD_FIELDS:
                    if self.cell(row, name) and self.cell(row, name) != first_values[key][name]:
                        self.error(
                            number,
                            name,
                            f"户编号{key}的各行不一致：本行为“{self.cell(row, name)}”，"
                            f"第{group.rows[0].number}行为“{first_values[key][name]}”",
                        )
            self._member(row, seen_ids)
            group.rows.append(row)
        for group in groups.values():
            heads = [r for r in group.rows if r.member and r.member.relationship == "self"]
            if len(heads) != 1:
                self.error(
                    group.rows[0].number,
                    "relationship",
                    f"户编号{group.key}须有且只有一位户主（与户主关系为“本人”），实际{len(heads)}位",
                )
        self._already_archived(groups.values())
        self._eligibility(groups.values())
        return list(groups.values())

    def _household_columns(self, group: Group, row: Row) -> None:
        county_name = self.cell(row, "county")
        group.county = self.counties.get(county_name)
        if group.county is None:
            self.error(
                row.number,
                "county",
                f"未知的县（市、区）“{county_name}”，或您无权导入该县的档案",
            )
        union_name = self.cell(row, "union")
        if union_name and group.county is not None:
            key = (group.county.pk, union_name)
            if key not in self.unions:
                # One look-up per distinct union, not per household: sheets repeat them.
                self.unions[key] = (
                    Org.objects.filter(path__startswith=group.county.path)
                    .filter(Q(name=union_name) | Q(credit_code=union_name))
                    .first()
                )
            group.union = self.unions[key]
            if group.union is None:
                self.error(row.number, "union", f"在{group.county.name}下找不到工会“{union_name}”")
        level = self.cell(row, "level")
        if level:
            if level in LEVEL_NAMES:
                group.level = LEVEL_NAMES[level]
            else:
                self.error(
                    row.number,
                    "level",
                    f"档案级别“{level}”无效（全国档、省级档、市级档、县级档、基层档）",
                )
        for cause in re.split(r"[、,，;；/\s]+", self.cell(row, "causes")):
            if not cause:
                continue
            if cause in CAUSE_NAMES:
                group.causes.append(CAUSE_NAMES[cause])
            else:
                self.error(row.number, "causes", f"致困原因“{cause}”无法识别")
        group.archived_on = self.parse_date(row, "archived_on", "建档日期")
        if group.archived_on is None and not self.cell(row, "archived_on"):
            self.error(row.number, "archived_on", "建档日期为空")
        group.expenses = self.parse_money(row, "expenses", "家庭年刚性支出")

    def _member(self, row: Row, seen_ids: dict[str, int]) -> None:
        relationship = RELATIONSHIPS.get(self.cell(row, "relationship"))
        if relationship is None:
            self.error(
                row.number, "relationship", f"与户主关系“{self.cell(row, 'relationship')}”无法识别"
            )
            relationship = "other"
        name = self.cell(row, "name")
        if not name:
            self.error(row.number, "name", "姓名为空")
        canonical = self.clean(row, "id_number", ID_NUMBER) or ""
        if canonical:
            if canonical in seen_ids:
                self.error(
                    row.number,
                    "id_number",
                    f"身份证号{idnumbers.mask(canonical)}与第{seen_ids[canonical]}行重复",
                )
            seen_ids.setdefault(canonical, row.number)
        income = self.parse_money(row, "monthly_income", "月收入")
        health = self.clean(row, "health", HEALTH_CELL) or "healthy"
        employment = self.clean(row, "employment", EMPLOYMENT_CELL) or "employed"
        row.member = MemberInput(
            name=name,
            id_number=canonical,
            relationship=relationship,
            monthly_income=income,
            health=health,
            employment=employment,
        )
        row.canonical = canonical

    def _already_archived(self, groups: Any) -> None:
        by_index = {}
        for group in groups:
            for row in group.rows:
                if row.canonical:
                    row.index = blind_index(row.canonical, purpose="id")
                    by_index[row.index] = row
        indexes = list(by_index)
        for start in range(0, len(indexes), 900):
            chunk = indexes[start : start + 900]
            for other in Person.objects.filter(archive_lock__in=chunk).select_related(
                "household__county"
            ):
                row = by_index[other.archive_lock]
                self.error(
                    row.number,
                    "id_number",
                    f"身份证号{other.id_number_masked}已在{other.household.county.name}"
                    "的困难职工档案中，同一人只能在一个档案中",
                )

    def _eligibility(self, groups: Any) -> None:
        standards: dict[tuple[int, int], Decimal | None] = {}
        for group in groups:
            if group.county is None or group.archived_on is None:
                continue
            key = (group.county.pk, group.archived_on.year)
            if key not in standards:
                found = MinimumLivingStandard.for_county(group.county, group.archived_on.year)
                standards[key] = found.monthly_amount if found else None
            standard = standards[key]
            first = group.rows[0].number
            if standard is None:
                self.error(
                    first,
                    "archived_on",
                    f"尚未设置{group.county.name}{group.archived_on.year}年的低保标准",
                )
                continue
            yearly = sum((r.member.monthly_income * 12 for r in group.rows if r.member), Decimal(0))
            assessment = rules.assess(yearly, group.expenses, len(group.rows), standard)
            group.assessment = assessment  # type: ignore[attr-defined]
            if not assessment.eligible:
                self.error(
                    first,
                    "monthly_income",
                    f"户编号{group.key}人均月收入{assessment.per_capita}元，"
                    f"不低于低保标准{standard}元的两倍，不符合建档条件",
                )


PLAIN_TYPES = (str, int, bool)


def insert_all(model: type[Model], objects: Sequence[Model], batch_size: int = 5000) -> None:
    """Insert unsaved objects with one prepared INSERT run over each batch (executemany).

    bulk_create builds one huge multi-row statement per batch, field by field, which cost
    seconds for the ~70,000 persons of a county sheet; this passes the rows as parameters of
    one statement. For models without auto_now fields or save() logic only; no signals sent,
    as with bulk_create. The primary keys are not read back.
    """
    connection = connections[router.db_for_write(model)]
    fields = [f for f in model._meta.local_concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} "
        f"({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(objects), batch_size):
            rows = []
            for obj in objects[start : start + batch_size]:
                row = []
                for f in fields:
                    value = getattr(obj, f.attname)
                    if value is not None and not isinstance(value, PLAIN_TYPES):
                        value = f.get_db_prep_save(value, connection)
                    row.append(value)
                rows.append(row)
            cursor.executemany(sql, rows)


def import_archive(user: Any, table: Table, on_valid: Callable[[], None] | None = None) -> int:
    """Validate the whole sheet and write its households, or raise ImportRejected;
    `on_valid` is told when the checks have passed and the writing starts."""
    sheet = Sheet(user, table)
    groups = sheet.validate()
    if sheet.errors:
        raise ImportRejected(sorted(sheet.errors, key=lambda e: (e.row, e.column)), table.filename)
    if on_valid is not None:
        on_valid()
    try:
        return _write(user, table, sheet, groups)
    except IntegrityError:
        # Someone archived one of these people while the sheet was being checked.
        message = "导入期间有人员被其他档案登记，未导入任何数据，请重新上传以查看具体行"
        raise ImportRejected([CellError(0, "", "", message)], table.filename) from None


def _write(user: Any, table: Table, sheet: Sheet, groups: list[Group]) -> int:
    """Write every household of a validated sheet in one transaction."""
    # One timestamp for the whole file: it finds the new rows again (their keys) after the
    # plain inserts, together with the file numbers, which are unique within the sheet.
    stamp = timezone.now()
    with transaction.atomic():
        households = []
        for group in groups:
            assert group.county is not None and group.archived_on is not None
            head = next(r for r in group.rows if r.member and r.member.relationship == "self")
            assessment = group.assessment  # type: ignore[attr-defined]
            households.append(
                Household(
                    org=group.union or group.county,
                    county=group.county,
                    file_number=group.key,
                    head_name=head.member.name if head.member else "",
                    head_id_masked=idnumbers.mask(head.canonical),
                    address=sheet.cell(group.rows[0], "address"),
                    level=group.level,
                    causes=group.causes,
                    member_count=len(group.rows),
                    yearly_income=sum(
                        (r.member.monthly_income * 12 for r in group.rows if r.member), Decimal(0)
                    ),
                    rigid_expenses=group.expenses,
                    per_capita_income=assessment.per_capita,
                    standard_amount=assessment.standard,
                    suggested_category=assessment.category.value,
                    category=assessment.category.value,
                    surveyed_on=group.archived_on,
                    archived_on=group.archived_on,
                    created_at=stamp,
                    updated_at=stamp,
                )
            )
        insert_all(Household, households)
        keys = dict(Household.objects.filter(created_at=stamp).values_list("file_number", "pk"))
        if len(keys) != len(households):
            raise IntegrityError("another import wrote households at the same instant")
        for household in households:
            household.pk = keys[household.file_number]
        persons, expenses = [], []
        for household, group in zip(households, groups, strict=True):
            for row in group.rows:
                assert row.member is not None
                person = person_from(household, row.member, row.canonical, row.index)
                person.archive_lock = person.id_number_index
                persons.append(person)
            if group.expenses:
                expenses.append(
                    RigidExpense(
                        household=household,
                        kind=RigidExpense.Kind.OTHER,
                        yearly_amount=group.expenses,
                        note="导入",
                    )
                )
        insert_all(Person, persons)
        insert_all(RigidExpense, expenses)
        audit.record(
            "hardship.archive_imported",
            actor=user,
            detail={
                "file": table.filename[:100],
                "households": len(households),
                "persons": len(persons),
            },
        )
    return len(households)
