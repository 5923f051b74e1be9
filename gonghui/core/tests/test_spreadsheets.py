import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from gonghui.core.spreadsheets import (
    CellError,
    ImportRejected,
    errors_xlsx,
    map_columns,
    read_table,
    write_xlsx,
)


def _xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_an_xlsx_is_read_with_its_row_numbers_and_blank_rows_skipped() -> None:
    table = read_table(
        _xlsx([["序号", "工作任务"], [1, "换届"], [None, None], [3, "经费"]]), "plan.xlsx"
    )
    assert table.headers == ["序号", "工作任务"]
    assert table.rows == [
        (2, {"序号": "1", "工作任务": "换届"}),
        (4, {"序号": "3", "工作任务": "经费"}),
    ]


def test_a_gbk_csv_is_read() -> None:
    data = "姓名,身份证号\n张三,11010519491231002X\n".encode("gb18030")
    assert read_table(data, "list.csv").rows == [
        (2, {"姓名": "张三", "身份证号": "11010519491231002X"})
    ]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"\x00\x01binary\x00", "fake.csv", "二进制"),
        (b"not a zip at all", "fake.xlsx", "不是有效的 Excel"),
        (b"", "empty.csv", "空的"),
        (b"a,b\n", "list.pdf", "只支持"),
    ],
)
def test_malformed_files_get_a_clear_message(data: bytes, name: str, message: str) -> None:
    with pytest.raises(ImportRejected, match=message):
        read_table(data, name)


def test_an_xlsx_bomb_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 50_000_000)
    with pytest.raises(ImportRejected, match="压缩炸弹"):
        read_table(buffer.getvalue(), "bomb.xlsx")


def test_missing_required_columns_are_named() -> None:
    spec = {"id": ("身份证号", "公民身份号码"), "name": ("姓名",)}
    assert map_columns(["公民身份号码", "姓名"], spec, {"id", "name"}) == {
        "id": "公民身份号码",
        "name": "姓名",
    }
    with pytest.raises(ImportRejected, match="缺少「身份证号」列"):
        map_columns(["姓名"], spec, {"id", "name"}, "x.xlsx")


def test_exports_neutralise_formulas() -> None:
    content = write_xlsx(["名称"], [['=HYPERLINK("http://x")'], ["正常"]], "导出")
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet["A2"].value == '\'=HYPERLINK("http://x")'
    assert sheet["A3"].value == "正常"


def test_the_error_report_marks_the_bad_cells() -> None:
    table = read_table(
        _xlsx([["姓名", "身份证号"], ["张三", "123"], ["李四", "11010519491231002X"]]), "a.xlsx"
    )
    content = errors_xlsx(table, [CellError(2, "身份证号", "id", "长度不对")])
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet["B2"].fill.fgColor.rgb.endswith("FFC7CE")
    assert "第2行「身份证号」列：长度不对" in sheet["C2"].value
    assert sheet["C3"].value in (None, "")


def test_a_sheet_starting_below_and_right_of_a1_keeps_its_row_numbers_and_columns() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet["B1"], sheet["C1"] = "姓名", "身份证号"
    sheet["B4"], sheet["C4"] = "张三", "350402195001010012"
    sheet["C5"] = "备注"
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue(), "offset.xlsx")
    assert table.headers == ["", "姓名", "身份证号"]
    assert table.rows == [
        (4, {"": "", "姓名": "张三", "身份证号": "350402195001010012"}),
        (5, {"": "", "姓名": "", "身份证号": "备注"}),
    ]


def test_xlsx_dates_and_whole_numbers_read_as_plain_text() -> None:
    from datetime import date, datetime

    table = read_table(
        _xlsx([["日期", "时间", "金额"], [date(2018, 6, 30), datetime(2018, 6, 30, 8, 5), 12.0]]),
        "dates.xlsx",
    )
    assert table.rows == [(2, {"日期": "2018-06-30", "时间": "2018-06-30T08:05:00", "金额": "12"})]


def test_an_xlsx_with_no_cells_is_refused_as_empty() -> None:
    with pytest.raises(ImportRejected, match="工作表是空的"):
        read_table(_xlsx([]), "empty.xlsx")
