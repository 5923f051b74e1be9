"""The bad-file corpus (issue #22): every hostile or malformed file through every import page.

Each case goes through the page a user would use (the archive import runs as a background
job, run here on commit): no crash (no 500, no uncaught exception), no row written, and a
Chinese message; where the fault is one cell, the message names its row and column.
The files are generated here (badfiles.py), none committed; the 50 MB one once per module.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.conftest import client_for
from gonghui.core import idnumbers
from gonghui.core.models import BackgroundJob
from gonghui.core.tests.badfiles import Case, big_case, file_cases, row_cases
from gonghui.funds.models import DuesReceipt
from gonghui.hardship.imports import TEMPLATE_HEADERS
from gonghui.hardship.models import Household, MinimumLivingStandard, Person
from gonghui.honors.imports import HEADERS as ROSTER_HEADERS
from gonghui.honors.models import ModelWorker
from gonghui.matching.models import ReferenceList
from gonghui.supervision.models import Task, WorkPlan

CJK = re.compile(r"[\u4e00-\u9fff]")


def _id(seq: int) -> str:
    first17 = f"35043019750520{seq:03d}"
    return first17 + idnumbers.check_char(first17)


def _as_number(number: str) -> float:
    """What Excel keeps of an ID typed into a number cell (15 significant digits)."""
    return float(number[:15] + "000")


@dataclass(frozen=True)
class Target:
    """An import page: where to post, what else the form needs, a good row of its sheet,
    the bad cells to try, and how to count the rows it writes."""

    page: str
    headers: list[str]
    good_row: list[Any]
    changes: list[tuple[str, str, Any]]
    form: tuple[tuple[str, Any], ...] = ()
    file_field: str = "file"

    def written(self) -> int:
        return sum(model.objects.count() for model in WRITES[self.page])


WRITES: dict[str, tuple[Any, ...]] = {
    "hardship:import_archive": (Household, Person),
    "honors:model_workers_import": (ModelWorker,),
    "funds:import": (DuesReceipt,),
    "supervision:import": (WorkPlan, Task),
    "matching:list_index": (ReferenceList,),
}

TARGETS = {
    "hardship": Target(
        "hardship:import_archive",
        TEMPLATE_HEADERS,
        [
            *("JN-1", "建宁县总工会", "", "建宁县濉溪镇", "县级档", "因病", "2018-03-01", "0"),
            *("本人", "张一", _id(11), "300", "", ""),
        ],
        [
            ("number-id", "身份证号", _as_number(_id(11))),
            ("scientific-id", "身份证号", "3.50430E+17"),
            ("impossible-date", "建档日期", "2018-02-30"),
            ("chinese-numeral-income", "月收入", "三百"),
            ("chinese-numeral-expense", "家庭年刚性支出", "六千"),
        ],
    ),
    "honors": Target(
        "honors:model_workers_import",
        ROSTER_HEADERS,
        [
            *("张建国", _id(13), "91350430MA2XN00017", "高级技师", "省级", "2014-04-28"),
            *("是", "已落实", "300"),
        ],
        [
            ("number-id", "身份证号", _as_number(_id(13))),
            ("scientific-id", "身份证号", "3.50430E+17"),
            ("impossible-date", "授予日期", "2014-02-30"),
            ("chinese-numeral-allowance", "每月荣誉津贴", "三百"),
        ],
    ),
    "dues": Target(
        "funds:import",
        ["所属月份", "县（市、区）", "缴费单位名称", "统一社会信用代码", "工资总额", "缴费金额"],
        ["2018-06", "建宁", "建宁溪源机械有限公司", "91350430MA2XN00017", "100000", "2000"],
        [
            ("impossible-month", "所属月份", "2018-02-30"),
            ("chinese-numeral-payroll", "工资总额", "十万"),
            ("chinese-numeral-amount", "缴费金额", "两千"),
        ],
    ),
    "plan": Target(
        "supervision:import",
        ["序号", "工作任务", "责任领导", "责任部室", "责任单位", "完成时限"],
        ["1", "开展困难职工帮扶", "张三", "办公室", "本级", "2018-11-30"],
        [("impossible-date", "完成时限", "2018-02-30")],
        form=(("title", "2018年重点工作"), ("year", 2018), ("kind", "key_work")),
    ),
    "matching": Target(
        "matching:list_index",
        ["身份证号", "姓名"],
        [_id(15), "张伟"],
        [],
        form=(("kind", "deceased"), ("title", "名单")),
    ),
}

# A comparison list may be up to 2 GB, and DuckDB reads a CSV with one long cell: those two
# are lists, not refusals (their ID cells are checked by the preview, test_list_warnings).
MATCHING_ACCEPTS = {"50mb-csv", "unbalanced-quote-csv"}


@functools.cache
def _cases(name: str) -> list[Case]:
    target = TARGETS[name]
    cases = file_cases(target.headers, target.good_row)
    cases += row_cases(target.headers, target.good_row, target.changes)
    if name == "matching":
        cases = [c for c in cases if c.id not in MATCHING_ACCEPTS]
    return cases


@functools.cache
def _big(name: str) -> Case:
    target = TARGETS[name]
    return big_case(target.headers, target.good_row)


CASES = [(name, case.id) for name in TARGETS for case in _cases(name)] + [
    (name, "50mb-csv") for name in TARGETS if name != "matching"
]


class _ErrorText(HTMLParser):
    """The text of the page's refusals: alerts, form errors and the import error lists."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        marked = any(
            word in (values.get("class") or "")
            for word in ("alert-danger", "errorlist", "invalid-feedback", "text-danger")
        ) or values.get("data-testid") in {"import-errors"}
        if self.depth or marked:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data)


