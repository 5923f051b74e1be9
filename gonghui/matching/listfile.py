"""List files for comparison (名单文件): type and encoding checks, XLSX to Parquet, headers.

Pure (no Django). Malformed files (wrong encoding, binary renamed .csv, xlsx bombs, blank or
duplicate headers) are refused with a Chinese message before anything is compared.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from gonghui.core.idnumbers import looks_like_excel_number

_MAX_XLSX_UNCOMPRESSED = 4 * 1024**3
_MAX_XLSX_RATIO = 200


class ListFileError(ValueError):
    """The list file cannot be read or mapped; ``str()`` is a Chinese message saying why."""


def file_format(filename: str) -> str:
    """Return "csv", "parquet" or "xlsx" from the file name, or raise ListFileError."""
    suffix = Path(filename).suffix.lower()
    formats = {".csv": "csv", ".txt": "csv", ".parquet": "parquet", ".xlsx": "xlsx"}
    if suffix not in formats:
        raise ListFileError(
            f"不支持的文件类型“{suffix or '无扩展名'}”：请上传 CSV、XLSX 或 Parquet 文件"
        )
    return formats[suffix]


def sql_str(value: str) -> str:
    """Quote a string as an SQL literal."""
    return "'" + value.replace("'", "''") + "'"


def ident(name: str) -> str:
    """Quote an identifier (a list header may be any text)."""
    return '"' + name.replace('"', '""') + '"'


def _check_text_file(path: Path) -> str:
    """Refuse binary files; return the encoding ("utf-8", or "gb18030" needing transcoding)."""
    with path.open("rb") as handle:
        head = handle.read(1 << 16)
    if not head.strip():
        raise ListFileError("文件为空：没有表头和数据行")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ListFileError(
            "文件是 UTF-16（Excel 的“Unicode 文本”）编码：请另存为 UTF-8 或 GBK 编码的 CSV"
        )
    if b"\x00" in head or head.startswith((b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0")):
        raise ListFileError(
            "文件不是文本格式的 CSV（可能是改了扩展名的 Excel、压缩包或其他二进制文件）"
        )
    # A multi-byte character may be cut at the end of the 64 KB sample.
    for cut in range(4):
        try:
            head[: len(head) - cut].decode("utf-8")
            return "utf-8"
        except UnicodeDecodeError:
            continue
    for cut in range(4):
        try:
            head[: len(head) - cut].decode("gb18030")
            return "gb18030"
        except UnicodeDecodeError:
            continue
    raise ListFileError("文件编码无法识别：请另存为 UTF-8 或 GB18030（GBK）编码的 CSV")


def _transcode_to_utf8(path: Path, work_dir: Path) -> Path:
    """Stream a GB18030 CSV into a UTF-8 copy (DuckDB reads UTF-8 only without extensions)."""
    target = work_dir / "list-utf8.csv"
    try:
        with (
            path.open("r", encoding="gb18030", newline="") as src,
            target.open("w", encoding="utf-8", newline="") as dst,
        ):
            while chunk := src.read(1 << 22):
                dst.write(chunk)
    except UnicodeDecodeError as exc:
        raise ListFileError(
            f"文件编码错误：第{exc.start}字节附近既不是 UTF-8 也不是 GB18030，请检查文件"
        ) from exc
    return target


def _check_xlsx(path: Path) -> None:
    """Refuse files that are not xlsx archives, and zip bombs, before any cell is read."""
    if not zipfile.is_zipfile(path):
        raise ListFileError("文件不是有效的 XLSX（Excel 2007 及以上）文件")
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
        names = {info.filename for info in infos}
        if "xl/workbook.xml" not in names:
            raise ListFileError("文件不是有效的 XLSX 工作簿：缺少 xl/workbook.xml")
        total = sum(info.file_size for info in infos)
        packed = max(1, sum(info.compress_size for info in infos))
    if total > _MAX_XLSX_UNCOMPRESSED or total / packed > _MAX_XLSX_RATIO:
        raise ListFileError(
            f"XLSX 文件解压后过大（{total / 1024**2:.0f} MB，压缩比 {total / packed:.0f}:1），"
            "疑似恶意文件，已拒绝；请改为上传 CSV"
        )


def _open_xlsx(path: Path) -> tuple[Any, Any, list[str]]:
    """The first sheet of a checked xlsx, its row iterator (past the header) and headers."""
    from python_calamine import CalamineWorkbook

    _check_xlsx(path)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
        rows = sheet.iter_rows()
        headers = [_cell_text(cell) for cell in next(rows)]
    except StopIteration as exc:
        raise ListFileError("XLSX 文件的第一个工作表是空的") from exc
    except Exception as exc:  # calamine raises its own error types for broken files
        # Its text is English and technical (XXE and billion-laughs files end here with
        # "unrecognized entity"): say in Chinese what it means for the user.
        raise ListFileError(
            "无法读取 XLSX 文件：文件已损坏，或含有不允许的内容（如外部实体、实体定义），"
            "请用 Excel 打开后另存为新的 .xlsx 文件再上传"
        ) from exc
    _check_headers(headers)
    return sheet, rows, headers


def xlsx_headers(path: Path) -> list[str]:
    """The header row of an xlsx, without converting the sheet."""
    return _open_xlsx(path)[2]


def xlsx_has_rows(path: Path) -> bool:
    """Whether the first sheet has a row with a value below its header."""
    _, rows, _ = _open_xlsx(path)
    return any(any(cell not in (None, "") for cell in row) for row in rows)


def csv_has_rows(path: Path) -> bool:
    """Whether a text list has a non-blank line after its header (64 KB looked at)."""
    with path.open("rb") as handle:
        lines = handle.read(1 << 16).splitlines()
    return any(line.strip(b" ,;\t\r") for line in lines[1:])


def xlsx_number_ids(path: Path, header: str, limit: int = 5) -> tuple[int, list[int]]:
    """The ID cells (column `header`) that Excel holds as numbers or in scientific notation:
    their count and the first `limit` row numbers. Converted to text they look like IDs
    with their last digits changed, and may be someone else's valid number."""
    sheet, rows, headers = _open_xlsx(path)
    if header not in headers:
        return 0, []
    index = headers.index(header)
    first = (sheet.start[0] + 2) if sheet.start else 2
    count, where = 0, []
    for number, row in enumerate(rows, start=first):
        if index < len(row) and looks_like_excel_number(row[index]):
            count += 1
            if len(where) < limit:
                where.append(number)
    return count, where


