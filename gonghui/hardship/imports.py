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
from gonghui.hardship.actions import MemberInput, person_from, today
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
from gonghui.orgs.scoping import may_change

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


def _column(field: str, headers: tuple[str, ...], cell: cells.Cell, example: str) -> cells.Column:
    return cells.Column(field, headers, cell, example)


def _text(label: str, required: bool = False, max_length: int = 200) -> cells.Text:
    return cells.Text(label, required=required, default="", max_length=max_length)


# The archive sheet (困难职工档案表): header(s) → typed cell → field, with the template's
# example row. The rows of a household and its checks across rows are Sheet's below; the
# county and union cells are resolved there, in the scope of the importing user.
SCHEMA = cells.RowSchema(
    _column(
        "file_number", ("户编号", "档案编号", "家庭编号"), _text("户编号", True, 40), "JN-2018-001"
    ),
    _column(
        "county",
        ("县（市、区）", "县(市、区)", "县区", "所属县区"),
        _text("县（市、区）", True),
        "建宁县总工会",
    ),
    _column("union", ("所在工会", "基层工会"), _text("所在工会"), ""),
    _column("address", ("家庭住址", "住址"), _text("家庭住址"), "建宁县濉溪镇解放路1号"),
    _column(
        "level",
        ("档案级别", "建档级别"),
        cells.Choice(
            "档案级别",
            required=False,
            choices=LEVEL_NAMES,
            hint="全国档、省级档、市级档、县级档、基层档",
        ),
        "县级档",
    ),
    _column("causes", ("致困原因", "困难原因"), _text("致困原因"), "因病、子女就学"),
    _column("archived_on", ("建档日期",), cells.Day("建档日期", required=False), "2018-03-01"),
    _column(
        "expenses",
        ("家庭年刚性支出", "年刚性支出", "刚性支出"),
        cells.Money("家庭年刚性支出", required=False),
        "6000",
    ),
    _column(
        "relationship",
        ("与户主关系", "关系"),
        cells.Choice("与户主关系", choices=RELATIONSHIPS, hint="本人、配偶、子女、父母等"),
        "本人",
    ),
    _column("name", ("姓名",), _text("姓名", True, 60), "张三"),
    _column(
        "id_number",
        ("身份证号", "身份证号码", "公民身份号码"),
        cells.IdNumber(),
        "11010519491231002X",
    ),
    _column(
        "monthly_income",
        ("月收入", "月收入（元）", "月收入(元)"),
        cells.Money("月收入", required=False),
        "800",
    ),
    _column(
        "health",
        ("健康状况",),
        cells.Choice("健康状况", required=False, choices=HEALTH),
        "慢性病",
    ),
    _column(
        "employment",
        ("就业状况",),
        cells.Choice("就业状况", required=False, choices=EMPLOYMENT),
        "灵活就业",
    ),
    # Read when present; not in the template (the survey date is the archive date).
    _column("surveyed_on", ("调查日期",), cells.Day("调查日期", required=False), ""),
    what="档案",
)
SPEC: dict[str, tuple[str, ...]] = SCHEMA.aliases
# The columns a sheet must have (建档日期 and 月收入 may be blank in a row, not absent).
REQUIRED = {"file_number", "county", "archived_on", "relationship", "name", "id_number"}
REQUIRED |= {"monthly_income"}
HOUSEHOLD_FIELDS = ("county", "union", "address", "level", "causes", "archived_on", "expenses")
TEMPLATE_HEADERS = [h for h in SCHEMA.headers if h != "调查日期"]
CELLS = {column.field: column.cell for column in SCHEMA.columns}


def template_example(county_name: str) -> list[str]:
    """The template's example row, in the order of TEMPLATE_HEADERS, for a county."""
    example = dict(zip(SCHEMA.headers, SCHEMA.example_row(), strict=True))
    example["县（市、区）"] = county_name
    return [example[h] for h in TEMPLATE_HEADERS]


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
            if not may_change(self.user, org):
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

    def validate(self) -> list[Group]:
        groups: dict[str, Group] = {}
        first_values: dict[str, dict[str, str]] = {}
        seen_ids: dict[str, int] = {}
        if not self.table.rows:
            self.errors.append(CellError(0, "", "", "文件中只有表头、没有档案行：没有可导入的数据"))
        for number, values in self.table.rows:
            row = Row(number, values)
            key = self.cell(row, "file_number")
            if not key:
                self.error(number, "file_number", "户编号为空：同一户的各行须填写相同的户编号")
                continue
            if self.clean(row, "file_number", CELLS["file_number"]) is None:
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
        self.clean(row, "address", CELLS["address"])  # its length, before the database
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
        group.level = self.clean(row, "level", CELLS["level"]) or ArchiveLevel.COUNTY
        for cause in re.split(r"[、,，;；/\s]+", self.cell(row, "causes")):
            if not cause:
                continue
            if cause in CAUSE_NAMES:
                group.causes.append(CAUSE_NAMES[cause])
            else:
                self.error(row.number, "causes", f"致困原因“{cause}”无法识别")
        group.archived_on = self.clean(row, "archived_on", CELLS["archived_on"])
        if group.archived_on is None and not self.cell(row, "archived_on"):
            self.error(row.number, "archived_on", "建档日期为空")
        group.expenses = self.clean(row, "expenses", CELLS["expenses"]) or Decimal(0)

    def _member(self, row: Row, seen_ids: dict[str, int]) -> None:
        relationship = self.clean(row, "relationship", CELLS["relationship"]) or "other"
        name = self.clean(row, "name", CELLS["name"]) or ""
        canonical = self.clean(row, "id_number", CELLS["id_number"]) or ""
        if canonical:
            if canonical in seen_ids:
                self.error(
                    row.number,
                    "id_number",
                    f"身份证号{idnumbers.mask(canonical)}与第{seen_ids[canonical]}行重复",
                )
            seen_ids.setdefault(canonical, row.number)
        income = self.clean(row, "monthly_income", CELLS["monthly_income"]) or Decimal(0)
        health = self.clean(row, "health", CELLS["health"]) or "healthy"
        employment = self.clean(row, "employment", CELLS["employment"]) or "employed"
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
