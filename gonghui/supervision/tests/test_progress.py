"""Progress as of a date, from reports, milestones, quantities and indicators; roll-up."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from gonghui.orgs.models import Headcount
from gonghui.supervision import actions, schedule
from gonghui.supervision.models import Assignment, InfoSubmission, Measure, Milestone, Task
from gonghui.supervision.progress import assess_assignments, summarize_tasks
from gonghui.supervision.tests.helpers import MID_YEAR, make_plan, make_task, submitted

pytestmark = pytest.mark.django_db


def standing(assignment: Assignment, as_of: date) -> schedule.Assessment:
    (unit,) = assess_assignments(Assignment.objects.filter(pk=assignment.pk), as_of)
    return unit.assessment


def test_the_latest_submitted_report_counts_as_of_each_date(tree, jianning_officer) -> None:
    task = make_task(make_plan(tree.city), units=(tree.jianning,))
    a = task.assignments.get()
    submitted(a, jianning_officer, 1, 20, date(2018, 4, 3))
    submitted(a, jianning_officer, 2, 30, date(2018, 6, 25))
    assert standing(a, date(2018, 4, 1)).actual == 0.0
    assert standing(a, date(2018, 4, 3)).actual == pytest.approx(0.2)
    mid = standing(a, MID_YEAR)
    assert mid.actual == pytest.approx(0.3)
    assert mid.status is schedule.Status.BEHIND  # 30% against ~49.6%
    assert mid.colour is schedule.Colour.RED


def test_drafts_and_returned_reports_do_not_count(tree, jianning_officer, city_officer) -> None:
    task = make_task(make_plan(tree.city), units=(tree.jianning,))
    a = task.assignments.get()
    report = submitted(a, jianning_officer, 2, 60, date(2018, 6, 20))
    actions.return_report(report, city_officer, "数字不实", on=date(2018, 6, 21))
    assert standing(a, MID_YEAR).actual == 0.0


def test_done_needs_a_full_report_accepted_by_the_date(
    tree, jianning_officer, city_officer
) -> None:
    task = make_task(make_plan(tree.city), units=(tree.jianning,), deadline=date(2018, 6, 30))
    a = task.assignments.get()
    report = submitted(a, jianning_officer, 2, 100, date(2018, 6, 20))
    assert standing(a, date(2018, 6, 21)).status is not schedule.Status.DONE
    actions.accept_report(report, city_officer, on=date(2018, 6, 22))
    assert standing(a, date(2018, 6, 21)).status is not schedule.Status.DONE
    assert standing(a, date(2018, 6, 22)).status is schedule.Status.DONE
    assert standing(a, date(2018, 12, 31)).status is schedule.Status.DONE


def test_milestones_drive_both_lines(tree) -> None:
    task = make_task(make_plan(tree.city), units=(tree.jianning,), measure=Measure.MILESTONES)
    a = task.assignments.get()
    Milestone.objects.create(
        assignment=a,
        order=1,
        title="方案",
        weight=1,
        due_on=date(2018, 3, 31),
        done_on=date(2018, 3, 20),
    )
    Milestone.objects.create(
        assignment=a, order=2, title="实施", weight=3, due_on=date(2018, 9, 30)
    )
    result = standing(a, MID_YEAR)
    assert result.expected == 0.25
    assert result.actual == 0.25
    assert result.status is schedule.Status.ON_TRACK


def test_a_quantity_against_the_units_own_target(tree, jianning_officer) -> None:
    task = make_task(
        make_plan(tree.city), units=(tree.jianning,), measure=Measure.QUANTITY, target=Decimal(120)
    )
    a = task.assignments.get()
    a.target = Decimal(40)
    a.save()
    submitted(a, jianning_officer, 2, 0, date(2018, 6, 20), quantity=Decimal(20))
    assert standing(a, MID_YEAR).actual == 0.5


def test_an_indicator_task_reads_the_registry(tree) -> None:
    """The hook for other modules: progress is an indicator's value ÷ the unit's target."""
    task = make_task(
        make_plan(tree.city),
        units=(tree.jianning,),
        measure=Measure.INDICATOR,
        indicator_name="supervision.submissions",
        target=Decimal(10),
    )
    a = task.assignments.get()
    for day in (date(2018, 2, 1), date(2018, 5, 1), date(2018, 8, 1)):
        InfoSubmission.objects.create(
            org=tree.jianning_union, submitted_on=day, title="信息", channel="website"
        )
    assert standing(a, MID_YEAR).actual == pytest.approx(0.2)
    assert standing(a, date(2018, 9, 1)).actual == pytest.approx(0.3)


def test_an_indicator_from_another_module_works_the_same(tree) -> None:
    task = make_task(
        make_plan(tree.city),
        units=(tree.jianning,),
        measure=Measure.INDICATOR,
        indicator_name="orgs.members",
        target=Decimal(200),
    )
    Headcount.objects.create(org=tree.jianning_union, reported_on=date(2018, 3, 1), members=150)
    assert standing(task.assignments.get(), MID_YEAR).actual == 0.75


def test_a_task_with_an_unknown_indicator_is_invalid(tree) -> None:
    task = Task(
        plan=make_plan(tree.city),
        title="x",
        start=date(2018, 1, 1),
        deadline=date(2018, 12, 31),
        measure=Measure.INDICATOR,
        indicator_name="nope.nothing",
        target=Decimal(1),
    )
    with pytest.raises(Exception, match="指标"):
        task.full_clean()


def test_a_monthly_curve_replaces_the_straight_line(tree, jianning_officer) -> None:
    shares = [0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.85, 1.0]
    task = make_task(make_plan(tree.city), units=(tree.jianning,), curve=shares)
    a = task.assignments.get()
    submitted(a, jianning_officer, 2, 25, date(2018, 6, 20))
    result = standing(a, MID_YEAR)
    assert result.expected == pytest.approx(0.3)
    assert result.status is schedule.Status.LAGGING


def test_sub_tasks_roll_up_into_their_parent(tree, jianning_officer, taining_officer, city_officer):  # type: ignore[no-untyped-def]
    plan = make_plan(tree.city)
    parent = make_task(plan, "下半年帮扶工作")
    first = make_task(plan, "金秋助学", units=(tree.jianning,), parent=parent, weight=1)
    second = make_task(plan, "冬送温暖", units=(tree.taining,), parent=parent, weight=3)
    submitted(first.assignments.get(), jianning_officer, 2, 80, date(2018, 6, 20))
    submitted(second.assignments.get(), taining_officer, 2, 40, date(2018, 6, 20))
    tasks = list(Task.objects.filter(plan=plan).select_related("plan"))
    units = assess_assignments(Assignment.objects.filter(task__plan=plan), MID_YEAR)
    summary = summarize_tasks(tasks, units, MID_YEAR)
    assert summary[parent.pk].assessment.actual == pytest.approx((0.8 * 1 + 0.4 * 3) / 4)
    assert [s.task for s in summary[parent.pk].subtasks] == [first, second]
    assert not summary[parent.pk].done


def test_no_follow_up_means_no_report_since_the_last_period(tree, jianning_officer) -> None:
    task = make_task(make_plan(tree.city), units=(tree.jianning, tree.taining))
    jianning = task.assignments.get(org=tree.jianning)
    submitted(jianning, jianning_officer, 1, 20, date(2018, 4, 3))
    units = {
        u.assignment.org_id: u
        for u in assess_assignments(Assignment.objects.filter(task=task), MID_YEAR)
    }
    assert not units[tree.jianning.pk].no_follow_up  # a first-quarter report counts at mid-year
    assert units[tree.taining.pk].no_follow_up
    later = {
        u.assignment.org_id: u
        for u in assess_assignments(Assignment.objects.filter(task=task), date(2018, 7, 10))
    }
    assert later[tree.jianning.pk].no_follow_up  # by July the second quarter is the last period
