"""The one row-validation layer (单元格校验): typed cells and row schemas for every import and the API.

A cell type turns what a spreadsheet (or a JSON payload) holds into a Python value, or refuses
it with ONE Chinese message saying what is wrong and how to put it right. A row schema is a
declaration — column header(s) → cell type → field name — and `RowSchema.validate` returns
the clean rows of a table or every error with its row, column and field. A new import template
is therefore a schema plus its write action; the rules below (numeric ID cells refused,
impossible dates refused, Chinese numerals refused) hold in every import by construction.

Pure rules apart from the database: only `OrgInScope` looks orgs up, once per validation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from gonghui.core import creditcode, idnumbers
from gonghui.core.spreadsheets import CellError, ImportRejected, Table, map_columns

__all__ = [
    "Cell",
    "CellInvalid",
    "Choice",
    "CleanRow",
    "Column",
    "Context",
    "Count",
    "CreditCode",
    "Day",
    "IdNumber",
    "Money",
    "Month",
    "OrgInScope",
    "RowSchema",
    "Text",
    "Validated",
    "names_index",
    "parse_day",
    "parse_month",
]


class CellInvalid(ValueError):
    """A cell was refused; ``str()`` is the one Chinese message of its cell type."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- the shared rules for dates and months (one rule, every import) -----------------------

_DAY = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    # A date cell read back as text may carry its time: 2018-06-30 00:00:00, 2018-06-30T09:30.
    r"(?:\s*[ T]\s*\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
_MONTH = re.compile(r"(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*月?|(\d{2}))")
EARLIEST = date(1900, 1, 1)


def _clean(text: str) -> str:
    return text.strip().replace("\u3000", " ").translate(_HALF_WIDTH)


_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}


def parse_day(value: Any) -> date | None:
    """A calendar date from a date cell or text (2018-06-30, 2018/6/30, 2018.6.30,
    2018年6月30日); None when it is not one — 2018-02-30 does not exist and is None."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    match = _DAY.fullmatch(_clean(value))
    if not match:
        return None
    try:
        day = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
    return day if day >= EARLIEST else None


def parse_month(value: Any) -> date | None:
    """The first day of a month written 2018-06, 2018/6, 2018.06, 201806, 2018年6月, or a real
    date in that month (a date cell, 2018-06-30); None otherwise (2018-13, 2018-02-30)."""
    day = parse_day(value)
    if day is not None:
        return day.replace(day=1)
    if (isinstance(value, int) and not isinstance(value, bool)) or (
        isinstance(value, float) and value.is_integer()
    ):
        value = str(int(value))  # 201806 typed as a number
    if not isinstance(value, str):
        return None
    match = _MONTH.fullmatch(_clean(value))
    if not match:
        return None
    year, month = int(match[1]), int(match[2] or match[3])
    if not 1 <= month <= 12 or year < EARLIEST.year:
        return None
    return date(year, month, 1)


# --- cell types -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Context:
    """What some cells need besides the value: the user (scope) and today."""

    user: Any = None
    today: date = field(default_factory=date.today)
    lookups: dict[int, Any] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)  # the import's own (a plan's year)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@dataclass(frozen=True)
class Cell:
    """A typed cell. `label` names it in messages; blank cells give `default` unless required."""

    label: str
    required: bool = True
    default: Any = None

    def clean(self, value: Any, context: Context) -> Any:
        """The cell's value, or CellInvalid with its one Chinese message."""
        if _blank(value):
            if self.required:
                raise CellInvalid(f"{self.label}不能为空")
            return self.default
        return self.parse(value, context)

    def parse(self, value: Any, context: Context) -> Any:
        return _as_text(value)

    def prepare(self, context: Context) -> None:
        """Look up what the cell needs once per validation (orgs in scope)."""


@dataclass(frozen=True)
class Text(Cell):
    max_length: int = 200

    def parse(self, value: Any, context: Context) -> str:
        text = _as_text(value)
        if len(text) > self.max_length:
            raise CellInvalid(f"{self.label}超过{self.max_length}字（当前{len(text)}字）")
        return text


EXCEL_CHANGED_ID = (
    "{label}被 Excel 当成了数字（“{shown}”），后几位已被改动，不能使用："
    "请把该列设置为“文本”格式后重新录入完整号码"
)


@dataclass(frozen=True)
class IdNumber(Cell):
    """A resident ID number (GB 11643), canonical 18 characters. A number cell is refused:
    Excel keeps 15 significant digits, and about 1 in 11 rounded numbers still passes the
    check digit as someone else's number."""

    label: str = "身份证号"

    def parse(self, value: Any, context: Context) -> str:
        if idnumbers.looks_like_excel_number(value):
            raise CellInvalid(EXCEL_CHANGED_ID.format(label=self.label, shown=_number_shown(value)))
        try:
            return idnumbers.validate(_as_text(value), today=context.today)
        except idnumbers.IdNumberError as exc:
            raise CellInvalid(exc.message) from None


