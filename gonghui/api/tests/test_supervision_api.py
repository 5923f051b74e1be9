"""Supervision in the JSON API: tasks with standing as of a date, assignments, progress reports."""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gonghui.api.models import ApiToken
from gonghui.conftest import client_for, make_user
from gonghui.orgs.models import Role
from gonghui.supervision import actions
from gonghui.supervision.models import Assignment, QuarterlyReport, ReportState
from gonghui.supervision.tests.helpers import make_plan, make_task, submitted

pytestmark = pytest.mark.django_db

BASE = "/api/v1/supervision"


def _get(path: str, token: str):
    return Client().get(f"{BASE}{path}", headers={"Authorization": f"Bearer {token}"})


def _post(path: str, token: str, body: dict):
    return Client().post(
        f"{BASE}{path}",
        body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


@pytest.fixture
def city_task(tree):
    """The city's 2018 task assigned to 建宁 and 泰宁, each with a report submitted in April."""
    task = make_task(make_plan(tree.city), units=(tree.jianning, tree.taining))
    for org, progress in ((tree.jianning, 30), (tree.taining, 80)):
        reporter = make_user(f"reporter-{org.pk}", org, Role.OFFICER)
        submitted(task.assignments.get(org=org), reporter, 1, progress, date(2018, 4, 8))
    return task


def _report_body(**extra: object) -> dict:
    return {
        "year": 2018,
        "quarter": 2,
        "progress": 55.5,
        "done_text": "召开推进会，完成建档复核",
        "problems": "",
        "next_steps": "下季度完成全部复核",
        **extra,
    }


def test_a_county_token_sees_the_city_task_with_only_its_own_unit_and_its_standing(
    tree, city_task, jianning_token
) -> None:
    body = _get("/tasks/?as_of=2018-06-30", jianning_token).json()
    assert body["count"] == 1
    (task,) = body["items"]
    assert task["title"] == city_task.title and task["as_of"] == "2018-06-30"
    (unit,) = task["assignments"]
    assert unit["org_id"] == tree.jianning.pk
    # Straight line 1 Jan → 31 Dec: 180/364 of the year expected; 30% reported.
    assert unit["expected_pct"] == 49.5
    assert unit["actual_pct"] == 30.0
    assert unit["gap"] == -19.5
    assert unit["status"] == "behind"


def test_the_standing_is_as_it_was_on_a_past_date(tree, city_task, jianning_token) -> None:
    (unit,) = _get("/tasks/?as_of=2018-03-31", jianning_token).json()["items"][0]["assignments"]
    # The April report did not count yet on 31 March.
    assert unit["actual_pct"] == 0.0
    assert unit["latest_report_id"] is None
    assert unit["gap"] == -24.5


def test_tasks_are_filtered_by_plan_year(city_task, jianning_token) -> None:
    assert _get("/tasks/?year=2018", jianning_token).json()["count"] == 1
    assert _get("/tasks/?year=2017", jianning_token).json()["count"] == 0


def test_a_county_plan_is_not_listed_for_the_sibling_county(
    tree, jianning_token, taining_token
) -> None:
    make_task(make_plan(tree.taining, "泰宁县2018年重点工作"), units=(tree.taining_town,))
    assert _get("/tasks/", taining_token).json()["count"] == 1
    assert _get("/tasks/", jianning_token).json()["count"] == 0


def test_a_county_token_reads_its_assignment_with_its_reports(
    tree, city_task, jianning_token
) -> None:
    mine = city_task.assignments.get(org=tree.jianning)
    body = _get(f"/assignments/{mine.pk}?as_of=2018-06-30", jianning_token).json()
    assert body["standing"]["gap"] == -19.5
    assert [(r["quarter"], r["state"], r["progress"]) for r in body["reports"]] == [
        (1, "submitted", 30.0)
    ]


def test_a_county_token_cannot_read_the_sibling_countys_assignment(
    tree, city_task, jianning_token
) -> None:
    theirs = city_task.assignments.get(org=tree.taining)
    response = _get(f"/assignments/{theirs.pk}", jianning_token)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_a_posted_report_is_submitted_and_waits_in_the_city_review_queue(
    tree, city_task, jianning_token, city_officer
) -> None:
    mine = city_task.assignments.get(org=tree.jianning)
    response = _post(f"/assignments/{mine.pk}/reports", jianning_token, _report_body())
    assert response.status_code == 201
    body = response.json()
    assert body["state"] == "submitted" and body["progress"] == 55.5
    report = QuarterlyReport.objects.get(pk=body["id"])
    assert [e.action for e in report.events.order_by("pk")] == ["saved", "submitted"]
    queue = client_for(city_officer).get("/supervision/review/").context["queue"]
    assert report in queue


def test_a_report_can_be_kept_as_a_draft(tree, city_task, jianning_token) -> None:
    mine = city_task.assignments.get(org=tree.jianning)
    body = _post(f"/assignments/{mine.pk}/reports", jianning_token, _report_body(submit=False))
    assert body.json()["state"] == "draft"


def test_a_submitted_report_cannot_be_posted_again(tree, city_task, jianning_token) -> None:
    mine = city_task.assignments.get(org=tree.jianning)
    first = _post(f"/assignments/{mine.pk}/reports", jianning_token, _report_body())
    assert first.status_code == 201
    again = _post(f"/assignments/{mine.pk}/reports", jianning_token, _report_body(progress=60))
    assert again.status_code == 422
    assert again.json()["error"]["message"] == "已报送的报告不能修改"
    assert QuarterlyReport.objects.get(assignment=mine, quarter=2).progress == 55.5


def test_a_returned_report_posted_again_is_resubmitted(
    tree, city_task, jianning_token, city_officer
) -> None:
    mine = city_task.assignments.get(org=tree.jianning)
    first = QuarterlyReport.objects.get(assignment=mine, quarter=1)
    actions.return_report(first, city_officer, "请补充数据")
    body = _post(
        f"/assignments/{mine.pk}/reports", jianning_token, _report_body(quarter=1, progress=35)
    ).json()
    assert body["state"] == ReportState.RESUBMITTED and body["progress"] == 35.0


def test_a_county_token_cannot_post_for_the_sibling_county(tree, city_task, jianning_token) -> None:
    theirs = city_task.assignments.get(org=tree.taining)
    response = _post(f"/assignments/{theirs.pk}/reports", jianning_token, _report_body())
    assert response.status_code == 404
    assert not QuarterlyReport.objects.filter(assignment=theirs, quarter=2).exists()


def test_another_unit_in_the_subtree_cannot_report_for_a_township(tree, jianning_token) -> None:
    task = make_task(make_plan(tree.jianning, "建宁县2018年重点工作"), units=(tree.jianning_town,))
    town = Assignment.objects.get(task=task)
    response = _post(f"/assignments/{town.pk}/reports", jianning_token, _report_body())
    assert response.status_code == 403
    assert "责任单位本单位" in response.json()["error"]["message"]


def test_a_submission_without_the_work_done_is_refused_and_leaves_no_draft(
    tree, city_task, jianning_token
) -> None:
    mine = city_task.assignments.get(org=tree.jianning)
    response = _post(f"/assignments/{mine.pk}/reports", jianning_token, _report_body(done_text=""))
    assert response.status_code == 422
    assert response.json()["error"] == {
        "code": "invalid",
        "message": "请填写已完成的工作",
        "field": "done_text",
    }
    assert not QuarterlyReport.objects.filter(assignment=mine, quarter=2).exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"quarter": 5}, "quarter"),
        ({"progress": 120}, "progress"),
        ({"progress": 33.33}, "progress"),
        ({"year": 1900}, "year"),
        ({"done_text": "含\x00控制字符"}, "done_text"),
    ],
)
def test_bad_input_gets_the_uniform_error_naming_the_field(
    tree, city_task, jianning_token, change: dict, field: str
) -> None:
    mine = city_task.assignments.get(org=tree.jianning)
    response = _post(f"/assignments/{mine.pk}/reports", jianning_token, _report_body(**change))
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid" and error["field"] == field and error["message"]


