"""The one importer and exporter of spreadsheets (Excel is how counties submit).

Import: `read_table` parses an upload (xlsx or csv), `map_columns` finds the fields among the
Chinese headers, the module validates every row and collects `CellError`s, and raises
`ImportRejected` before writing anything; it writes in one transaction. Export: `write_xlsx`
with formula injection neutralised, `errors_xlsx` for the error report.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from python_calamine import CalamineWorkbook

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
# An xlsx is a zip: refuse archives that inflate far beyond their size (zip bombs).
MAX_XLSX_UNCOMPRESSED = 500 * 1024 * 1024
MAX_XLSX_RATIO = 200
MAX_ROWS = 1_000_000
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class CellError:
    """A bad cell: its row in the sheet (header = row 1), column header, field and message."""

    row: int
    column: str
    field: str
    message: str

    def __str__(self) -> str:
        # Row 0 is the file as a whole (empty, not a sheet…): the message says it all.
        where = f"第{self.row}行" if self.row else ""
        column = f"「{self.column}」列" if self.column else ""
        return f"{where}{column}：{self.message}" if where or column else self.message


class ImportRejected(Exception):
    """The file was not imported; `errors` says every place that is wrong."""

    def __init__(self, errors: list[CellError], filename: str = "") -> None:
        self.errors = errors
        self.filename = filename
        super().__init__(error_message(errors, filename))


def error_message(errors: Sequence[CellError], filename: str = "", limit: int = 20) -> str:
    """A Chinese summary: the file, how many errors, the first `limit` of them."""
    head = f"文件“{filename}”" if filename else "文件"
    lines = [f"{head}有{len(errors)}处错误，未导入任何数据："]
    lines.extend(str(e) for e in errors[:limit])
    if len(errors) > limit:
        lines.append(f"……另有{len(errors) - limit}处错误，请下载错误报告查看。")
    return "\n".join(lines)


@dataclass
class Table:
    """The rows of the first sheet, as header → text, each with its row number in the sheet.

    `typed` keeps, per row number, the cells the sheet holds as numbers, dates or booleans
    (header → value): an ID number typed as a number must be told from one typed as text
    (Excel has rounded the former), and a date cell needs no parsing.
    """

    filename: str
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    typed: dict[int, dict[str, Any]] = field(default_factory=dict)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_bytes(source: Any) -> bytes:
    if isinstance(source, bytes):
        return source
    if isinstance(source, str | Path):
        return Path(source).read_bytes()
    if hasattr(source, "chunks"):
        return b"".join(source.chunks())
    return source.read()


def read_table(source: Any, filename: str) -> Table:
    """Parse an uploaded xlsx or csv (UTF-8 or GB18030) into a Table, or raise ImportRejected."""
    data = _read_bytes(source)
    if len(data) > MAX_UPLOAD_BYTES:
        raise _file_error(filename, f"文件超过{MAX_UPLOAD_BYTES // 1024 // 1024}MB")
    if not data:
        raise _file_error(filename, "文件是空的（0字节），请重新选择要导入的文件")
    suffix = Path(filename).suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        return _read_xlsx(data, filename)
    if suffix in {".csv", ".txt"}:
        return _read_csv(data, filename)
    raise _file_error(filename, "只支持 .xlsx 或 .csv 文件（.xls 请先另存为 .xlsx）")


def _file_error(filename: str, message: str) -> ImportRejected:
    return ImportRejected([CellError(0, "", "", message)], filename)


def _read_xlsx(data: bytes, filename: str) -> Table:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise _file_error(
            filename, "不是有效的 Excel（.xlsx）文件，可能已损坏或只是改了扩展名"
        ) from None
    if inflated > MAX_XLSX_UNCOMPRESSED or inflated > MAX_XLSX_RATIO * max(len(data), 1):
        raise _file_error(filename, "文件解压后异常庞大，已拒绝（疑似压缩炸弹）")
    try:
        # calamine (Rust) parses a 70,000-row sheet in about a second; openpyxl's read-only
        # mode took tens of seconds. openpyxl is still used for writing.
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = workbook.get_sheet_by_index(0)
        rows_iter = iter(sheet.iter_rows())
    except Exception:  # noqa: BLE001  (calamine raises several kinds on malformed packages)
        raise _file_error(filename, "无法读取该 Excel 文件，请确认文件完好") from None
    try:
        # calamine pads the rows above the used range but not the columns to its left: pad
        # them, so the headers and cells line up with the sheet's columns as Excel shows them.
        start = sheet.start
        pad = [""] * (start[1] if start else 0)
        header_row = next(rows_iter, None)
        if header_row is None:
            raise _file_error(filename, "工作表是空的")
        headers = [_text(h) for h in (*pad, *header_row)]
        table = Table(filename, headers)
        for number, values in enumerate(rows_iter, start=2):
            texts = [_text(v) for v in values]
            if not any(texts):
                continue
            if len(table.rows) >= MAX_ROWS:
                raise _file_error(filename, f"超过{MAX_ROWS}行，请拆分后导入")
            table.rows.append((number, dict(zip(headers, (*pad, *texts), strict=False))))
            typed = {
                header: value
                for header, value in zip(headers, (*pad, *values), strict=False)
                if value is not None and not isinstance(value, str)
            }
            if typed:
                table.typed[number] = typed
        return table
    finally:
        workbook.close()


def _read_csv(data: bytes, filename: str) -> Table:
    encodings: tuple[str, ...] = ("utf-8-sig", "gb18030")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Unicode text" (UTF-16 with a byte-order mark).
        encodings = ("utf-16",)
    elif b"\x00" in data[:4096]:
        raise _file_error(filename, "不是文本格式的 CSV 文件（含二进制内容）")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise _file_error(filename, "无法识别文件编码，请另存为 UTF-8 或 GBK 编码的 CSV")
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        return _csv_rows(reader, filename)
    except csv.Error:
        # A stray quote or a single field past csv's limit (128 KB): not a sheet people wrote.
        raise _file_error(
            filename, "CSV 文件格式错误（引号不配对或单元格过长），请用 Excel 另存为 CSV 后重试"
        ) from None


def _csv_rows(reader: Any, filename: str) -> Table:
    header_row = next(reader, None)
    if header_row is None:
        raise _file_error(filename, "文件是空的")
    headers = [h.strip() for h in header_row]
    table = Table(filename, headers)
    for number, values in enumerate(reader, start=2):
        texts = [v.strip() for v in values]
        if not any(texts):
            continue
        if len(table.rows) >= MAX_ROWS:
            raise _file_error(filename, f"超过{MAX_ROWS}行，请拆分后导入")
        table.rows.append((number, dict(zip(headers, texts, strict=False))))
    return table


def map_columns(
    headers: Sequence[str],
    spec: dict[str, tuple[str, ...]],
    required: set[str],
    filename: str = "",
) -> dict[str, str]:
    """Find each field's column among the headers (spec: field → accepted header names)."""
    normalized = {h.replace(" ", "").replace("\u3000", ""): h for h in headers if h}
    found: dict[str, str] = {}
    errors = []
    for name, aliases in spec.items():
        for alias in aliases:
            if alias in normalized:
                found[name] = normalized[alias]
                break
        else:
            if name in required:
                errors.append(CellError(1, aliases[0], name, f"缺少「{aliases[0]}」列"))
    if errors:
        raise ImportRejected(errors, filename)
    return found


