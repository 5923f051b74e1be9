"""The one row-validation layer: typed cells, each with one Chinese message; row schemas."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.core import cells, idnumbers
from gonghui.core.spreadsheets import ImportRejected, Table, read_table
from gonghui.core.tests.badfiles import xlsx

CJK = re.compile(r"[\u4e00-\u9fff]")
CONTEXT = cells.Context(today=date(2018, 7, 10))


def refusal(cell: cells.Cell, value: object) -> str:
    with pytest.raises(cells.CellInvalid) as refused:
        cell.clean(value, CONTEXT)
    assert CJK.search(refused.value.message)
    return refused.value.message


def _id(first17: str) -> str:
    return first17 + idnumbers.check_char(first17)


ids = st.builds(
    lambda region, day, seq: _id(f"{region}{day:%Y%m%d}{seq:03d}"),
    st.sampled_from(["350402", "350430", "350481", "110105"]),
    st.dates(date(1940, 1, 1), date(2000, 12, 31)),
    st.integers(0, 999),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ids)
def test_an_id_number_cell_that_excel_holds_as_a_number_is_always_refused(number: str) -> None:
    # Excel keeps 15 significant digits: the float is what a number cell reads back as.
    as_float = float(number[:17] + ("0" if number[17] == "X" else number[17]))
    for value in (as_float, int(as_float), f"{as_float:.5E}", f"{as_float:.5e}".upper()):
        message = refusal(cells.IdNumber(), value)
        assert "Excel" in message and "文本" in message


def test_about_one_in_eleven_rounded_numbers_passes_the_check_digit_as_someone_else() -> None:
    """Why the type of the cell, not the check digit, must decide: the rounded number of
    a real ID is often another valid ID (the defect of issue #22)."""
    passing = 0
    for seq in range(1000):
        real = _id(f"35040219750520{seq:03d}")
        rounded = str(int(float(real[:17] + "0")))  # what the old reader made of the cell
        if idnumbers.is_valid(rounded) and rounded != real:
            passing += 1
            refusal(cells.IdNumber(), float(rounded))
    assert passing > 50


def test_an_id_number_typed_as_text_is_read_and_made_canonical() -> None:
    number = _id("35040219750520001")
    assert cells.IdNumber().clean(f" {number.lower()} ", CONTEXT) == number
    assert "校验位" in refusal(cells.IdNumber(), number[:17] + ("1" if number[17] != "1" else "2"))
    assert refusal(cells.IdNumber(), "") == "身份证号不能为空"


@pytest.mark.parametrize(
    "text",
    [
        "2018-06-30",
        "2018/6/30",
        "2018.6.30",
        "2018年6月30日",
        "２０１８-06-30",
        "2018-06-30 00:00:00",
    ],
)
def test_the_dates_offices_write_are_read(text: str) -> None:
    assert cells.parse_day(text) == date(2018, 6, 30)


@pytest.mark.parametrize(
    "text", ["2018-02-30", "2018-13-01", "2018-06-31", "2017-02-29", "30/6/2018"]
)
def test_a_date_that_does_not_exist_is_refused(text: str) -> None:
    assert cells.parse_day(text) is None
    assert "不是有效日期" in refusal(cells.Day("建档日期"), text)


def test_a_date_cell_is_taken_as_it_is_and_a_future_date_is_refused() -> None:
    assert cells.Day("授予日期").clean(datetime(2014, 4, 28), CONTEXT) == date(2014, 4, 28)
    assert "晚于今天" in refusal(cells.Day("授予日期"), "2018-07-11")


@pytest.mark.parametrize(
    ("value", "month"),
    [
        ("2018-06", date(2018, 6, 1)),
        ("2018/6", date(2018, 6, 1)),
        ("201806", date(2018, 6, 1)),
        (201806.0, date(2018, 6, 1)),
        ("2018年6月", date(2018, 6, 1)),
        ("2018-06-30", date(2018, 6, 1)),
        (date(2018, 6, 30), date(2018, 6, 1)),
        ("2018-02-30", None),
        ("2018-13", None),
        ("六月", None),
    ],
)
def test_months_share_the_date_rule(value: object, month: date | None) -> None:
    assert cells.parse_month(value) == month


def test_a_month_is_refused_naming_what_is_wrong() -> None:
    assert "不是有效月份" in refusal(cells.Month("所属月份"), "2018-02-30")
    assert "尚未到来" in refusal(cells.Month("所属月份"), "2018-08")


@pytest.mark.parametrize(
    ("value", "amount"),
    [
        ("1,234.5", Decimal("1234.5")),
        ("¥300", Decimal(300)),
        (1234.5600000000001, Decimal("1234.56")),
    ],
)
def test_money_is_read_as_offices_write_it(value: object, amount: Decimal) -> None:
    assert cells.Money("月收入").clean(value, CONTEXT) == amount


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("八百", "中文数字"),
        ("壹仟元", "中文数字"),
        ("-5", "负数"),
        ("abc", "不是数字"),
        ("NaN", "不是数字"),
        ("1.005", "两位小数"),
        ("1E+999999999", "超出合理范围"),
        ("1E-999999999", "两位小数"),
        ("-Infinity", "不是数字"),
    ],
)
def test_bad_money_is_refused_in_chinese(value: str, words: str) -> None:
    assert words in refusal(cells.Money("月收入"), value)


