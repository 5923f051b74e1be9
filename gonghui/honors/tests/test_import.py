"""The roster import: every row valid and written, or nothing written and every error named."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from gonghui.conftest import client_for
from gonghui.core.crypto import decrypt
from gonghui.core.models import AuditEntry
from gonghui.core.spreadsheets import ImportRejected
from gonghui.honors.imports import HEADERS, import_model_workers, parse_date
from gonghui.honors.models import ModelWorker
from gonghui.honors.tests import factories

pytestmark = pytest.mark.django_db

JIANNING_CODE = "91350430MA2XN00017"


def csv_file(*rows: list[str]) -> bytes:
    lines = [",".join(HEADERS)] + [",".join(row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def row(name: str, id_number: str, unit: str = JIANNING_CODE, level: str = "省级") -> list[str]:
    return [name, id_number, unit, "高级技师", level, "2014年4月28日", "是", "已落实", "300"]


def test_a_valid_roster_is_imported_with_masked_numbers(tree, jianning_officer) -> None:
    first, second = factories.id_number(), factories.id_number()
    content = csv_file(row("张建国", first), row("李春梅", second, level="全国劳模"))

    assert import_model_workers(jianning_officer, content, "名册.csv") == 2

    worker = ModelWorker.objects.get(name="李春梅")
    assert worker.level == "national"
    assert worker.awarded_on == date(2014, 4, 28)
    assert worker.front_line and worker.org == tree.jianning_union
    assert worker.id_number_masked == second[:6] + "********" + second[-4:]
    assert AuditEntry.objects.filter(action="honors.model_workers_imported").count() == 1


def test_a_roster_with_bad_rows_imports_nothing_and_names_each_error(
    tree, jianning_officer
) -> None:
    good, twice = factories.id_number(), factories.id_number()
    bad_check = good[:-1] + ("0" if good[-1] != "0" else "1")
    content = csv_file(
        row("张建国", good),
        row("李春梅", bad_check),
        row("王芳", factories.id_number(), unit="泰宁金湖旅游有限公司工会委员会"),
        row("赵强", twice),
        row("钱明", twice, level="区级"),
    )

    with pytest.raises(ImportRejected) as rejected:
        import_model_workers(jianning_officer, content, "名册.csv")

    messages = [str(e) for e in rejected.value.errors]
    assert messages[0].startswith("第3行「身份证号」列：")
    assert "第4行「所在基层工会」列：未知的所在基层工会" in messages[1]
    assert any("第6行「称号级别」列" in m for m in messages)
    assert not any(m.startswith("第6行「身份证号」") for m in messages)  # that row failed anyway
    assert not ModelWorker.objects.exists()


def test_a_number_repeated_in_the_file_or_already_in_the_roster_is_refused(
    tree, jianning_officer
) -> None:
    existing = factories.model_worker(tree.jianning_union)
    known = ModelWorker.objects.get(pk=existing.pk)
    twice = factories.id_number()
    content = csv_file(
        row("甲", decrypt(known.id_number_cipher)), row("乙", twice), row("丙", twice)
    )
    with pytest.raises(ImportRejected) as rejected:
        import_model_workers(jianning_officer, content, "名册.csv")

    messages = [str(e) for e in rejected.value.errors]
    assert "第2行「身份证号」列：此人已在劳模名册中" in messages
    assert "第4行「身份证号」列：与第3行的身份证号重复" in messages
    assert ModelWorker.objects.count() == 1


def test_a_roster_without_a_required_column_is_refused(tree, jianning_officer) -> None:
    with pytest.raises(ImportRejected, match="缺少「身份证号」列"):
        import_model_workers(jianning_officer, "姓名,所在基层工会\n张建国,x\n".encode(), "a.csv")


def test_dates_are_read_in_the_usual_chinese_forms() -> None:
    assert parse_date("2014-04-28") == date(2014, 4, 28)
    assert parse_date("2014/4/28") == date(2014, 4, 28)
    assert parse_date("2014年4月28日") == date(2014, 4, 28)
    assert parse_date("2014-02-30") is None
    assert parse_date("去年") is None


def test_the_import_page_lists_the_errors_and_writes_nothing(tree, jianning_officer) -> None:
    upload = SimpleUploadedFile("名册.csv", csv_file(row("张建国", "123")))
    response = client_for(jianning_officer).post(
        reverse("honors:model_workers_import"), {"file": upload}
    )
    text = response.content.decode()
    assert "第2行「身份证号」列" in text
    assert "未导入任何数据" in text
    assert not ModelWorker.objects.exists()


def test_the_import_page_imports_a_good_file(tree, jianning_officer) -> None:
    upload = SimpleUploadedFile("名册.csv", csv_file(row("张建国", factories.id_number())))
    response = client_for(jianning_officer).post(
        reverse("honors:model_workers_import"), {"file": upload}, follow=True
    )
    assert "已导入1名劳模" in response.content.decode()


def test_the_export_has_masked_numbers_and_the_users_county_only(tree, jianning_officer) -> None:
    mine = factories.model_worker(tree.jianning_union, name="建宁劳模")
    factories.model_worker(tree.taining_union, name="泰宁劳模")

    response = client_for(jianning_officer).get(
        reverse("honors:model_workers_export"), {"as_of": "2018-06-30"}
    )

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "姓名"
    assert [r[0] for r in rows[1:]] == ["建宁劳模"]
    assert rows[1][1] == mine.id_number_masked


def test_an_id_number_excel_turned_into_a_number_is_refused(tree, jianning_officer) -> None:
    """Excel rounds a number cell to 15 digits; about 1 in 11 rounded numbers still passes
    the check digit, and was imported as another person's ID (issue #22)."""
    from gonghui.core.tests.badfiles import xlsx

    real = factories.id_number()
    as_number = float(real[:17] + "0")
    sheet = xlsx(HEADERS, [row("张建国", as_number), row("李春梅", "3.50402E+17")])  # type: ignore[arg-type]
    with pytest.raises(ImportRejected) as rejected:
        import_model_workers(jianning_officer, sheet, "名册.xlsx")
    assert [(e.row, e.column) for e in rejected.value.errors] == [(2, "身份证号"), (3, "身份证号")]
    assert all("Excel" in e.message and "文本" in e.message for e in rejected.value.errors)
    assert not ModelWorker.objects.exists()