def _safe(value: object) -> object:
    """Neutralise formula injection: text starting with = + - @ is written as text."""
    if isinstance(value, str) and value[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + value
    if isinstance(value, Decimal):
        return float(value)
    return value


def write_xlsx(headers: list[str], rows: Iterable[Sequence[object]], sheet_title: str) -> bytes:
    """An xlsx with one sheet: bold headers, then the rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31] or "Sheet1")
    bold = Font(bold=True)
    from openpyxl.cell import WriteOnlyCell

    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=_safe(header))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([_safe(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# An ID number anywhere in a cell (18 characters, or the first generation's 15 digits), and a
# number cell long enough to be one that Excel turned into a number.
_ID_IN_TEXT = re.compile(r"(?<![0-9])(?:[1-9][0-9]{16}[0-9Xx]|[1-9][0-9]{14})(?![0-9])")


def mask_id_numbers(value: object) -> object:
    """The value with every ID number in it masked (first 6 and last 4 characters shown)."""
    from gonghui.core.idnumbers import mask

    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal) and abs(value) >= 10**14:
        value = f"{value:f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
    if not isinstance(value, str):
        return value
    return _ID_IN_TEXT.sub(lambda found: mask(found.group(0)), value)


def errors_xlsx(table: Table, errors: Sequence[CellError]) -> bytes:
    """The uploaded rows with the bad cells filled red and a 错误说明 column; ID numbers are
    masked (the report is a file that leaves the system: the user needs the row, not the ID)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "错误报告"
    sheet.append([*(_safe(mask_id_numbers(h)) for h in table.headers), "错误说明"])
    red = PatternFill("solid", fgColor="FFC7CE")
    by_row: dict[int, list[CellError]] = {}
    for error in errors:
        by_row.setdefault(error.row, []).append(error)
    column_of = {h: i + 1 for i, h in enumerate(table.headers)}
    for out_row, (number, values) in enumerate(table.rows, start=2):
        row_errors = by_row.get(number, [])
        sheet.append(
            [
                *(_safe(mask_id_numbers(values.get(h, ""))) for h in table.headers),
                mask_id_numbers("；".join(str(e) for e in row_errors)),
            ]
        )
        for error in row_errors:
            if error.column in column_of:
                sheet.cell(row=out_row, column=column_of[error.column]).fill = red
    general = [mask_id_numbers(str(e)) for e in errors if e.row not in {n for n, _ in table.rows}]
    if general:
        sheet.append([])
        for message in general:
            sheet.append([message])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """A download of an xlsx with a Chinese file name."""
    response = HttpResponse(content, content_type=XLSX_MIME)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