def xlsx_to_parquet(path: Path, target: Path, batch_rows: int = 50_000) -> tuple[Path, int]:
    """Write the first sheet of an xlsx into Parquet in batches (all cells as text); return
    it and the header's row number."""
    sheet, rows, headers = _open_xlsx(path)
    header_row = (sheet.start[0] + 1) if sheet.start else 1
    schema = pa.schema([(name, pa.string()) for name in headers])
    writer = pq.ParquetWriter(target, schema)
    batch: list[list[str]] = [[] for _ in headers]
    width = len(headers)

    def flush() -> None:
        writer.write_table(pa.table(dict(zip(headers, batch, strict=True)), schema=schema))
        for column in batch:
            column.clear()

    for row in rows:
        for index in range(width):
            cell = row[index] if index < len(row) else ""
            batch[index].append(_cell_text(cell))
        if len(batch[0]) >= batch_rows:
            flush()
    if batch[0] or writer is not None:
        flush()
    writer.close()
    return target, header_row


def _cell_text(cell: Any) -> str:
    """Text of a spreadsheet cell; whole floats lose their ".0". A number of 15 digits or
    more is written as Excel shows it (3.50402E+17): it can only be an ID or account number
    whose last digits Excel has lost, which must not pass for a valid number."""
    if cell is None:
        return ""
    if isinstance(cell, int | float) and not isinstance(cell, bool) and abs(cell) >= 1e14:
        return f"{cell:.5E}"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if hasattr(cell, "isoformat"):
        return cell.isoformat()[:10] if not hasattr(cell, "hour") else cell.isoformat()
    return str(cell).strip()


def _check_headers(headers: list[str]) -> None:
    """Refuse blank and duplicate headers, which make a mapping ambiguous."""
    seen: set[str] = set()
    for number, name in enumerate(headers, start=1):
        if not name:
            raise ListFileError(f"表头第{number}列为空：请给每一列写上列名")
        if name in seen:
            raise ListFileError(f"表头有重复的列名“{name}”：请改成不同的列名")
        seen.add(name)


@dataclass
class Source:
    """The list file as DuckDB sees it, and how its rows are numbered for people."""

    relation_sql: str
    headers: list[str]
    first_row: int  # the sheet/file row number of the first data row


def open_source(con: duckdb.DuckDBPyConnection, path: Path, fmt: str, work_dir: Path) -> Source:
    """Prepare the list file (transcode CSV, convert XLSX) and return how to select from it."""
    if not path.exists():
        raise ListFileError(f"找不到文件：{path}")
    first_row = 2
    if fmt == "xlsx":
        path, header_row = xlsx_to_parquet(path, work_dir / "list.parquet")
        fmt = "parquet"
        first_row = header_row + 1
    elif fmt == "parquet":
        first_row = 1
        try:
            pq.ParquetFile(path)
        except Exception as exc:
            raise ListFileError("文件不是有效的 Parquet 文件") from exc
    if fmt == "csv":
        if _check_text_file(path) == "gb18030":
            path = _transcode_to_utf8(path, work_dir)
        relation = (
            f"read_csv({sql_str(str(path))}, header = true, all_varchar = true, "
            "sample_size = 20480, strict_mode = false, null_padding = true)"
        )
    else:
        relation = f"read_parquet({sql_str(str(path))})"
    try:
        headers = [row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall()]
    except duckdb.Error as exc:
        raise ListFileError(short_error(exc)) from exc
    _check_headers(headers)
    return Source(relation, headers, first_row)


READ_REFUSAL = (
    "文件内容不规范，无法逐行读取（如引号不配对、各行列数不一致、单元格过长或编码有误）："
    "请用 Excel 打开后另存为 UTF-8 编码的 CSV 或 .xlsx 再上传"
)


def short_error(exc: Exception) -> str:
    """A Chinese refusal for a file DuckDB cannot read (its own text is English and
    technical, e.g. "CSV Error on Line: 3"; kept on the exception chain for the log)."""
    return READ_REFUSAL
