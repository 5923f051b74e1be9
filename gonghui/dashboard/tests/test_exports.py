"""Every table on the dashboard exports to xlsx, with the same rows as on the screen."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gonghui.conftest import client_for

pytestmark = pytest.mark.django_db


def _sheet(response) -> list[list[object]]:  # type: ignore[no-untyped-def]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _task(tree) -> None:  # type: ignore[no-untyped-def]
    from gonghui.supervision.models import Assignment, Task, WorkPlan

    plan = WorkPlan.objects.create(org=tree.city, year=2018, title="2018年重点工作")
    task = Task.objects.create(
        plan=plan, title="县级工会换届", start=date(2018, 1, 1), deadline=date(2018, 11, 30)
    )
    Assignment.objects.create(task=task, org=tree.jianning)
    Assignment.objects.create(task=task, org=tree.taining)


def test_the_heatmap_exports_each_countys_standing_on_each_task(tree, city_officer) -> None:
    _task(tree)
    url = f"{reverse('dashboard_export')}?table=heatmap&as_of=2018-06-30"
    rows = _sheet(client_for(city_officer).get(url))
    header, task_row = rows[0], rows[1]
    assert header[0] == "任务" and {"建宁", "泰宁"} <= set(header)
    assert task_row[0] == "县级工会换届"
    # No report at all by mid-year on a task due in November: each county's cell says so.
    assert all(cell and "（" in cell for cell in task_row[1:3])


def test_the_heatmap_export_of_a_county_shows_no_sibling(tree, jianning_officer) -> None:
    _task(tree)
    url = f"{reverse('dashboard_export')}?table=heatmap&as_of=2018-06-30"
    rows = _sheet(client_for(jianning_officer).get(url))
    assert not any("泰宁" in str(cell) for row in rows for cell in row)


def test_all_figures_export_with_their_indicator_codes(tree, city_officer) -> None:
    url = f"{reverse('dashboard_export')}?table=figures&as_of=2018-06-30"
    rows = _sheet(client_for(city_officer).get(url))
    assert rows[0] == ["板块", "指标", "数值", "单位", "指标代码"]
    by_code = {row[4]: row for row in rows[1:]}
    assert by_code["orgs.county_units"][2] == 2  # 建宁 and 泰宁 in the test tree
    assert "hardship.archived_households" in by_code
