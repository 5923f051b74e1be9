"""A comparison list's preview warns of ID cells Excel changed; unreadable lists are refused
in Chinese (issue #22)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.conftest import client_for
from gonghui.core.tests.badfiles import file_cases, xlsx
from gonghui.matching.models import ReferenceList
from gonghui.matching.tests.factories import make_id

HEADERS = ["身份证号", "姓名"]


@pytest.fixture(autouse=True)
def _var_dir(settings: Any, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path / "var"


def _upload(client: Any, name: str, content: bytes) -> Any:
    return client.post(
        reverse("matching:list_index"),
        {"kind": "deceased", "title": "名单", "file": SimpleUploadedFile(name, content)},
    )


def _preview(client: Any, name: str, content: bytes) -> str:
    response = _upload(client, name, content)
    assert response.status_code == 302, response.content.decode()[:1000]
    ref = ReferenceList.objects.latest("pk")
    page = client.post(
        reverse("matching:mapping", args=[ref.pk]), {"id": "身份证号", "action": "preview"}
    )
    return page.content.decode()


@pytest.mark.parametrize("kind", ["number-cell", "scientific-text-xlsx", "scientific-text-csv"])
def test_the_preview_warns_of_id_cells_excel_turned_into_numbers(
    tree: Any, city_officer: Any, kind: str
) -> None:
    good = make_id("350430")
    bad: Any = float(make_id("350430")[:17] + "0") if kind == "number-cell" else "3.50402E+17"
    rows = [[good, "张伟"], [bad, "王芳"], [good[:-1] + "X", "李四"]]
    if kind.endswith("csv"):
        content = ("身份证号,姓名\n" + "".join(f"{a},{b}\n" for a, b in rows)).encode()
        text = _preview(client_for(city_officer), "名单.csv", content)
    else:
        text = _preview(client_for(city_officer), "名单.xlsx", xlsx(HEADERS, rows))
    (warning,) = re.findall(r'data-testid="preview-warning">([^<]+)<', text)
    assert "「身份证号」列有1个身份证号被 Excel 当成了数字" in warning
    assert "第3行" in warning and "文本" in warning


def test_a_list_typed_as_text_has_no_warning(tree: Any, city_officer: Any) -> None:
    rows = [[make_id("350430"), "张伟"]]
    text = _preview(client_for(city_officer), "名单.xlsx", xlsx(HEADERS, rows))
    assert "preview-warning" not in text


@pytest.mark.parametrize("case_id", ["xxe-xlsx", "billion-laughs-xlsx", "header-only-xlsx"])
def test_a_hostile_or_empty_list_is_refused_in_chinese(
    tree: Any, city_officer: Any, case_id: str
) -> None:
    (case,) = [c for c in file_cases(HEADERS, [make_id("350430"), "张伟"]) if c.id == case_id]
    response = _upload(client_for(city_officer), case.filename, case.content)
    assert response.status_code == 200
    (message,) = re.findall(r'alert-danger" role="alert">([^<]+)<', response.content.decode())
    # Chinese, and no parser's English ("unrecognized entity"): only the file and format names.
    words = re.sub(
        r"XLSX|CSV|UTF|GBK|Excel", "", message.replace(case.filename, ""), flags=re.IGNORECASE
    )
    assert re.search(r"[\u4e00-\u9fff]", words) and not re.search(r"[A-Za-z]{4,}", words)
    assert not ReferenceList.objects.exists()


def _id_where(test: Any) -> str:
    from gonghui.core import idnumbers

    for day in range(1, 29):
        for seq in range(1000):
            first17 = f"350430197003{day:02d}{seq:03d}"
            number = first17 + idnumbers.check_char(first17)
            if number[-1] != "X" and test(number):
                return number
    raise AssertionError("no such number")


def _exact_float_id() -> str:
    """A valid ID whose value a float holds exactly: the number Excel keeps of it reads back
    as the same 18 digits, the worst case (a rounded number that is someone's real ID)."""
    return _id_where(lambda n: float(n) == int(n))


def _round_id() -> str:
    """A valid ID ending in 000, which scientific notation writes without losing a digit."""
    return _id_where(lambda n: n.endswith("000"))


@pytest.mark.parametrize("form", ["number-cell", "scientific-csv"])
def test_an_id_excel_turned_into_a_number_never_matches_anyone(tmp_path: Path, form: str) -> None:
    """Issue #22: the number Excel made of an ID must not be read as a valid ID, even when
    its digits are exactly a real person's number."""
    from decimal import Decimal

    import pyarrow as pa

    from gonghui.matching import engine

    number = _exact_float_id() if form == "number-cell" else _round_id()
    archive = pa.table(
        {
            "person_id": [1],
            "household_id": [10],
            "county_code": ["350430"],
            "id18": [number],
            "name": ["张伟"],
            "birth_date": [date(1970, 3, 5)],
            "sex": ["M"],
            "region": ["350430"],
        }
    )
    if form == "number-cell":
        path = tmp_path / "list.xlsx"
        path.write_bytes(xlsx(HEADERS, [[float(number), "李四"]]))
    else:
        shown = f"{Decimal(number).normalize():E}"  # e.g. 3.50430197003051E+17, all digits
        assert Decimal(shown) == int(number)
        path = tmp_path / "list.csv"
        path.write_text(f"身份证号,姓名\n{shown},李四\n", encoding="utf-8")
    result = engine.run(archive, path, {"id": "身份证号", "name": "姓名"})
    assert result.counts["ids_valid"] == 0
    assert result.counts["flags_exact_id"] == 0