def _number_shown(value: Any) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float):
        return f"{value:.5E}" if abs(value) >= 1e11 else _as_text(value)
    return str(value)


@dataclass(frozen=True)
class CreditCode(Cell):
    label: str = "统一社会信用代码"

    def parse(self, value: Any, context: Context) -> str:
        if isinstance(value, int | float) and not isinstance(value, bool):
            raise CellInvalid(EXCEL_CHANGED_ID.format(label=self.label, shown=_number_shown(value)))
        try:
            return creditcode.validate(_as_text(value))
        except creditcode.CreditCodeError as exc:
            raise CellInvalid(exc.message) from None


_DAY_HINT = "应为 2018-06-30、2018/6/30 或 2018年6月30日 这样真实存在的日期"


@dataclass(frozen=True)
class Day(Cell):
    """A date that exists; not after today unless `future` is allowed."""

    future: bool = False

    def parse(self, value: Any, context: Context) -> date:
        day = parse_day(value)
        if day is None:
            raise CellInvalid(f"{self.label}“{_as_text(value)}”不是有效日期（{_DAY_HINT}）")
        if not self.future and day > context.today:
            raise CellInvalid(f"{self.label}{day.isoformat()}晚于今天")
        return day


@dataclass(frozen=True)
class Month(Cell):
    """A month (its first day), not after the current month unless `future` is allowed."""

    future: bool = False

    def parse(self, value: Any, context: Context) -> date:
        month = parse_month(value)
        if month is None:
            raise CellInvalid(
                f"{self.label}“{_as_text(value)}”不是有效月份"
                "（应为 2018-06、2018年6月 或该月中真实存在的日期）"
            )
        if not self.future and month > context.today.replace(day=1):
            raise CellInvalid(f"{self.label}{month:%Y-%m}尚未到来")
        return month


_CHINESE_NUMERALS = re.compile(r"[零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟]")


def _decimal(value: Any, label: str) -> Decimal:
    if isinstance(value, bool):
        raise CellInvalid(f"{label}“{value}”不是数字")
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, Decimal):
        number = value
    else:
        text = _clean(str(value)).replace(",", "").replace("，", "").replace("¥", "")
        text = text.removesuffix("元").strip()
        if _CHINESE_NUMERALS.search(text):
            raise CellInvalid(f"{label}“{value}”是中文数字，请改用阿拉伯数字（如 1200.50）")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise CellInvalid(f"{label}“{value}”不是数字") from None
    if not number.is_finite():
        raise CellInvalid(f"{label}“{value}”不是数字")
    return number


@dataclass(frozen=True)
class Money(Cell):
    """An amount in yuan: a number, not negative, at most two decimals, below `maximum`."""

    default: Any = Decimal(0)
    maximum: Decimal = Decimal("999999999999.99")

    def parse(self, value: Any, context: Context) -> Decimal:
        amount = _decimal(value, self.label)
        if amount < 0:
            raise CellInvalid(f"{self.label}不能为负数（{_as_text(value)}）")
        # Before any rounding: quantizing 1E+999999999 would raise instead of refusing.
        if amount > self.maximum:
            raise CellInvalid(f"{self.label}“{_as_text(value)}”超出合理范围")
        if isinstance(value, float):
            # Excel's binary floats: 1234.5600000000001 is 1234.56.
            amount = amount.quantize(Decimal("0.01"))
        if amount != amount.quantize(Decimal("0.01")):
            raise CellInvalid(f"{self.label}“{_as_text(value)}”最多保留两位小数（元到分）")
        return amount


@dataclass(frozen=True)
class Count(Cell):
    """A whole number of people, items…: not negative, below `maximum`."""

    default: Any = 0
    maximum: int = 10**9

    def parse(self, value: Any, context: Context) -> int:
        number = _decimal(value, self.label)
        if number != number.to_integral_value():
            raise CellInvalid(f"{self.label}“{_as_text(value)}”应为整数")
        if number < 0:
            raise CellInvalid(f"{self.label}不能为负数（{_as_text(value)}）")
        if number > self.maximum:
            raise CellInvalid(f"{self.label}“{_as_text(value)}”超出合理范围")
        return int(number)


@dataclass(frozen=True)
class Choice(Cell):
    """One of named choices (an enumeration): the cell's text → the stored value."""

    choices: Mapping[str, Any] = field(default_factory=dict)
    hint: str = ""

    def parse(self, value: Any, context: Context) -> Any:
        text = _as_text(value)
        if text in self.choices:
            return self.choices[text]
        shown = self.hint or "、".join(list(self.choices)[:8])
        raise CellInvalid(f"{self.label}“{text}”无法识别（应为{shown}）")


