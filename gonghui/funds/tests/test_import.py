from datetime import date
from decimal import Decimal

import pytest

from gonghui.conftest import client_for
from gonghui.core.models import AuditEntry
from gonghui.core.spreadsheets import ImportRejected
from gonghui.funds import actions
from gonghui.funds.models import DuesReceipt
from gonghui.funds.tests.helpers import code

HEADER = "所属月份,县（市、区）,缴费单位名称,统一社会信用代码,工资总额,缴费金额\n"
TODAY = date(2018, 7, 10)


def sheet(*rows: str) -> bytes:
    return (HEADER + "".join(r + "\n" for r in rows)).encode("utf-8")


def test_a_good_sheet_is_imported_whole(tree, jianning_officer) -> None:
    other = code()
    data = sheet(
        "2018-06,建宁,建宁溪源机械有限公司,91350430MA2XN00017,100000,2000",
        f"2018年6月,建宁县,建宁新建企业有限公司,{other},50000.00,1000.00",
    )
    result = actions.import_receipts(data, "六月.csv", actor=jianning_officer, today=TODAY)
    assert (result.rows, result.total) == (2, Decimal(3000))
    union_row = DuesReceipt.objects.get(credit_code="91350430MA2XN00017")
    # The employer has a union: the receipt is its union's; the other pays a preparatory fund.
    assert union_row.org == tree.jianning_union and not union_row.preparatory
    new_row = DuesReceipt.objects.get(credit_code=other)
    assert new_row.org == tree.jianning and new_row.preparatory
    assert new_row.county == tree.jianning and new_row.month == date(2018, 6, 1)
    assert AuditEntry.objects.filter(action="funds.receipts_imported").count() == 1


def test_every_bad_row_is_named_and_nothing_is_written(tree, jianning_officer) -> None:
    data = sheet(
        f"2018-06,建宁,好单位,{code()},100000,2000",
        "2018-06,建宁,坏代码单位,91350430MA2XN00018,100000,2000",
        f"2018-06,建宁,负数单位,{code()},100000,-5",
        f"2018-06,泰宁,兄弟县单位,{code()},100000,2000",
        f"2018-06,火星,未知县单位,{code()},100000,2000",
        f"2018-09,建宁,未来单位,{code()},100000,2000",
        f"2018-06,建宁,少缴单位,{code()},100000,1500",
    )
    with pytest.raises(ImportRejected) as caught:
        actions.import_receipts(data, "六月.csv", actor=jianning_officer, today=TODAY)
    where = {(e.row, e.column) for e in caught.value.errors}
    assert where == {
        (3, "统一社会信用代码"),
        (4, "缴费金额"),
        (5, "县（市、区）"),
        (6, "县（市、区）"),
        (7, "所属月份"),
        (8, "缴费金额"),
    }
    messages = " ".join(e.message for e in caught.value.errors)
    assert "校验位" in messages and "负数" in messages and "尚未到来" in messages
    assert "2%" in messages and "未知的县" in messages
    assert not DuesReceipt.objects.exists()


def test_a_row_imported_before_or_twice_in_the_sheet_is_refused(tree, city_officer) -> None:
    same = code()
    actions.import_receipts(
        sheet(f"2018-05,建宁,甲单位,{same},100000,2000"),
        "五月.csv",
        actor=city_officer,
        today=TODAY,
    )
    data = sheet(
        f"2018-05,建宁,甲单位,{same},100000,2000",
        f"2018-06,建宁,乙单位,{code()},100000,2000",
        "2018-06,泰宁,丙单位,91350430MA2XN00017,100000,2000",
        "2018-06,泰宁,丙单位,91350430MA2XN00017,100000,2000",
    )
    with pytest.raises(ImportRejected) as caught:
        actions.import_receipts(data, "again.csv", actor=city_officer, today=TODAY)
    assert [(e.row, e.message[:7]) for e in caught.value.errors] == [
        (2, "该单位该月份的"),
        (5, "与第4行重复（"),
    ]
    assert DuesReceipt.objects.count() == 1


def test_a_sheet_without_a_required_column_is_refused(tree, city_officer) -> None:
    data = "所属月份,县（市、区）,缴费单位名称,统一社会信用代码,缴费金额\n".encode()
    with pytest.raises(ImportRejected, match="工资总额"):
        actions.import_receipts(data, "x.csv", actor=city_officer, today=TODAY)


def test_the_import_page_lists_the_errors_with_row_and_column(tree, jianning_officer) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "六月.csv", sheet("2018-06,建宁,坏代码单位,91350430MA2XN00018,100000,2000")
    )
    response = client_for(jianning_officer).post("/funds/receipts/import/", {"file": upload})
    assert response.status_code == 200
    body = response.content.decode()
    assert "未导入任何数据" in body
    assert "<td>2</td><td>统一社会信用代码</td>" in body


def test_the_import_page_imports_and_goes_to_the_list(tree, jianning_officer) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("六月.csv", sheet(f"2018-06,350430,某单位,{code()},100000,2000"))
    response = client_for(jianning_officer).post("/funds/receipts/import/", {"file": upload})
    assert response.status_code == 302
    assert DuesReceipt.objects.count() == 1


@pytest.mark.parametrize(
    ("raw", "month"),
    [
        ("2018-06", date(2018, 6, 1)),
        ("2018/6", date(2018, 6, 1)),
        ("201806", date(2018, 6, 1)),
        ("2018年6月", date(2018, 6, 1)),
        ("2018-06-01", date(2018, 6, 1)),
        ("2018-13", None),
        ("六月", None),
    ],
)
def test_months_are_read_in_the_usual_spellings(raw: str, month: date | None) -> None:
    assert actions.parse_month(raw) == month


def test_a_day_that_does_not_exist_is_not_taken_as_its_month(tree, jianning_officer) -> None:
    """2018-02-30 was read as February (issue #22): one date rule for every import now."""
    data = sheet(f"2018-02-30,建宁,某单位,{code()},100000,2000")
    with pytest.raises(ImportRejected) as caught:
        actions.import_receipts(data, "二月.csv", actor=jianning_officer, today=TODAY)
    (error,) = caught.value.errors
    assert (error.row, error.column) == (2, "所属月份") and "不是有效月份" in error.message
    assert not DuesReceipt.objects.exists()


def test_a_sheet_with_headers_and_no_rows_is_refused_not_reported_as_imported(
    tree, jianning_officer
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("空表.csv", sheet())
    response = client_for(jianning_officer).post("/funds/receipts/import/", {"file": upload})
    body = response.content.decode()
    assert response.status_code == 200
    assert "没有可导入的数据" in body and "已导入0条" not in body


def test_an_empty_file_is_refused_in_chinese_naming_the_file(tree, jianning_officer) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("六月.csv", b"")
    body = client_for(jianning_officer).post("/funds/receipts/import/", {"file": upload})
    text = body.content.decode()
    assert "“六月.csv”是空文件" in text
    assert "file 所提交的是空文件" not in text and "<li>file" not in text


def test_chinese_numerals_in_an_amount_are_refused_with_the_cell_named(
    tree, jianning_officer
) -> None:
    data = sheet(f"2018-06,建宁,某单位,{code()},十万,两千")
    with pytest.raises(ImportRejected) as caught:
        actions.import_receipts(data, "六月.csv", actor=jianning_officer, today=TODAY)
    assert [(e.row, e.column) for e in caught.value.errors] == [(2, "工资总额"), (2, "缴费金额")]
    assert all("中文数字" in e.message for e in caught.value.errors)
