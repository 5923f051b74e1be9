"""A comparison list's preview warns of ID cells Excel changed; unreadable lists are refused
in Chinese (issue #22)."""

from __future__ import annotations

import re
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
    words = re.sub(r"XLSX|CSV|UTF|GBK|Excel", "", message.replace(case.filename, ""), flags=re.I)
    assert re.search(r"[\u4e00-\u9fff]", words) and not re.search(r"[A-Za-z]{4,}", words)
    assert not ReferenceList.objects.exists()