@dataclass(frozen=True)
class OrgInScope(Cell):
    """An org the user may import for, named by any of its names or codes.

    `names(user)` returns name → org, and the set of names that fit several orgs; it runs
    once per validation. Orgs outside the user's subtree are simply not among the names.
    """

    names: Callable[[Any], tuple[dict[str, Any], set[str]]] | None = None
    what: str = "单位"

    def prepare(self, context: Context) -> None:
        if id(self) not in context.lookups and self.names is not None:
            context.lookups[id(self)] = self.names(context.user)

    def parse(self, value: Any, context: Context) -> Any:
        found, ambiguous = context.lookups.get(id(self), ({}, set()))
        text = _as_text(value).replace(" ", "")
        if text in ambiguous:
            raise CellInvalid(
                f"{self.label}“{text}”对应多个{self.what}，请改填全称或统一社会信用代码"
            )
        org = found.get(text) or found.get(text.upper())
        if org is None:
            raise CellInvalid(f"未知的{self.label}“{text}”，或不在您的管辖范围内")
        return org


# --- row schemas ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of a template: the field it fills, its accepted headers (the first is the
    template's), its cell type, and an example value for the template's example row."""

    field: str
    headers: tuple[str, ...]
    cell: Cell
    example: str = ""


@dataclass
class CleanRow:
    number: int  # the row in the sheet (header = row 1)
    values: dict[str, Any]


@dataclass
class Validated:
    """The clean rows, and every error (row, column, field, message) in sheet order."""

    rows: list[CleanRow]
    errors: list[CellError]
    columns: dict[str, str]  # field → the header it was found under

    def error(self, row: int, field: str, message: str) -> None:
        self.errors.append(CellError(row, self.columns.get(field, ""), field, message))

    def raise_if_errors(self, filename: str = "") -> None:
        if self.errors:
            self.errors.sort(key=lambda e: (e.row, e.column))
            raise ImportRejected(self.errors, filename)


class RowSchema:
    """A declaration of a template's columns; validates tables (and single API payloads)."""

    def __init__(self, *columns: Column, what: str = "数据") -> None:
        self.columns = columns
        self.what = what
        self.by_field = {c.field: c for c in columns}

    @property
    def headers(self) -> list[str]:
        """The template's headers, in order."""
        return [c.headers[0] for c in self.columns]

    @property
    def aliases(self) -> dict[str, tuple[str, ...]]:
        return {c.field: c.headers for c in self.columns}

    def example_row(self) -> list[str]:
        """The template's example row, in the order of its headers (by construction)."""
        return [c.example for c in self.columns]

    def context(self, user: Any = None, today: date | None = None, **options: Any) -> Context:
        context = Context(user=user, today=today or date.today(), options=options)
        for column in self.columns:
            column.cell.prepare(context)
        return context

    def validate(
        self,
        table: Table,
        user: Any = None,
        *,
        today: date | None = None,
        context: Context | None = None,
    ) -> Validated:
        """Map the headers, clean every cell of every row; a table without rows is an error."""
        required = {c.field for c in self.columns if c.cell.required}
        found = map_columns(table.headers, self.aliases, required, table.filename)
        context = context or self.context(user, today)
        result = Validated([], [], found)
        if not table.rows:
            result.errors.append(
                CellError(0, "", "", f"文件中只有表头、没有{self.what}行：没有可导入的数据")
            )
        for number, texts in table.rows:
            typed = table.typed.get(number, {})
            values: dict[str, Any] = {}
            ok = True
            for column in self.columns:
                header = found.get(column.field)
                raw = typed.get(header, texts.get(header, "")) if header else None
                try:
                    values[column.field] = column.cell.clean(raw, context)
                except CellInvalid as exc:
                    ok = False
                    result.error(number, column.field, exc.message)
            if ok:
                result.rows.append(CleanRow(number, values))
        return result

    def clean_payload(
        self, payload: Mapping[str, Any], context: Context, *, skip: Iterable[str] = ()
    ) -> dict[str, Any]:
        """One API payload (field → value) through the same cells (but the `skip` fields,
        which the caller resolves itself); raises a Django ValidationError naming each bad
        field in Chinese."""
        from django.core.exceptions import ValidationError

        values: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for column in self.columns:
            if column.field in skip:
                continue
            if column.field not in payload and not column.cell.required:
                values[column.field] = column.cell.default
                continue
            try:
                values[column.field] = column.cell.clean(payload.get(column.field), context)
            except CellInvalid as exc:
                errors[column.field] = exc.message
        if errors:
            raise ValidationError(errors)
        return values


def names_index(orgs: Iterable[Any], keys: Callable[[Any], Iterable[str]]) -> tuple[dict, set]:
    """name → org for `OrgInScope`, with the names that fit more than one org apart."""
    found: dict[str, Any] = {}
    ambiguous: set[str] = set()
    for org in orgs:
        for key in {k.replace(" ", "") for k in keys(org) if k}:
            if key in found and found[key].pk != org.pk:
                ambiguous.add(key)
            found[key] = org
    return found, ambiguous