def test_a_future_quarter_is_refused_with_the_actions_message(
    tree, city_task, jianning_token
) -> None:
    mine = city_task.assignments.get(org=tree.jianning)
    response = _post(f"/assignments/{mine.pk}/reports", jianning_token, _report_body(year=2100))
    assert response.status_code == 422
    assert response.json()["error"] == {
        "code": "invalid",
        "message": "不能填报尚未开始的季度",
        "field": "quarter",
    }


def test_an_as_of_date_out_of_range_is_invalid_input(city_task, jianning_token) -> None:
    response = _get("/tasks/?as_of=0001-01-01", jianning_token)
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "as_of"


def test_a_revoked_token_reads_no_tasks(city_task, jianning_token) -> None:
    ApiToken.objects.update(revoked_at="2026-01-01T00:00:00Z")
    assert _get("/tasks/", jianning_token).status_code == 401


def test_the_task_list_reads_a_fixed_number_of_queries_whatever_the_page_holds(
    tree, city_task, jianning_token
) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert _get("/tasks/?as_of=2018-06-30", jianning_token).status_code == 200
        return len(captured)

    one = queries()
    for n in range(6):
        make_task(city_task.plan, f"任务{n}", units=(tree.jianning, tree.jianning_town))
    assert _get("/tasks/", jianning_token).json()["count"] == 7
    assert queries() == one
