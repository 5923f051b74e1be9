"""Plan import from the cities' Excel sheet: all rows good or nothing written."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from gonghui.conftest import client_for
from gonghui.core.spreadsheets import ImportRejected
from gonghui.supervision.importer import import_plan, parse_deadline
from gonghui.supervision.models import Assignment, Task, WorkPlan

pytestmark = pytest.mark.django_db

HEADERS = ["序号", "工作任务", "责任领导", "责任部室", "责任单位", "完成时限"]
GOOD_ROWS = [
    [
        1,
        "完成县级工会换届选举",
        "李国平副主席",
        "组织部",
        "建宁县总工会、泰宁县总工会",
        "2018年11月底",
    ],
    [2, "召开政府与工会联席会议", "张明华主席", "办公室", "建宁、泰宁", date(2018, 12, 31)],
    [3, "组建市级产业工会联合会", "李国平副主席", "组织部", "本级", "2018-12-31"],
]


def sheet(rows: list[list[object]], headers: list[str] = HEADERS) -> bytes:
    workbook = Workbook()
    ws = workbook.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2018-11-30", date(2018, 11, 30)),
        ("2018/9/1", date(2018, 9, 1)),
        ("2018年11月30日", date(2018, 11, 30)),
        ("2018年11月底", date(2018, 11, 30)),
        ("11月底", date(2018, 11, 30)),
        ("年底", date(2018, 12, 31)),
        ("2018-02-30", None),
        ("尽快", None),
    ],
)
def test_deadlines_as_plans_write_them(raw: str, expected: date | None) -> None:
    assert parse_deadline(raw, 2018) == expected


def test_a_good_sheet_becomes_a_plan(tree, city_officer) -> None:
    plan = import_plan(
        sheet(GOOD_ROWS),
        "计划.xlsx",
        city_officer,
        title="下半年重点工作",
        year=2018,
        kind="key_work",
    )
    assert plan.org == tree.city
    tasks = list(plan.tasks.order_by("order"))
    assert [t.title for t in tasks] == [r[1] for r in GOOD_ROWS]
    assert tasks[0].deadline == date(2018, 11, 30)
    assert tasks[0].lead_leader == "李国平副主席"
    assert set(tasks[0].assignments.values_list("org__short_name", flat=True)) == {"建宁", "泰宁"}
    assert list(tasks[2].assignments.values_list("org", flat=True)) == [tree.city.pk]


def test_one_bad_row_rejects_the_sheet_and_writes_nothing(tree, city_officer) -> None:
    rows = [*GOOD_ROWS, [4, "金秋助学", "陈建新副主席", "权益保障部", "建宁、不存在县", "明年"]]
    with pytest.raises(ImportRejected) as caught:
        import_plan(sheet(rows), "计划.xlsx", city_officer, title="x", year=2018, kind="key_work")
    errors = caught.value.errors
    assert {(e.row, e.column) for e in errors} == {(5, "责任单位"), (5, "完成时限")}
    assert "不存在县" in str(errors[0]) + str(errors[1])
    assert not WorkPlan.objects.exists()
    assert not Task.objects.exists()
    assert not Assignment.objects.exists()


def test_every_bad_row_is_reported(tree, city_officer) -> None:
    rows = [
        [1, "", "", "", "建宁", "2018-12-31"],
        [1, "任务二", "", "", "", "2018-12-31"],
        [3, "任务三", "", "", "建宁", ""],
    ]
    with pytest.raises(ImportRejected) as caught:
        import_plan(sheet(rows), "计划.xlsx", city_officer, title="x", year=2018, kind="key_work")
    places = {(e.row, e.column) for e in caught.value.errors}
    assert places == {(2, "工作任务"), (3, "序号"), (3, "责任单位"), (4, "完成时限")}


def test_a_missing_column_is_named(tree, city_officer) -> None:
    with pytest.raises(ImportRejected, match="完成时限"):
        import_plan(
            sheet([r[:5] for r in GOOD_ROWS], HEADERS[:5]),
            "计划.xlsx",
            city_officer,
            title="x",
            year=2018,
            kind="key_work",
        )


def test_a_county_cannot_assign_work_to_its_sibling(tree, jianning_officer) -> None:
    rows = [[1, "换届", "", "", "泰宁", "2018-11-30"]]
    with pytest.raises(ImportRejected, match="泰宁"):
        import_plan(
            sheet(rows), "计划.xlsx", jianning_officer, title="x", year=2018, kind="key_work"
        )


def test_the_import_page_shows_every_error_and_writes_nothing(tree, city_officer) -> None:
    client = client_for(city_officer)
    rows = [*GOOD_ROWS, [4, "金秋助学", "", "", "不存在县", "2018-09-30"]]
    response = client.post(
        reverse("supervision:import"),
        {
            "title": "下半年重点工作",
            "year": 2018,
            "kind": "key_work",
            "file": SimpleUploadedFile("计划.xlsx", sheet(rows)),
        },
    )
    assert response.status_code == 400
    assert "第5行「责任单位」列" in response.content.decode()
    assert not WorkPlan.objects.exists()
    response = client.post(
        reverse("supervision:import"),
        {
            "title": "下半年重点工作",
            "year": 2018,
            "kind": "key_work",
            "file": SimpleUploadedFile("计划.xlsx", sheet(GOOD_ROWS)),
        },
    )
    assert response.status_code == 302
    assert WorkPlan.objects.get().tasks.count() == 3
