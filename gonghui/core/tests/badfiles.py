"""A corpus of hostile and malformed upload files, generated (no binaries in the repository).

`file_cases()` are files wrong as files (whatever the import); `row_cases(...)` are good
sheets of one import with one bad cell (numeric IDs, impossible dates, Chinese numerals).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook

from gonghui.core.spreadsheets import MAX_UPLOAD_BYTES, write_xlsx


@dataclass(frozen=True)
class Case:
    """One upload: its name, its bytes, and where the refusal must point (row, column)."""

    id: str
    filename: str
    content: bytes
    row: int = 0  # 0: a refusal of the whole file
    column: str = ""


def xlsx(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    """An xlsx whose cells keep their Python types (a number stays a number cell)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _replace_member(content: bytes, name: str, new: Callable[[bytes], bytes]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(info.filename, new(data) if info.filename == name else data)
    return out.getvalue()


_XXE = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
)
_LAUGHS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!DOCTYPE lolz [\n'
    b'<!ENTITY lol "lol">\n'
    + b"".join(
        b'<!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b"]>\n"
)


def _with_doctype(doctype: bytes, entity: bytes) -> Callable[[bytes], bytes]:
    def change(xml: bytes) -> bytes:
        body = xml.split(b"?>", 1)[1].lstrip() if xml.startswith(b"<?xml") else xml
        # The entity is used in the first cell's text, where a parser would expand it.
        body = body.replace(b"<c ", b'<c t="inlineStr" ', 1)
        start = body.index(b"<c ")
        end = body.index(b"</c>", start)
        cell_open = body[start : body.index(b">", start) + 1]
        cell = cell_open + b"<is><t>" + entity + b"</t></is>"
        return doctype + body[:start] + cell + body[end:]

    return change


def file_cases(headers: Sequence[str], good_row: Sequence[Any]) -> list[Case]:
    """Files that are wrong as files, built around one import's headers and a good row."""
    good = xlsx(headers, [good_row])
    csv_text = ",".join(headers) + "\n" + ",".join(str(v) for v in good_row) + "\n"
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in zipfile.ZipFile(io.BytesIO(good)).namelist():
            archive.writestr(name, zipfile.ZipFile(io.BytesIO(good)).read(name))
        archive.writestr("xl/media/padding.bin", b"\0" * (20 * 1024 * 1024))
    html = b"<!DOCTYPE html><html><head><title>x</title></head><body><table><tr><td>1</td></tr></table></body></html>"
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4088  # an encrypted xlsx is an OLE2 file
    return [
        Case("truncated-xlsx", "截断.xlsx", good[: len(good) // 2]),
        Case("encrypted-xlsx", "加密.xlsx", ole + b"EncryptedPackage" + b"\x01" * 2048),
        Case("zip-bomb-xlsx", "炸弹.xlsx", bomb.getvalue()),
        Case(
            "xxe-xlsx",
            "外部实体.xlsx",
            _replace_member(good, "xl/worksheets/sheet1.xml", _with_doctype(_XXE, b"&xxe;")),
        ),
        Case(
            "billion-laughs-xlsx",
            "亿笑.xlsx",
            _replace_member(good, "xl/worksheets/sheet1.xml", _with_doctype(_LAUGHS, b"&lol9;")),
        ),
        Case("html-as-xlsx", "网页.xlsx", html),
        Case("svg-as-xlsx", "图.xlsx", svg),
        Case("html-as-pdf", "网页.pdf", html),
        Case("svg-as-jpg", "图.jpg", svg),
        Case("html-as-csv", "网页.csv", html),
        Case("empty-xlsx", "空.xlsx", b""),
        Case("empty-csv", "空.csv", b""),
        Case("header-only-xlsx", "只有表头.xlsx", xlsx(headers, [])),
        Case("header-only-csv", "只有表头.csv", (",".join(headers) + "\n").encode()),
        Case("binary-as-csv", "二进制.csv", b"\x00\x01\x02PK\x03\x04" * 100),
        Case("gbk-header-only", "GBK.csv", (",".join(headers) + "\n").encode("gbk")),
        Case("utf16-header-only", "UTF16.csv", (",".join(headers) + "\n").encode("utf-16")),
        Case(
            "unbalanced-quote-csv",
            "引号.csv",
            csv_text.replace(",", ',"', 1).encode() + b"x" * 140_000,
        ),
    ]


def big_case(headers: Sequence[str], good_row: Sequence[Any]) -> Case:
    """A CSV just over the size limit (50 MB) of good-looking rows."""
    line = (",".join(str(v) for v in good_row) + "\n").encode()
    head = (",".join(headers) + "\n").encode()
    count = (MAX_UPLOAD_BYTES - len(head)) // len(line) + 2
    return Case("50mb-csv", "大文件.csv", head + line * count)


def row_cases(
    headers: Sequence[str],
    good_row: Sequence[Any],
    changes: Sequence[tuple[str, str, Any]],
    extra_rows: Sequence[Sequence[Any]] = (),
) -> list[Case]:
    """A good sheet with one bad cell each: (case id, column header, bad value). Each comes
    as xlsx (the value's own type: a float stays a number cell), and text values also as
    GBK and UTF-16 CSV; the bad cell is on row 2."""
    cases = []
    for case_id, header, value in changes:
        row = list(good_row)
        row[list(headers).index(header)] = value
        rows = [row, *extra_rows]
        cases.append(Case(f"{case_id}-xlsx", f"{case_id}.xlsx", xlsx(headers, rows), 2, header))
        if isinstance(value, str):
            text = "\n".join(",".join(str(v) for v in r) for r in [headers, *rows]) + "\n"
            for encoding in ("gbk", "utf-16"):
                cases.append(
                    Case(
                        f"{case_id}-{encoding}-csv",
                        f"{case_id}.csv",
                        text.encode(encoding),
                        2,
                        header,
                    )
                )
    return cases


def written_xlsx(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    """An xlsx as the platform's own exporter writes it (all text)."""
    return write_xlsx(list(headers), rows, "Sheet1")