def _refusal(body: str) -> str:
    parser = _ErrorText()
    parser.feed(body)
    return " ".join(p.strip() for p in parser.parts if p.strip())


@pytest.fixture
def world(tree: Any, jianning_officer: Any, settings: Any, tmp_path: Any) -> Any:
    settings.VAR_DIR = tmp_path / "var"
    for year in (2017, 2018):
        MinimumLivingStandard.objects.create(
            org=tree.jianning, year=year, monthly_amount=Decimal(540)
        )
    return client_for(jianning_officer)


@pytest.mark.parametrize(("name", "case_id"), CASES)
def test_a_bad_file_is_refused_in_chinese_and_writes_nothing(
    world: Any, name: str, case_id: str, django_capture_on_commit_callbacks: Any
) -> None:
    target = TARGETS[name]
    case = _big(name) if case_id == "50mb-csv" else {c.id: c for c in _cases(name)}[case_id]
    before = target.written()
    jobs = BackgroundJob.objects.count()
    data = {**dict(target.form), "file": SimpleUploadedFile(case.filename, case.content)}
    with django_capture_on_commit_callbacks(execute=True):
        response = world.post(reverse(target.page), data)
    assert response.status_code < 500
    assert target.written() == before, "rows were written"
    if BackgroundJob.objects.count() > jobs:  # the archive import: the job says it
        job = BackgroundJob.objects.latest("pk")
        assert job.status == "rejected", job.result
        page = world.get(reverse("job", args=[job.pk]))
        assert page.status_code == 200
        refusal = job.result["message"] + " ".join(
            f"第{e['row']}行「{e['column']}」列：{e['message']}" for e in job.result["errors"]
        )
    else:
        body = response.content.decode()
        refusal = html.unescape(_refusal(body))
        # The dues page lists errors as a table: row | column | message.
        refusal += " ".join(
            f"第{row}行「{column}」列：{message}"
            for row, column, message in re.findall(
                r"<tr><td>(\d+)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", body
            )
        )
    assert CJK.search(refusal), refusal
    assert not re.search(r"Traceback|Error|Exception|unrecognized|invalid", refusal), refusal
    if case.row:
        assert f"第{case.row}行「{case.column}」列" in refusal, refusal


def test_the_corpus_covers_every_import_and_kind_of_file() -> None:
    kinds = {case_id.removesuffix("-xlsx").split("-csv")[0] for _, case_id in CASES}
    assert {"truncated", "encrypted", "zip-bomb", "xxe", "billion-laughs", "50mb"} <= kinds
    assert {name for name, _ in CASES} == set(TARGETS)
    assert len(CASES) >= 120
    assert date.today()  # the corpus is generated, not dated: nothing to refresh
