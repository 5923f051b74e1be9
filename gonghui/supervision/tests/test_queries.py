"""The overview and the league table read a fixed number of queries, whatever the plan's size."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.conftest import client_for
from gonghui.supervision.models import (
    Area,
    Assignment,
    Measure,
    Milestone,
    QuarterlyReport,
    ReportState,
    Task,
    WorkPlan,
)
from gonghui.supervision.tests.helpers import make_plan

pytestmark = pytest.mark.django_db

BOUND = 25


def build(tree, n_tasks: int) -> None:  # type: ignore[no-untyped-def]
    plan = make_plan(tree.city)
    areas = [Area.objects.create(plan=plan, number=i, name=f"领域{i}") for i in range(1, 4)]
    units = [tree.jianning, tree.taining, tree.jianning_town]
    for i in range(n_tasks):
        measure = [Measure.REPORTED, Measure.MILESTONES, Measure.QUANTITY][i % 3]
        task = Task.objects.create(
            plan=plan,
            area=areas[i % 3],
            number=str(i + 1),
            title=f"任务{i + 1}",
            lead_leader=f"领导{i % 4}",
            lead_department=f"部室{i % 5}",
            start=date(2018, 1, 1),
            deadline=date(2018, 12, 31),
            measure=measure,
            target=Decimal(10),
            order=i,
        )
        assignments = Assignment.objects.bulk_create(
            [Assignment(task=task, org=org) for org in units]
        )
        reports, steps = [], []
        for a in assignments:
            for quarter, day, state in (
                (1, date(2018, 4, 3), ReportState.ACCEPTED),
                (2, date(2018, 6, 20), ReportState.SUBMITTED),
            ):
                reports.append(
                    QuarterlyReport(
                        assignment=a,
                        year=2018,
                        quarter=quarter,
                        progress=Decimal(20 * quarter + i % 7),
                        quantity=Decimal(quarter * 2),
                        state=state,
                        first_submitted_on=day,
                        submitted_on=day,
                        accepted_on=day if state == ReportState.ACCEPTED else None,
                    )
                )
            if measure == Measure.MILESTONES:
                steps.append(
                    Milestone(
                        assignment=a,
                        order=1,
                        title="方案",
                        due_on=date(2018, 3, 31),
                        done_on=date(2018, 3, 1),
                    )
                )
                steps.append(
                    Milestone(assignment=a, order=2, title="实施", due_on=date(2018, 9, 30))
                )
        QuarterlyReport.objects.bulk_create(reports)
        Milestone.objects.bulk_create(steps)
    # An indicator task too: its cost is per unit, not per task.
    task = Task.objects.create(
        plan=plan,
        title="信息报送",
        start=date(2018, 1, 1),
        deadline=date(2018, 12, 31),
        measure=Measure.INDICATOR,
        indicator_name="supervision.submissions",
        target=Decimal(24),
        order=999,
    )
    Assignment.objects.bulk_create([Assignment(task=task, org=org) for org in units])


def count_queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    cache.clear()  # the computing request, not the cached one, is what must stay bounded
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, {"as_of": "2018-06-30"})
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url_name", ["supervision:overview", "supervision:league"])
def test_queries_do_not_grow_with_the_plan(
    url_name: str, tree, city_officer, django_assert_max_num_queries
) -> None:
    client = client_for(city_officer)
    url = reverse(url_name)
    client.get(url, {"as_of": "2018-06-30"})  # warm the session
    build(tree, 3)
    small = count_queries(client, url)
    WorkPlan.objects.all().delete()
    build(tree, 30)
    cache.clear()
    with django_assert_max_num_queries(BOUND):
        response = client.get(url, {"as_of": "2018-06-30"})
    assert response.status_code == 200
    large = count_queries(client, url)
    assert large == small, f"{url_name}: {small} queries with 3 tasks, {large} with 30"
    assert small <= BOUND
