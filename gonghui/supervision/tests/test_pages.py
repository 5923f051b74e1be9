"""The pages: overview (scoped, filtered, as of a date), task, desk, review flow, league, notice."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gonghui.conftest import client_for
from gonghui.supervision.models import Area, ReportState
from gonghui.supervision.tests.helpers import make_plan, make_task, submitted

pytestmark = pytest.mark.django_db

MID = {"as_of": "2018-06-30"}


@pytest.fixture
def plan(tree, jianning_officer, taining_officer):  # type: ignore[no-untyped-def]
    plan = make_plan(tree.city)
    area = Area.objects.create(plan=plan, number=1, name="维权帮扶")
    archives = make_task(
        plan, "困难职工档案动态管理", units=(tree.jianning, tree.taining), area=area
    )
    make_task(
        plan,
        "组建维权律师团",
        units=(tree.jianning, tree.taining),
        lead_department="权益保障部",
        lead_leader="陈建新副主席",
    )
    submitted(
        archives.assignments.get(org=tree.jianning), jianning_officer, 2, 20, date(2018, 6, 20)
    )
    submitted(archives.assignments.get(org=tree.taining), taining_officer, 2, 55, date(2018, 6, 20))
    return plan


def rows_of(response) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    return [(u.assignment.org_id, u.assessment.status.value) for u in response.context["data"].rows]


def test_the_city_sees_every_unit_with_its_light(plan, tree, city_officer) -> None:
    response = client_for(city_officer).get(reverse("supervision:overview"), MID)
    assert response.status_code == 200
    page = response.content.decode()
    assert "困难职工档案动态管理" in page
    statuses = {
        org: status
        for org, status in rows_of(response)
        if org in (tree.jianning.pk, tree.taining.pk)
    }
    assert len(rows_of(response)) == 4
    assert "light-red" in page and "light-green" in page
    assert statuses  # both units present


def test_a_county_sees_only_its_own_rows(plan, tree, jianning_officer) -> None:
    response = client_for(jianning_officer).get(reverse("supervision:overview"), MID)
    assert {org for org, _ in rows_of(response)} == {tree.jianning.pk}
    assert "泰宁" not in response.content.decode()


def test_filters_narrow_the_rows(plan, tree, city_officer) -> None:
    client = client_for(city_officer)
    url = reverse("supervision:overview")
    behind = client.get(url, {**MID, "status": "behind"})
    assert {
        (u.assignment.org_id, u.assignment.task.title) for u in behind.context["data"].rows
    } == {
        (tree.jianning.pk, "困难职工档案动态管理"),
        (tree.jianning.pk, "组建维权律师团"),
        (tree.taining.pk, "组建维权律师团"),  # nothing reported at all
    }
    by_unit = client.get(url, {**MID, "unit": tree.taining.pk})
    assert {org for org, _ in rows_of(by_unit)} == {tree.taining.pk}
    by_dept = client.get(url, {**MID, "department": "权益保障部"})
    assert {u.assignment.task.title for u in by_dept.context["data"].rows} == {"组建维权律师团"}
    by_leader = client.get(url, {**MID, "leader": "陈建新副主席"})
    assert len(rows_of(by_leader)) == 2
    area = Area.objects.get(plan=plan)
    by_area = client.get(url, {**MID, "area": area.pk})
    assert {u.assignment.task.title for u in by_area.context["data"].rows} == {
        "困难职工档案动态管理"
    }


def test_the_overview_is_recomputed_for_the_chosen_date(plan, tree, city_officer) -> None:
    client = client_for(city_officer)
    early = client.get(reverse("supervision:overview"), {"as_of": "2018-06-01"})
    jianning = [s for org, s in rows_of(early) if org == tree.jianning.pk]
    assert "behind" in jianning  # nothing reported by 1 June on either task
    statuses = {
        (u.assignment.task.title, u.assignment.org_id): u.assessment.actual
        for u in early.context["data"].rows
    }
    assert statuses[("困难职工档案动态管理", tree.taining.pk)] == 0.0


def test_the_overview_exports_to_xlsx(plan, city_officer) -> None:
    response = client_for(city_officer).get(reverse("supervision:overview_xlsx"), MID)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][2] == "工作任务"
    assert len(rows) == 5


def test_the_task_page_has_units_chart_and_reports(
    plan, tree, city_officer, taining_officer
) -> None:
    task = plan.tasks.get(title="困难职工档案动态管理")
    response = client_for(city_officer).get(reverse("supervision:task", args=[task.pk]), MID)
    assert response.status_code == 200
    chart = response.context["chart"]
    assert chart["expected"][0] == ["2018-01-01", 0.0]
    assert {u["name"] for u in chart["units"]} == {"建宁", "泰宁"}
    # 泰宁 sees the task but only its own unit.
    own = client_for(taining_officer).get(reverse("supervision:task", args=[task.pk]), MID)
    assert [u.assignment.org_id for u in own.context["units"]] == [tree.taining.pk]


def test_a_task_of_another_subtree_is_not_found(tree, taining_officer) -> None:
    task = make_task(make_plan(tree.city), units=(tree.jianning,))
    response = client_for(taining_officer).get(reverse("supervision:task", args=[task.pk]))
    assert response.status_code == 404


def test_submit_return_resubmit_accept_by_hand(plan, tree, jianning_officer, city_officer) -> None:
    """The flow the browser tests drive: forms with CSRF, each POST redirecting to a GET."""
    county = client_for(jianning_officer)
    county.handler.enforce_csrf_checks = False
    task = plan.tasks.get(title="组建维权律师团")
    assignment = task.assignments.get(org=tree.jianning)
    edit = reverse("supervision:report_edit", args=[assignment.pk, 2018, 2])
    form = county.get(edit)
    assert 'data-testid="submit-report"' in form.content.decode()
    response = county.post(
        edit, {"progress": "40", "done_text": "律师团组建方案已印发", "action": "submit"}
    )
    assert response.status_code == 302
    report = assignment.reports.get()
    assert report.state == ReportState.SUBMITTED

    city = client_for(city_officer)
    queue = city.get(reverse("supervision:review"))
    assert report in queue.context["queue"]
    response = city.post(
        reverse("supervision:report_return", args=[report.pk]),
        {"comment": "请补充律师名单", "next": reverse("supervision:review")},
    )
    assert response.status_code == 302 and response["Location"] == reverse("supervision:review")
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED

    desk = county.get(reverse("supervision:desk"), MID)
    assert report in desk.context["returned"]
    assert "退回给您" in desk.content.decode()
    response = county.post(
        edit, {"progress": "45", "done_text": "已补充律师名单", "action": "submit"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.RESUBMITTED and report.progress == 45

    response = city.post(reverse("supervision:report_accept", args=[report.pk]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED
    assert county.get(reverse("supervision:report", args=[report.pk])).status_code == 200


def test_a_county_cannot_review_and_a_sibling_cannot_see(
    plan, tree, jianning_officer, taining_officer
):  # type: ignore[no-untyped-def]
    report = (
        plan.tasks.get(title="困难职工档案动态管理")
        .assignments.get(org=tree.jianning)
        .reports.get()
    )
    assert (
        client_for(jianning_officer)
        .post(reverse("supervision:report_accept", args=[report.pk]))
        .status_code
        == 403
    )
    assert (
        client_for(taining_officer)
        .post(reverse("supervision:report_accept", args=[report.pk]))
        .status_code
        == 404
    )
    assert (
        client_for(taining_officer).get(reverse("supervision:report", args=[report.pk])).status_code
        == 404
    )
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


def test_the_league_table_ranks_counties_with_the_spread(plan, tree, city_officer) -> None:
    response = client_for(city_officer).get(reverse("supervision:league"), MID)
    league = response.context["league"]
    by_name = {r.org.short_name: r for r in league.rows}
    assert by_name["泰宁"].rank == 1 and by_name["建宁"].rank == 2
    assert by_name["建宁"].behind == 2 and by_name["泰宁"].behind == 1
    assert by_name["建宁"].behind_share == 100.0
    assert league.spread.range == pytest.approx(
        by_name["泰宁"].average_gap - by_name["建宁"].average_gap, abs=0.11
    )
    xlsx = client_for(city_officer).get(reverse("supervision:league_xlsx"), MID)
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[0][1] == "单位" and rows[1][1] == "泰宁县总工会"


def test_the_notice_names_the_laggards_in_the_official_layout(plan, city_officer) -> None:
    client = client_for(city_officer)
    page = client.get(reverse("supervision:notice"), MID)
    assert "建宁" in page.context["notice"].laggards
    response = client.get(
        reverse("supervision:notice_docx"), {**MID, "doc_number": "明工〔2018〕12号"}
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        body = archive.read("word/document.xml").decode()
    assert "第二季度重点工作推进情况的通报" in body
    assert "明工〔2018〕12号" in body
    assert "建宁" in body and "进度滞后" in body
    assert 'w:w="11906"' in body and 'w:top="2098"' in body  # A4, 37 mm
    assert "截至2018年6月30日" in body
    xlsx = client.get(reverse("supervision:notice_xlsx"), MID)
    assert load_workbook(io.BytesIO(xlsx.content)).active["B1"].value == "单位"