def test_a_count_is_a_whole_number() -> None:
    assert cells.Count("人数").clean("12", CONTEXT) == 12
    assert "整数" in refusal(cells.Count("人数"), "2.5")
    assert "中文数字" in refusal(cells.Count("人数"), "三")


def test_a_choice_names_what_it_accepts() -> None:
    cell = cells.Choice("称号级别", choices={"全国": 1, "省级": 2}, hint="全国或省级")
    assert cell.clean("省级", CONTEXT) == 2
    assert "全国或省级" in refusal(cell, "区级")


def test_text_has_a_length_limit() -> None:
    assert "超过5字" in refusal(cells.Text("姓名", max_length=5), "一二三四五六")


SCHEMA = cells.RowSchema(
    cells.Column("name", ("姓名",), cells.Text("姓名", max_length=10), "张三"),
    cells.Column("id_number", ("身份证号",), cells.IdNumber(), "11010519491231002X"),
    cells.Column("day", ("日期",), cells.Day("日期", required=False), "2018-06-30"),
)


def test_a_schema_returns_clean_rows_or_every_error_with_row_and_column() -> None:
    good = _id("35040219750520001")
    content = xlsx(
        SCHEMA.headers,
        [["张三", good, "2018-06-30"], ["李四", float(good[:17] + "0"), "2018-02-30"]],
    )
    checked = SCHEMA.validate(read_table(content, "a.xlsx"), today=date(2018, 7, 10))
    assert [r.values for r in checked.rows] == [
        {"name": "张三", "id_number": good, "day": date(2018, 6, 30)}
    ]
    assert [(e.row, e.column, e.field) for e in checked.errors] == [
        (3, "身份证号", "id_number"),
        (3, "日期", "day"),
    ]


def test_a_sheet_with_headers_and_no_rows_is_an_error_not_a_success() -> None:
    checked = SCHEMA.validate(Table("a.csv", SCHEMA.headers, []))
    with pytest.raises(ImportRejected, match="没有可导入的数据"):
        checked.raise_if_errors("a.csv")


def test_the_example_row_follows_the_headers() -> None:
    assert SCHEMA.example_row() == ["张三", "11010519491231002X", "2018-06-30"]
    checked = SCHEMA.validate(
        Table(
            "t.csv",
            SCHEMA.headers,
            [(2, dict(zip(SCHEMA.headers, SCHEMA.example_row(), strict=True)))],
        )
    )
    assert not checked.errors


def test_an_api_payload_goes_through_the_same_cells() -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        SCHEMA.clean_payload({"name": "张三", "id_number": 3.50402e17}, CONTEXT)
    assert "Excel" in refused.value.message_dict["id_number"][0]


def test_the_reader_keeps_the_type_of_number_and_date_cells() -> None:
    table = read_table(xlsx(["身份证号", "日期"], [[3.50402e17, date(2018, 6, 30)]]), "a.xlsx")
    assert isinstance(table.typed[2]["身份证号"], float)
    assert table.rows[0][1]["日期"] == "2018-06-30"


def test_a_utf16_csv_from_excels_unicode_text_is_read() -> None:
    content = "姓名\t身份证号\n张三\t11010519491231002X\n".encode("utf-16")
    table = read_table(content, "名单.csv")
    assert table.rows == [(2, {"姓名": "张三", "身份证号": "11010519491231002X"})]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=30), st.floats(), st.integers(), st.decimals()))
def test_any_value_in_a_number_cell_is_read_or_refused_in_chinese(value: object) -> None:
    for cell in (cells.Money("金额"), cells.Count("人数"), cells.Month("月份"), cells.Day("日期")):
        try:
            cell.clean(value, CONTEXT)
        except cells.CellInvalid as exc:
            assert CJK.search(exc.message)
